package translit

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// The helpers below answer the Unicode questions the transliterators ask for
// every rune. Almost all input is ASCII, Latin-1/Latin Extended or basic
// Cyrillic, so those ranges are answered inline and only the rest falls back
// to the unicode tables, which cost several times more per rune.

func isLetter(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return (r|0x20) >= 'a' && (r|0x20) <= 'z'
	case r >= 0x400 && r < 0x460:
		return true
	case r >= 0xC0 && r < 0x250:
		return r != 0xD7 && r != 0xF7
	}
	return unicode.IsLetter(r)
}

func isUpper(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r >= 'A' && r <= 'Z'
	case r >= 0x400 && r < 0x430:
		return true
	case r >= 0x430 && r < 0x460:
		return false
	}
	return unicode.IsUpper(r)
}

func isLower(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r >= 'a' && r <= 'z'
	case r >= 0x400 && r < 0x430:
		return false
	case r >= 0x430 && r < 0x460:
		return true
	}
	return unicode.IsLower(r)
}

// isLatinLetter reports a letter of the Latin script.
func isLatinLetter(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return (r|0x20) >= 'a' && (r|0x20) <= 'z'
	case r >= 0xC0 && r < 0x250:
		return r != 0xD7 && r != 0xF7
	case r >= 0x400 && r < 0x530:
		return false
	}
	return unicode.Is(unicode.Latin, r)
}

// isCyrillicLetter reports a letter of the Cyrillic script.
func isCyrillicLetter(r rune) bool {
	switch {
	case r < 0x400:
		return false
	case r < 0x460:
		return true
	}
	return unicode.Is(unicode.Cyrillic, r) && unicode.IsLetter(r)
}

// isMark reports a non-spacing combining mark (an accent typed separately).
func isMark(r rune) bool {
	return r >= 0x300 && unicode.Is(unicode.Mn, r)
}

// validUTF8 replaces invalid byte sequences so that the transliterators
// always return valid UTF-8, even for text cut mid-character by a client.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// appendVerbatim appends the encoding enc of r unchanged, or U+FFFD when
// enc is an invalid byte, so that output is always valid UTF-8.
func appendVerbatim(out []byte, enc string, r rune) []byte {
	if r == utf8.RuneError && len(enc) == 1 {
		return append(out, "\uFFFD"...)
	}
	return append(out, enc...)
}

// ownedString turns a buffer the caller will never touch again into a
// string without copying it, as strings.Builder does; it halves the
// allocations of the per-record hot path.
func ownedString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// decodeRune is utf8.DecodeRuneInString with the two-byte sequences of
// Latin Extended and Cyrillic decoded without a further call.
func decodeRune(s string) (rune, int) {
	if len(s) > 1 {
		if c0 := s[0]; c0 < utf8.RuneSelf {
			return rune(c0), 1
		} else if c0-0xC2 < 0x1E && s[1]^0x80 < 0x40 {
			return rune(c0&0x1F)<<6 | rune(s[1]^0x80), 2
		}
	}
	return utf8.DecodeRuneInString(s)
}

// firstToConvert finds the first letter a converter changes, or the first invalid byte (which the
// converter replaces), so text with nothing to convert is returned without a copy; validating
// separately would cost another pass.
func firstToConvert(s string, converts func(rune) bool) int {
	for i := 0; i < len(s); {
		r, size := decodeRune(s[i:])
		if converts(r) || r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}
