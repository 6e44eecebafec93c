package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Version is a parsed semantic version.
type Version struct {
	Major, Minor, Patch int
	Pre                 string // pre-release without the leading '-'; "" if none
}

// ErrInvalidVersion matches (errors.Is) every error ParseVersion returns.
var ErrInvalidVersion = errors.New("invalid version")

// Causes of a ParseError that are not strconv's.
var (
	errMissing     = errors.New("missing")
	errNotNumber   = errors.New("not a decimal number")
	errLeadingZero = errors.New("leading zero")
	errEmptyID     = errors.New("empty identifier")
	errBadChar     = errors.New("invalid character")
	errExtraParts  = errors.New("unexpected parts after the patch number")
)

// ParseError tells which part of a version is malformed and why.
type ParseError struct {
	Input string // the whole input
	Part  string // "major", "minor", "patch" or "prerelease"
	Err   error  // the cause, e.g. a *strconv.NumError
}

// Error describes the problem, quoting the input.
func (e *ParseError) Error() string {
	return fmt.Sprintf("invalid version %q: %s: %v", e.Input, e.Part, e.Err)
}

// Unwrap returns the cause, so that errors.Is and errors.As look at it too.
func (e *ParseError) Unwrap() error { return e.Err }

// Is reports whether target is ErrInvalidVersion, which every ParseError matches.
func (e *ParseError) Is(target error) bool { return target == ErrInvalidVersion }

// partNames name the numeric parts of a version, in order.
var partNames = [...]string{"major", "minor", "patch"}

// ParseVersion parses MAJOR.MINOR.PATCH, optionally preceded by "v" and followed by
// "-PRERELEASE". Numbers are decimal, without sign or leading zero; the pre-release is a
// dot-separated list of non-empty identifiers made of [0-9A-Za-z-]. Every error is a
// *ParseError.
func ParseVersion(s string) (Version, error) {
	fail := func(part string, err error) (Version, error) {
		return Version{}, &ParseError{Input: s, Part: part, Err: err}
	}
	core, pre, hasPre := strings.Cut(strings.TrimPrefix(s, "v"), "-")
	fields := strings.Split(core, ".")
	var nums [len(partNames)]int
	for i, part := range partNames {
		if i >= len(fields) {
			return fail(part, errMissing)
		}
		n, err := parseNumber(fields[i])
		if err != nil {
			return fail(part, err)
		}
		nums[i] = n
	}
	if len(fields) > len(partNames) {
		return fail("patch", errExtraParts)
	}
	if hasPre {
		if err := checkPrerelease(pre); err != nil {
			return fail("prerelease", err)
		}
	}
	return Version{Major: nums[0], Minor: nums[1], Patch: nums[2], Pre: pre}, nil
}

// parseNumber parses a decimal number without sign or leading zero; an overflow is
// reported by strconv (a *strconv.NumError wrapping strconv.ErrRange).
func parseNumber(s string) (int, error) {
	switch {
	case !isNumeric(s):
		return 0, errNotNumber
	case len(s) > 1 && s[0] == '0':
		return 0, errLeadingZero
	}
	return strconv.Atoi(s)
}

// checkPrerelease validates the dot-separated identifiers of a pre-release.
func checkPrerelease(pre string) error {
	for _, id := range strings.Split(pre, ".") {
		switch {
		case id == "":
			return errEmptyID
		case strings.IndexFunc(id, func(r rune) bool { return !isIdentRune(r) }) >= 0:
			return fmt.Errorf("%w in %q", errBadChar, id)
		case isNumeric(id) && len(id) > 1 && id[0] == '0':
			return fmt.Errorf("%w in %q", errLeadingZero, id)
		}
	}
	return nil
}

// isNumeric reports whether s is a non-empty run of ASCII digits.
func isNumeric(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func isIdentRune(r rune) bool {
	return '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '-'
}

// Compare returns -1, 0 or +1 as v has lower, equal or higher precedence than w.
// Numbers compare numerically; a pre-release is lower than its release; pre-release
// identifiers compare one by one (numbers numerically and below words, words in ASCII
// order), and of two lists that agree as far as the shorter goes, the shorter is lower.
func (v Version) Compare(w Version) int {
	if c := compareInts(v.Major, w.Major); c != 0 {
		return c
	}
	if c := compareInts(v.Minor, w.Minor); c != 0 {
		return c
	}
	if c := compareInts(v.Patch, w.Patch); c != 0 {
		return c
	}
	switch {
	case v.Pre == w.Pre:
		return 0
	case v.Pre == "":
		return 1
	case w.Pre == "":
		return -1
	}
	a, b := strings.Split(v.Pre, "."), strings.Split(w.Pre, ".")
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := compareIdentifiers(a[i], b[i]); c != 0 {
			return c
		}
	}
	return compareInts(len(a), len(b))
}

// compareIdentifiers orders two pre-release identifiers.
func compareIdentifiers(a, b string) int {
	aNum, bNum := isNumeric(a), isNumeric(b)
	switch {
	case aNum && bNum:
		// without leading zeros, a longer number is a larger one
		if c := compareInts(len(a), len(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	case aNum:
		return -1
	case bNum:
		return 1
	default:
		return strings.Compare(a, b)
	}
}

func compareInts(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	default:
		return 0
	}
}
