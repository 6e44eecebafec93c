package main

import (
	"errors"
	"fmt"
	"strings"
)

var ErrDuplicateKey = errors.New("duplicate key")

type SyntaxError struct {
	Line int
	Msg  string
}

func (this *SyntaxError) Error() string {
	return fmt.Sprintf("line %d: %s", this.Line, this.Msg)
}

func ParseConfig(text string) (map[string]string, error) {
	var result = make(map[string]string)
	var all_lines []string = strings.Split(text, "\n")
	for i := 0; i < len(all_lines); i++ {
		var line string = strings.TrimSpace(all_lines[i])
		if len(line) > 0 {
			if line[0] != '#' {
				if strings.Index(line, "=") != -1 {
					var idx int = strings.Index(line, "=")
					var key string = strings.TrimSpace(line[0:idx])
					var val string = strings.TrimSpace(line[idx+1 : len(line)])
					if key == "" {
						return nil, &SyntaxError{i + 1, "Key is empty!"}
					}
					for j := 0; j < len(key); j++ {
						var ok bool = false
						if key[j] >= 'a' && key[j] <= 'z' {
							ok = true
						}
						if key[j] >= 'A' && key[j] <= 'Z' {
							ok = true
						}
						if key[j] >= '0' && key[j] <= '9' {
							ok = true
						}
						if key[j] == '_' || key[j] == '.' || key[j] == '-' {
							ok = true
						}
						if ok == false {
							return nil, &SyntaxError{i + 1, "Bad key."}
						}
					}
					_, exists := result[key]
					if exists == true {
						return nil, fmt.Errorf("Key %s is there twice (line %d): %w.", key, i+1, ErrDuplicateKey)
					}
					result[key] = val
				} else {
					return nil, &SyntaxError{i + 1, "No = in line"}
				}
			}
		}
	}
	return result, nil
}
