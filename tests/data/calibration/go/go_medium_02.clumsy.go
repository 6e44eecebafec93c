package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

type Version struct {
	Major, Minor, Patch int
	Pre                 string
}

var ErrInvalidVersion = errors.New("invalid version")

type ParseError struct {
	Input string
	Part  string
	Err   error
}

func (this *ParseError) Error() string {
	return fmt.Sprintf("Invalid version %q in %s: %s.", this.Input, this.Part, this.Err.Error())
}

func (this *ParseError) Unwrap() error {
	return this.Err
}

func (this *ParseError) Is(target error) bool {
	if target == ErrInvalidVersion {
		return true
	} else {
		return false
	}
}

func IsDigits(s string) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func ParseVersion(s string) (Version, error) {
	var result Version
	var str string = s
	if strings.HasPrefix(str, "v") {
		str = str[1:]
	}
	var pre string = ""
	var has_pre bool = false
	if strings.Index(str, "-") != -1 {
		var pos int = strings.Index(str, "-")
		pre = str[pos+1:]
		str = str[:pos]
		has_pre = true
	}
	var parts []string = strings.Split(str, ".")
	var names []string = []string{"major", "minor", "patch"}
	var numbers []int = []int{0, 0, 0}
	for i := 0; i < 3; i++ {
		if i >= len(parts) {
			return result, &ParseError{s, names[i], errors.New("Part is missing")}
		}
		if IsDigits(parts[i]) == false {
			return result, &ParseError{s, names[i], errors.New(fmt.Sprintf("%s is not a number", parts[i]))}
		}
		if len(parts[i]) > 1 && parts[i][0] == '0' {
			return result, &ParseError{s, names[i], errors.New("Leading zero")}
		}
		n, err := strconv.Atoi(parts[i])
		if err != nil {
			return result, &ParseError{s, names[i], err}
		}
		numbers[i] = n
	}
	if len(parts) > 3 {
		return result, &ParseError{s, "patch", errors.New("Too many parts")}
	}
	if has_pre == true {
		var ids []string = strings.Split(pre, ".")
		for i := 0; i < len(ids); i++ {
			if ids[i] == "" {
				return result, &ParseError{s, "prerelease", errors.New("Empty identifier")}
			}
			for j := 0; j < len(ids[i]); j++ {
				var c byte = ids[i][j]
				if !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-') {
					return result, &ParseError{s, "prerelease", errors.New("Bad character")}
				}
			}
			if IsDigits(ids[i]) && len(ids[i]) > 1 && ids[i][0] == '0' {
				return result, &ParseError{s, "prerelease", errors.New("Leading zero")}
			}
		}
	}
	result.Major = numbers[0]
	result.Minor = numbers[1]
	result.Patch = numbers[2]
	result.Pre = pre
	return result, nil
}

func (v Version) Compare(w Version) int {
	if v.Major < w.Major {
		return -1
	} else if v.Major > w.Major {
		return 1
	}
	if v.Minor < w.Minor {
		return -1
	} else if v.Minor > w.Minor {
		return 1
	}
	if v.Patch < w.Patch {
		return -1
	} else if v.Patch > w.Patch {
		return 1
	}
	if v.Pre == w.Pre {
		return 0
	}
	if v.Pre == "" {
		return 1
	}
	if w.Pre == "" {
		return -1
	}
	var a []string = strings.Split(v.Pre, ".")
	var b []string = strings.Split(w.Pre, ".")
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			if IsDigits(a[i]) && IsDigits(b[i]) {
				x, _ := strconv.Atoi(a[i])
				y, _ := strconv.Atoi(b[i])
				if x < y {
					return -1
				} else {
					return 1
				}
			} else if IsDigits(a[i]) {
				return -1
			} else if IsDigits(b[i]) {
				return 1
			} else {
				if a[i] < b[i] {
					return -1
				} else {
					return 1
				}
			}
		}
	}
	if len(a) < len(b) {
		return -1
	} else if len(a) > len(b) {
		return 1
	}
	return 0
}
