package main

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ellipsis replaces the text cut off by Truncate.
const ellipsis = "…"

// Truncate shortens s for display to at most maxRunes runes. Text that fits is returned
// as it is; longer text keeps its first maxRunes-1 runes, minus any trailing white space,
// and ends with an ellipsis. Truncate returns "" when maxRunes is zero or negative.
func Truncate(s string, maxRunes int) string {
	if maxRunes <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	kept := 0
	for i := range s { // i is the byte offset of each rune
		if kept == maxRunes-1 {
			s = s[:i]
			break
		}
		kept++
	}
	return strings.TrimRightFunc(s, unicode.IsSpace) + ellipsis
}
