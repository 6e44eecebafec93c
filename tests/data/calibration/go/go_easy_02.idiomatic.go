package main

import (
	"errors"
	"fmt"
	"strings"
)

// ErrDuplicateKey is wrapped by the error for a key that appears twice.
var ErrDuplicateKey = errors.New("duplicate key")

// SyntaxError describes a malformed line.
type SyntaxError struct {
	Line int    // 1-based line number
	Msg  string // what is wrong
}

// Error reports the line and what is wrong with it, as in "line 3: missing '='".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// ParseConfig reads "key = value" lines into a map. Blank lines and lines starting with
// '#' are skipped; keys and values are trimmed, and a value may itself contain '='.
// A malformed line gives a *SyntaxError, a key seen twice an error wrapping
// ErrDuplicateKey.
func ParseConfig(text string) (map[string]string, error) {
	config := make(map[string]string)
	for i, line := range strings.Split(text, "\n") {
		lineNo := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, found := strings.Cut(line, "=")
		if !found {
			return nil, &SyntaxError{Line: lineNo, Msg: "missing '='"}
		}
		key = strings.TrimSpace(key)
		if msg := checkKey(key); msg != "" {
			return nil, &SyntaxError{Line: lineNo, Msg: msg}
		}
		if _, dup := config[key]; dup {
			return nil, fmt.Errorf("line %d: key %q: %w", lineNo, key, ErrDuplicateKey)
		}
		config[key] = strings.TrimSpace(value)
	}
	return config, nil
}

// checkKey returns what is wrong with key, or "" if it is a valid key: a non-empty run of
// ASCII letters, digits, '_', '.' and '-'.
func checkKey(key string) string {
	if key == "" {
		return "empty key"
	}
	for _, r := range key {
		if !isKeyRune(r) {
			return fmt.Sprintf("invalid character %q in key %q", r, key)
		}
	}
	return ""
}

func isKeyRune(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return true
	default:
		return r == '_' || r == '.' || r == '-'
	}
}
