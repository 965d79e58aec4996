package translit

import "unicode/utf8"

// Script tells which script a text is mostly written in.
type Script int

const (
	ScriptNone Script = iota
	ScriptLatin
	ScriptCyrillic
)

func (s Script) String() string {
	switch s {
	case ScriptLatin:
		return "Latin"
	case ScriptCyrillic:
		return "Cyrillic"
	}
	return "None"
}

// DetectScript returns the script of the majority of the letters of s.
// Digits, punctuation and letters of other scripts do not vote. It returns
// ScriptNone when s has no Latin or Cyrillic letter and when the two are
// tied, since callers use the answer to pick a transliteration direction and
// a tie gives no reason to prefer either.
func DetectScript(s string) Script {
	latin, cyrillic := 0, 0
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if uint32(r|0x20)-'a' < 26 {
				latin++
			}
		case r >= 0x400 && r < 0x460:
			cyrillic++
		case r < 0x250:
			if r >= 0xC0 && r != 0xD7 && r != 0xF7 {
				latin++
			}
		case isLatinLetter(r):
			latin++
		case isCyrillicLetter(r):
			cyrillic++
		}
	}
	switch {
	case latin > cyrillic:
		return ScriptLatin
	case cyrillic > latin:
		return ScriptCyrillic
	}
	return ScriptNone
}
