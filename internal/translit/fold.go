package translit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Every rune below tableSize is classified once at start-up so that the hot
// loop of Fold is a slice index, not a Unicode property lookup.
const tableSize = 0x500

// foldKind says how Fold treats a rune.
type foldKind uint8

const (
	kindSep    foldKind = iota // ends the current word
	kindLetter                 // contributes foldOut[r] to the current word
	kindSkip                   // vanishes without ending the word
)

var (
	foldKinds [tableSize]foldKind
	foldOut   [tableSize]string
)

// cyrillicFold gives the ASCII spelling of each lower-case Cyrillic letter.
// The spellings are chosen so that the Serbian and the Bulgarian Latin
// transcriptions of the same letter reduce to the same key once the digraph
// rules in foldPair have run: ж→z meets both "ž" and "zh", ц→c meets both
// "c" and "ts", and щ→"st" meets both the Bulgarian "sht" and the Serbian "št".
var cyrillicFold = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "z",
	'з': "z", 'и': "i", 'й': "j", 'к': "k", 'л': "l", 'м': "m", 'н': "n",
	'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f",
	'х': "h", 'ц': "c", 'ч': "c", 'ш': "s", 'щ': "st", 'ъ': "a", 'ь': "j",
	'ю': "ju", 'я': "ja",
	// Serbian letters absent from Bulgarian.
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz",
	// Letters of neighbouring alphabets that turn up in pasted text; spelt the
	// way a Bulgarian or Serbian reader would type them.
	'ѝ': "i", 'ы': "j", 'э': "e", 'ё': "jo", 'і': "i", 'ї': "ji", 'є': "je",
	'ґ': "g", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz", 'ў': "u",
}

// latinOverride covers Latin letters that carry no decomposable diacritic,
// so NFKD alone would lose them.
var latinOverride = map[rune]string{
	'đ': "dj", 'ð': "d", 'þ': "th", 'ß': "ss", 'æ': "ae", 'œ': "oe",
	'ø': "o", 'ł': "l", 'ħ': "h", 'ı': "i", 'ŀ': "l", 'ŋ': "n", 'ĸ': "k",
	'ŧ': "t", 'ƀ': "b", 'ƒ': "f", 'ɨ': "i", 'ʉ': "u", 'ȥ': "z",
}

func init() {
	for r := rune(0); r < tableSize; r++ {
		k, out := classify(r)
		foldKinds[r] = k
		foldOut[r] = out
	}
}

// classify decides the fold of a rune outside the hot path; Fold calls it
// directly only for runes beyond the precomputed table.
func classify(r rune) (foldKind, string) {
	switch {
	case r >= 'a' && r <= 'z':
		return kindLetter, string(r)
	case r >= 'A' && r <= 'Z':
		return kindLetter, string(r + ('a' - 'A'))
	case r >= '0' && r <= '9':
		return kindLetter, string(r)
	case isJoiner(r):
		return kindSkip, ""
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r):
		// Combining accents and invisible format characters (soft hyphen,
		// zero-width joiner) live inside words; splitting on them would cut
		// "Nis\u030C" into two words.
		return kindSkip, ""
	case r < utf8.RuneSelf:
		return kindSep, ""
	}
	lower := unicode.ToLower(r)
	if s, ok := cyrillicFold[lower]; ok {
		return kindLetter, s
	}
	if s, ok := latinOverride[lower]; ok {
		return kindLetter, s
	}
	if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
		return kindSep, ""
	}
	// NFKD splits accented letters into base + marks and expands
	// compatibility forms (ligatures, full-width letters, the Serbian
	// single-code-point digraphs U+01C4–U+01CC), leaving ASCII we can keep.
	// Most letters beyond the table (CJK, Greek, Arabic …) have no
	// decomposition at all; asking first spares them the conversion.
	var enc [utf8.UTFMax]byte
	n := utf8.EncodeRune(enc[:], r)
	if norm.NFKD.Properties(enc[:n]).Decomposition() == nil {
		return kindSep, ""
	}
	var b strings.Builder
	for _, d := range norm.NFKD.String(string(r)) {
		switch {
		case d >= 'a' && d <= 'z', d >= '0' && d <= '9':
			b.WriteRune(d)
		case d >= 'A' && d <= 'Z':
			b.WriteRune(d + ('a' - 'A'))
		}
	}
	if b.Len() == 0 {
		// Scripts with no agreed ASCII spelling here (Greek, CJK, …) split
		// words rather than glue their neighbours together.
		return kindSep, ""
	}
	return kindLetter, b.String()
}

// foldSeparates reports whether Fold ends a word at r.
func foldSeparates(r rune) bool {
	if r < tableSize {
		return foldKinds[r] == kindSep
	}
	k, _ := classify(r)
	return k == kindSep
}

// isJoiner reports apostrophes, which Fold drops without splitting: they
// appear inside names (O'Neil, D’Arc) and in informal Bulgarian romanisation
// where ъ is typed as an apostrophe.
func isJoiner(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u02BC' || r == '`' || r == '\u00B4'
}

// pairSecond marks the letters that can end a foldPair, so the common
// letters skip the call.
var pairSecond = [256]bool{'h': true, 's': true, 'j': true}

// foldPair reduces two adjacent key letters to one when they are two
// spellings of the same sound across the Serbian and Bulgarian Latin
// conventions. ok is false when the pair stays as it is.
func foldPair(a, b byte) (byte, bool) {
	switch b {
	case 'h':
		// Bulgarian zh/ch/sh against Serbian ž/č/š (already z/c/s).
		if a == 'z' || a == 'c' || a == 's' {
			return a, true
		}
	case 's':
		// Bulgarian ts against Serbian c.
		if a == 't' {
			return 'c', true
		}
	case 'j':
		// đ, dj and d must meet (Đorđe, Djordje, Dordje), and Sofia,
		// Sofiya (y is j here) and Sofija must meet: j after d or i is
		// dropped.
		if a == 'd' || a == 'i' {
			return a, true
		}
	}
	return 0, false
}

// Fold returns the search key of s: lower-case ASCII letters and digits in
// words separated by single spaces. The rules are described in the package
// documentation.
func Fold(s string) string {
	return ownedString(appendFold(make([]byte, 0, len(s)), s))
}

// FoldWords is Fold split into words. It returns nil when s has no words.
func FoldWords(s string) []string {
	key := Fold(s)
	if key == "" {
		return nil
	}
	return strings.Split(key, " ")
}

// appendFold appends the key of s to out. The key is built so that no two
// adjacent letters of a word ever form a foldPair; that invariant is what
// makes Fold idempotent.
func appendFold(out []byte, s string) []byte {
	wordStart := -1 // index in out where the current word began, -1 between words
	for i := 0; i < len(s); {
		// decodeRune written out: this loop runs for every character of
		// every indexed record and query, and the call does not inline.
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			if i+1 < len(s) && s[i]-0xC2 < 0x1E && s[i+1]^0x80 < 0x40 {
				r, size = rune(s[i]&0x1F)<<6|rune(s[i+1]^0x80), 2
			} else {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
		}
		i += size

		var kind foldKind
		var spelling string
		switch {
		case r < tableSize:
			kind, spelling = foldKinds[r], foldOut[r]
		case r >= 0x2000 && r < 0x2070:
			// General Punctuation (dashes, typographic quotes, spaces) is
			// common in pasted text; only its format characters and the
			// typographic apostrophe stay inside a word.
			if isJoiner(r) || unicode.Is(unicode.Cf, r) {
				kind = kindSkip
			} else {
				kind = kindSep
			}
		default:
			kind, spelling = classify(r)
		}
		switch kind {
		case kindSkip:
			continue
		case kindSep:
			out = fixStateName(out, wordStart)
			wordStart = -1
			continue
		}
		if wordStart < 0 {
			if len(out) > 0 {
				out = append(out, ' ')
			}
			wordStart = len(out)
		}
		for j := 0; j < len(spelling); j++ {
			c := spelling[j]
			if c == 'y' {
				// Bulgarian y (й, ь, the y of yu/ya) is Serbian j.
				c = 'j'
			}
			for pairSecond[c] && len(out) > wordStart {
				merged, ok := foldPair(out[len(out)-1], c)
				if !ok {
					break
				}
				out = out[:len(out)-1]
				c = merged
			}
			out = append(out, c)
		}
	}
	return fixStateName(out, wordStart)
}

// fixStateName gives България the key of its official spelling Bulgaria:
// the Act spells the state's name by tradition, not by the letter table, so
// letter-by-letter folding alone would leave "balgaria" and "bulgaria" apart.
func fixStateName(out []byte, wordStart int) []byte {
	if wordStart >= 0 && len(out)-wordStart == len("balgaria") && string(out[wordStart:]) == "balgaria" {
		out[wordStart+1] = 'u'
	}
	return out
}
