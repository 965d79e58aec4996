package translit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// bulgarianLatin is the table of Art. 4 of the 2009 Transliteration Act
// (Streamlined System), lower case. ѝ is not in the Act; it is the stressed
// form of и and is written i.
var bulgarianLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n",
	'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f",
	'х': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "sht", 'ъ': "a", 'ь': "y",
	'ю': "yu", 'я': "ya", 'ѝ': "i",
}

var (
	bgLatinLower [0x60]string
	bgLatinTitle [0x60]string
	bgLatinUpper [0x60]string
)

func init() {
	for cyr, lat := range bulgarianLatin {
		bgLatinLower[cyr-0x400] = lat
		up := unicode.ToUpper(cyr) - 0x400
		bgLatinUpper[up] = strings.ToUpper(lat)
		bgLatinTitle[up] = strings.ToUpper(lat[:1]) + lat[1:]
	}
}

func isBulgarianCyrillic(r rune) bool {
	if r < 0x400 || r >= 0x460 {
		return false
	}
	i := r - 0x400
	return bgLatinLower[i] != "" || bgLatinUpper[i] != ""
}

// BulgarianToLatin romanises Bulgarian by the 2009 Transliteration Act
// (Streamlined System): София→Sofia, ЩИТ→SHTIT, Жеко→Zheko.
//
// Besides the letter table it applies the Act's two special rules: "ия" at
// the end of a word is "ia", and the name of the state, България, is
// Bulgaria. Multi-letter outputs are all capitals inside an all-caps run and
// title case otherwise. Anything that is not a Bulgarian letter passes
// through unchanged.
func BulgarianToLatin(s string) string {
	first := firstToConvert(s, isBulgarianCyrillic)
	if first < 0 {
		return s
	}
	out := make([]byte, 0, len(s)+len(s)/4)
	out = append(out, s[:first]...)
	prev := utf8.RuneError
	if first > 0 {
		prev, _ = utf8.DecodeLastRuneInString(s[:first])
	}
	for i := first; i < len(s); {
		r, size := decodeRune(s[i:])
		if !isBulgarianCyrillic(r) {
			out = appendVerbatim(out, s[i:i+size], r)
			prev = r
			i += size
			continue
		}
		if (r == 'б' || r == 'Б') && foldSeparates(prev) {
			if n := stateNameLen(s[i:]); n > 0 {
				out = appendStateName(out, s[i:i+n])
				prev, _ = utf8.DecodeLastRuneInString(s[:i+n])
				i += n
				continue
			}
		}
		i += size
		if r == 'и' || r == 'И' {
			next, nextSize := utf8.DecodeRuneInString(s[i:])
			if next == 'я' || next == 'Я' {
				if after, _ := utf8.DecodeRuneInString(s[i+nextSize:]); !isLetter(after) {
					// Word-final ия is "ia": the я loses its y.
					out = append(out, caseOf(r, 'i'), caseOf(next, 'a'))
					prev = next
					i += nextSize
					continue
				}
			}
		}
		idx := r - 0x400
		if lat := bgLatinLower[idx]; lat != "" {
			out = append(out, lat...)
		} else if next, _ := utf8.DecodeRuneInString(s[i:]); len(bgLatinUpper[idx]) == 1 || allCapsHere(prev, next) {
			out = append(out, bgLatinUpper[idx]...)
		} else {
			out = append(out, bgLatinTitle[idx]...)
		}
		prev = r
	}
	return ownedString(out)
}

// caseOf returns the ASCII letter lower in the case of r.
func caseOf(r rune, lower byte) byte {
	if isUpper(r) {
		return lower - ('a' - 'A')
	}
	return lower
}

const stateName = "българия"

// stateNameLen returns the byte length of the word България at the start of
// s, in any case, or 0 when s does not start with that whole word. Word
// boundaries are those of Fold, so that the romanised text and the original
// always have the same search key.
func stateNameLen(s string) int {
	n := 0
	for _, want := range stateName {
		r, size := utf8.DecodeRuneInString(s[n:])
		if unicode.ToLower(r) != want {
			return 0
		}
		n += size
	}
	if next, _ := utf8.DecodeRuneInString(s[n:]); n < len(s) && !foldSeparates(next) {
		return 0
	}
	return n
}

// appendStateName appends Bulgaria in the case pattern of the original word.
func appendStateName(out []byte, word string) []byte {
	first, size := utf8.DecodeRuneInString(word)
	if !isUpper(first) {
		return append(out, "bulgaria"...)
	}
	for _, r := range word[size:] {
		if !isUpper(r) {
			return append(out, "Bulgaria"...)
		}
	}
	return append(out, "BULGARIA"...)
}
