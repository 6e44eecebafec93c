package main

import "unicode"

func Truncate(s string, maxRunes int) string {
	if maxRunes <= 0 {
		return ""
	}
	var runes []rune = []rune(s)
	if len(runes) <= maxRunes {
		return s
	} else {
		var result []rune = []rune{}
		for i := 0; i < maxRunes-1; i++ {
			result = append(result, runes[i])
		}
		// remove the spaces at the end
		for len(result) > 0 {
			if unicode.IsSpace(result[len(result)-1]) == true {
				result = result[0 : len(result)-1]
			} else {
				break
			}
		}
		var Result_String string = string(result)
		Result_String = Result_String + "…"
		return Result_String
	}
}
