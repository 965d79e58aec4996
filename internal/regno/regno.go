// Package regno checks the national registration numbers that organisations in the directory
// carry, so a typo is caught when the number is entered rather than when two records of the same
// company fail to merge.
//
// What is checked, and why only that:
//
//   - Serbia, matični broj (MB): 8 digits, the last a mod-11 check digit over the first seven with
//     weights 2,7,6,5,4,3,2 (the cyclic 2–7 weights counted from the right). Legal entities and
//     entrepreneurs (whose MB begins with 6) share the rule, so both are accepted as "rs-mb".
//     The check digit is 11 minus the remainder, and the two-digit results (remainder 0 or 1)
//     both give 0: numbers issued with remainder 1 and check digit 0 exist (testdata/known.tsv).
//   - Serbia, PIB: 9 digits, ISO 7064 MOD 11,10. A PIB is also the Serbian VAT number, so an "RS"
//     prefix is accepted.
//   - Bulgaria, EIK/BULSTAT: 9 digits (weights 1–8, mod 11; a remainder of 10 is recomputed with
//     weights 3–10; a second 10 becomes 0) or 13 digits for branches (the first nine valid, then
//     digits 9–12 with weights 2,7,3,5, falling back to 4,9,5,7, a final 10 becoming 0).
//     The 10-digit numbers Bulgarian sole practitioners register under are personal identity
//     numbers; the directory does not hold them, so they are rejected as the wrong length.
//   - Any other country: only a plausibility check (4–20 letters or digits after Normalize),
//     because the platform cannot know every register's rules.
//
// Problems are reported as catalog keys with name/value arguments, never as text, so the web
// layer can show them in the reader's language.
package regno

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind of number recognised. It is stored beside the number, so the values are stable.
type Kind string

const (
	RSMB    Kind = "rs-mb"    // Serbian matični broj (legal entity or entrepreneur)
	RSPIB   Kind = "rs-pib"   // Serbian tax identification number
	BGEIK9  Kind = "bg-eik9"  // Bulgarian EIK/BULSTAT of a legal entity or sole trader
	BGEIK13 Kind = "bg-eik13" // Bulgarian EIK/BULSTAT of a branch
	Other   Kind = "other"    // another country's number, checked for plausibility only
)

// Classes of problem, for callers that branch on the class rather than the exact key:
// errors.Is(err, regno.ErrChecksum).
var (
	ErrEmpty    = errors.New("empty registration number")
	ErrCountry  = errors.New("invalid country code")
	ErrFormat   = errors.New("invalid characters")
	ErrLength   = errors.New("invalid length")
	ErrChecksum = errors.New("check digit mismatch")
)

// Catalog keys. Kept together so the catalog file and the code cannot drift apart unnoticed:
// the tests compare this list with every key Validate can produce.
const (
	KeyEmpty         = "regno.empty"
	KeyCountry       = "regno.invalid_country"
	KeyFormat        = "regno.invalid_format"
	KeyRSLength      = "regno.rs.length"
	KeyBGLength      = "regno.bg.length"
	KeyOtherFormat   = "regno.other.format"
	KeyRSMBChecksum  = "regno.rs.mb.checksum"
	KeyRSPIBChecksum = "regno.rs.pib.checksum"
	KeyBGEIK9Sum     = "regno.bg.eik9.checksum"
	KeyBGEIK13Sum    = "regno.bg.eik13.checksum"
)

// Keys lists every catalog key this package can report; the length keys are plural entries
// whose count argument is "n".
var Keys = []string{
	KeyEmpty, KeyCountry, KeyFormat, KeyRSLength, KeyBGLength, KeyOtherFormat,
	KeyRSMBChecksum, KeyRSPIBChecksum, KeyBGEIK9Sum, KeyBGEIK13Sum,
}

// Label is the catalog key naming a kind for people ("regno.kind.rs-pib"), for forms and
// record pages that show which number an organisation gave.
func (k Kind) Label() string { return "regno.kind." + string(k) }

// Error is a problem with a number: a class (one of the Err… values), a catalog key and the
// key's arguments as name/value pairs.
type Error struct {
	class error
	key   string
	args  []any
}

// Key is the catalog key of the user's message.
func (e *Error) Key() string { return e.key }

// Args are the message's arguments as name/value pairs ("number", "123", …).
func (e *Error) Args() []any { return append([]any(nil), e.args...) }

// Error is for logs; users see the catalog text.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("regno: ")
	b.WriteString(e.class.Error())
	b.WriteString(" (")
	b.WriteString(e.key)
	for i := 0; i+1 < len(e.args); i += 2 {
		fmt.Fprintf(&b, " %v=%q", e.args[i], fmt.Sprint(e.args[i+1]))
	}
	b.WriteString(")")
	return b.String()
}

// Is reports the class, so errors.Is(err, ErrChecksum) works.
func (e *Error) Is(target error) bool { return e.class == target }

// Unwrap exposes the class to errors.Is chains that wrap this error further.
func (e *Error) Unwrap() error { return e.class }

func fail(class error, key string, args ...any) *Error {
	return &Error{class: class, key: key, args: args}
}

// Normalize strips spaces, dots, dashes and an optional country prefix ("RS", "BG" as in VAT
// numbers) and upper-cases ASCII letters. The prefix is removed only when digits alone remain,
// so an alphanumeric number of another country that happens to start with those letters keeps
// them, and Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '.', isDash(r):
			continue
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	if len(out) > 2 && (strings.HasPrefix(out, "RS") || strings.HasPrefix(out, "BG")) && allDigits(out[2:]) {
		out = out[2:]
	}
	return out
}

// isDash covers the hyphen-minus people type and the dashes word processors put in its place.
func isDash(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE63', '\uFF0D':
		return true
	}
	return false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Validate checks a number for a country (ISO 3166 alpha-2, any case). For "RS" and "BG" the
// length decides which number it is and the check digit must hold; for any other country the
// number must be 4–20 letters or digits and Kind is Other. On failure the error is an *Error.
func Validate(country, s string) (Kind, error) {
	c := strings.ToUpper(strings.TrimSpace(country))
	if len(c) != 2 || !isASCIILetter(c[0]) || !isASCIILetter(c[1]) {
		return "", fail(ErrCountry, KeyCountry, "country", country)
	}
	n := Normalize(s)
	if n == "" {
		return "", fail(ErrEmpty, KeyEmpty)
	}
	switch c {
	case "RS":
		return validateRS(n)
	case "BG":
		return validateBG(n)
	}
	return validateOther(n)
}

func isASCIILetter(b byte) bool { return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') }

func validateRS(n string) (Kind, error) {
	if !allDigits(n) {
		return "", fail(ErrFormat, KeyFormat, "number", n)
	}
	switch len(n) {
	case 8:
		if d, _ := CheckDigitRSMB(n[:7]); d != n[7] {
			return "", fail(ErrChecksum, KeyRSMBChecksum, "number", n)
		}
		return RSMB, nil
	case 9:
		if d, _ := CheckDigitRSPIB(n[:8]); d != n[8] {
			return "", fail(ErrChecksum, KeyRSPIBChecksum, "number", n)
		}
		return RSPIB, nil
	}
	return "", fail(ErrLength, KeyRSLength, "number", n, "n", len(n))
}

func validateBG(n string) (Kind, error) {
	if !allDigits(n) {
		return "", fail(ErrFormat, KeyFormat, "number", n)
	}
	switch len(n) {
	case 9:
		if d, _ := CheckDigitBGEIK9(n[:8]); d != n[8] {
			return "", fail(ErrChecksum, KeyBGEIK9Sum, "number", n)
		}
		return BGEIK9, nil
	case 13:
		// A branch number is only as good as the company number it extends, and users need to
		// know which of the two parts is wrong.
		if d, _ := CheckDigitBGEIK9(n[:8]); d != n[8] {
			return "", fail(ErrChecksum, KeyBGEIK9Sum, "number", n[:9])
		}
		if d, _ := CheckDigitBGEIK13(n[:12]); d != n[12] {
			return "", fail(ErrChecksum, KeyBGEIK13Sum, "number", n)
		}
		return BGEIK13, nil
	}
	return "", fail(ErrLength, KeyBGLength, "number", n, "n", len(n))
}

func validateOther(n string) (Kind, error) {
	count := utf8.RuneCountInString(n)
	if count < 4 || count > 20 {
		return "", fail(ErrLength, KeyOtherFormat, "number", n)
	}
	for _, r := range n {
		if r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return "", fail(ErrFormat, KeyOtherFormat, "number", n)
		}
	}
	return Other, nil
}
