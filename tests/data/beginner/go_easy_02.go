package main

import (
	"errors"
	"fmt"
	"strings"
)

// error for keys that are there twice
var ErrDuplicateKey = errors.New("duplicate key")

// the error for a bad line
type SyntaxError struct {
	Line int
	Msg  string
}

// returns the error message
func (this *SyntaxError) Error() string {
	return fmt.Sprintf("line %d: %s", this.Line, this.Msg)
}

// this function parses the config text
func ParseConfig(text string) (map[string]string, error) {
    var result map[string]string
    result = make(map[string]string)
    var lines []string = strings.Split(text, "\n")
    for i := 0; i < len(lines); i++ {
        var line_text string = strings.TrimSpace(lines[i])
        if line_text == "" { continue }
        if strings.HasPrefix(line_text, "#") == true { continue }
        if strings.Index(line_text, "=") == -1 {
            return nil, &SyntaxError{i + 1, "missing '='"}
        }
        var pos int = strings.Index(line_text, "=")
        var key string = strings.TrimSpace(line_text[0:pos])
        var value string = strings.TrimSpace(line_text[pos+1:])
        if key == "" {
            return nil, &SyntaxError{i + 1, "empty key"}
        }
        for j := 0; j < len(key); j++ {
            var c byte = key[j]
            if c >= 'a' && c <= 'z' {
            } else if c >= 'A' && c <= 'Z' {
            } else if c >= '0' && c <= '9' {
            } else if c == '_' || c == '.' || c == '-' {
            } else {
                return nil, &SyntaxError{i + 1, "Bad character in key"}
            }
        }
        _, found := result[key]
        if found == true {
            return nil, fmt.Errorf("Line %d: key %s: %w.", i+1, key, ErrDuplicateKey)
        }
        result[key] = value
    }
    return result, nil
}
