package translit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// serbianLatin maps each lower-case Serbian Cyrillic letter to Gaj's Latin.
var serbianLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'ђ': "đ", 'е': "e",
	'ж': "ž", 'з': "z", 'и': "i", 'ј': "j", 'к': "k", 'л': "l", 'љ': "lj",
	'м': "m", 'н': "n", 'њ': "nj", 'о': "o", 'п': "p", 'р': "r", 'с': "s",
	'т': "t", 'ћ': "ć", 'у': "u", 'ф': "f", 'х': "h", 'ц': "c", 'ч': "č",
	'џ': "dž", 'ш': "š",
}

// The Serbian Cyrillic letters all sit in U+0400–U+045F, so a flat table
// replaces map lookups on the hot path. Index is rune-0x400; an empty string
// means "not a Serbian letter".
var (
	srLatinLower [0x60]string
	srLatinTitle [0x60]string // Љ→Lj: first letter capital
	srLatinUpper [0x60]string // Љ→LJ: inside an all-caps run
	srLatinMulti [0x60]bool   // the capital becomes more than one Latin letter
)

// latinCyr maps the lower-case letters of Gaj's Latin that stand alone (not
// as part of lj, nj, dž) to Serbian Cyrillic.
var latinCyr = map[rune]rune{
	'a': 'а', 'b': 'б', 'c': 'ц', 'č': 'ч', 'ć': 'ћ', 'd': 'д', 'đ': 'ђ',
	'e': 'е', 'f': 'ф', 'g': 'г', 'h': 'х', 'i': 'и', 'j': 'ј', 'k': 'к',
	'l': 'л', 'm': 'м', 'n': 'н', 'o': 'о', 'p': 'п', 'r': 'р', 's': 'с',
	'š': 'ш', 't': 'т', 'u': 'у', 'v': 'в', 'z': 'з', 'ž': 'ж',
}

// asciiCyr is latinCyr for ASCII letters, as an array for the hot path.
var asciiCyr [utf8.RuneSelf]rune

// toCyr returns the Cyrillic letter for a lower-case Latin letter of Gaj's
// alphabet.
func toCyr(lr rune) (rune, bool) {
	if lr < utf8.RuneSelf {
		c := asciiCyr[lr]
		return c, c != 0
	}
	switch lr {
	case 'č':
		return 'ч', true
	case 'ć':
		return 'ћ', true
	case 'đ':
		return 'ђ', true
	case 'š':
		return 'ш', true
	case 'ž':
		return 'ж', true
	}
	return 0, false
}

func init() {
	for cyr, lat := range serbianLatin {
		i := cyr - 0x400
		srLatinLower[i] = lat
		up := unicode.ToUpper(cyr) - 0x400
		srLatinUpper[up] = strings.ToUpper(lat)
		first, size := utf8.DecodeRuneInString(lat)
		srLatinTitle[up] = string(unicode.ToUpper(first)) + lat[size:]
		srLatinMulti[up] = size < len(lat)
	}
	for lat, cyr := range latinCyr {
		if lat < utf8.RuneSelf {
			asciiCyr[lat] = cyr
		}
	}
}

// SerbianToLatin transliterates Serbian Cyrillic to Gaj's Latin. Љ, Њ and Џ
// become LJ, NJ, DŽ inside an all-caps run (ЉУБАВ→LJUBAV) and Lj, Nj, Dž
// otherwise (Љиљана→Ljiljana). Everything that is not a Serbian Cyrillic
// letter, including Cyrillic letters of other languages, passes through.
func SerbianToLatin(s string) string {
	first := firstToConvert(s, isSerbianCyrillic)
	if first < 0 {
		return s
	}
	out := make([]byte, 0, len(s)+len(s)/8)
	out = append(out, s[:first]...)
	prev := utf8.RuneError
	if first > 0 {
		prev, _ = utf8.DecodeLastRuneInString(s[:first])
	}
	for i := first; i < len(s); {
		r, size := decodeRune(s[i:])
		i += size
		if !isSerbianCyrillic(r) {
			out = appendVerbatim(out, s[i-size:i], r)
			prev = r
			continue
		}
		idx := r - 0x400
		if lat := srLatinLower[idx]; lat != "" {
			out = append(out, lat...)
		} else if !srLatinMulti[idx] {
			// A capital that stays one Latin letter needs no context.
			out = append(out, srLatinUpper[idx]...)
		} else if next, _ := utf8.DecodeRuneInString(s[i:]); allCapsHere(prev, next) {
			out = append(out, srLatinUpper[idx]...)
		} else {
			out = append(out, srLatinTitle[idx]...)
		}
		prev = r
	}
	return ownedString(out)
}

func isSerbianCyrillic(r rune) bool {
	if r < 0x400 || r >= 0x460 {
		return false
	}
	i := r - 0x400
	return srLatinLower[i] != "" || srLatinUpper[i] != ""
}

// allCapsHere decides how an upper-case letter that becomes several Latin
// letters is written: all in capitals when the next letter is a capital, or
// when the word ends right after a capital (ЕЏ at the end of an all-caps
// word gives EDŽ, not EDž). next and prev are utf8.RuneError at the ends of
// the text.
func allCapsHere(prev, next rune) bool {
	if isUpper(next) {
		return true
	}
	if isLetter(next) {
		return false
	}
	return isUpper(prev)
}

// SerbianToCyrillic transliterates Serbian Gaj's Latin to Cyrillic.
//
// lj, nj and dž become Љ, Њ and Џ except in the words listed in
// latinExceptions, where they are two letters (injekcija→инјекција). The
// single-code-point digraphs U+01C4–U+01CC are read as their two letters;
// a Cyrillic ј typed inside a Latin word counts as j (Lјubav→Љубав).
//
// Text that is clearly not Serbian is left alone: URLs, e-mail addresses,
// words containing q, w, x or y, and words containing Latin letters that
// Serbian does not use (ä, é, ø, …). Digits, punctuation and Cyrillic text
// pass through. Decomposed accents (z + U+030C) are recognised.
func SerbianToCyrillic(s string) string {
	if !hasLatinLetter(s) {
		return validUTF8(s)
	}
	// Invalid bytes never enter a word (they decode as U+FFFD, which is no
	// letter), so they are replaced where they are copied rather than in a
	// separate validating pass.
	out := make([]byte, 0, 2*len(s))
	for len(s) > 0 {
		// Whitespace-separated chunks are the unit for URL and e-mail
		// detection; words inside a chunk are the unit for everything else.
		sp, addressy := chunkEnd(s)
		if sp == 0 {
			r, size := utf8.DecodeRuneInString(s)
			out = appendVerbatim(out, s[:size], r)
			s = s[size:]
			continue
		}
		chunk := s[:sp]
		s = s[sp:]
		if addressy && looksLikeAddress(chunk) {
			out = append(out, validUTF8(chunk)...)
			continue
		}
		out = cyrillizeChunk(out, chunk)
	}
	return ownedString(out)
}

// chunkEnd returns the length of the text before the first white space and
// whether that text holds one of the characters that can make it an
// address (. @ :).
func chunkEnd(s string) (end int, addressy bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || c-'\t' < 5:
				return i, addressy
			case c == '.' || c == '@' || c == ':':
				addressy = true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return i, addressy
		}
		i += size
	}
	return len(s), addressy
}

func hasLatinLetter(s string) bool {
	for _, r := range s {
		if isLatinLetter(r) {
			return true
		}
	}
	return false
}

// cyrillizeChunk appends chunk with every Serbian Latin word transliterated.
func cyrillizeChunk(out []byte, chunk string) []byte {
	for len(chunk) > 0 {
		end, foreign, plain := scanToken(chunk)
		if end == 0 {
			r, size := utf8.DecodeRuneInString(chunk)
			out = appendVerbatim(out, chunk[:size], r)
			chunk = chunk[size:]
			continue
		}
		token := chunk[:end]
		chunk = chunk[end:]
		switch {
		case foreign:
			// One foreign part marks the whole compound: Wi-Fi, not Wi-Фи.
			out = append(out, token...)
		case plain:
			out = cyrillizePlain(out, token)
		default:
			out = cyrillizeWords(out, token)
		}
	}
	return out
}

// cyrillizeWords appends a compound word by word, for compounds that may
// hold digraphs, exceptions, accents or Cyrillic letters.
func cyrillizeWords(out []byte, token string) []byte {
	for len(token) > 0 {
		n := 0
		for n < len(token) {
			r, size := utf8.DecodeRuneInString(token[n:])
			if !isWordRune(r) {
				break
			}
			n += size
		}
		if n == 0 {
			_, size := utf8.DecodeRuneInString(token)
			out = append(out, token[:size]...)
			token = token[size:]
			continue
		}
		out = cyrillizeWord(out, token[:n])
		token = token[n:]
	}
	return out
}

// scanToken measures the compound at the start of chunk: letters and
// digits, possibly joined by hyphens and apostrophes. foreign reports a sign
// that the compound is not Serbian (see isForeignRune); plain reports that
// it holds no j, ž, digraph code point, accent or Cyrillic letter, so it
// holds no digraph or exception and every letter maps on its own.
func scanToken(chunk string) (end int, foreign, plain bool) {
	plain = true
	prev := rune(0)
	for end < len(chunk) {
		r, size := decodeRune(chunk[end:])
		switch {
		case r < utf8.RuneSelf && (uint32(r|0x20)-'a' < 26):
			lr := r | 0x20
			if lr == 'j' {
				plain = false
			} else if asciiCyr[lr] == 0 {
				foreign = true
			}
			if r < 'a' && isLower(prev) {
				foreign = true
			}
		case r < utf8.RuneSelf && r >= '0' && r <= '9':
		case isWordRune(r) || isDigit(r):
			switch r {
			case 'č', 'ć', 'đ', 'š', 'Č', 'Ć', 'Đ', 'Š':
				// Letters that take part in no digraph keep a compound plain.
			default:
				plain = false
			}
			if isForeignRune(prev, r) {
				foreign = true
			}
		case end > 0 && (r == '-' || isJoiner(r)):
			next, _ := decodeRune(chunk[end+size:])
			if !isWordRune(next) && !isDigit(next) {
				return end, foreign, plain
			}
			if r >= utf8.RuneSelf {
				plain = false
			}
		default:
			return end, foreign, plain
		}
		prev = r
		end += size
	}
	return end, foreign, plain
}

// cyrillizePlain appends a compound whose letters each map on their own:
// ASCII letters other than j, and č, ć, đ, š; digits, hyphens and
// apostrophes are copied.
func cyrillizePlain(out []byte, token string) []byte {
	for i := 0; i < len(token); {
		c := token[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(token[i:])
			i += size
			if cyr, ok := toCyr(toLowerLatin(r)); ok {
				out = utf8.AppendRune(out, caseLike(r, cyr))
			} else {
				out = append(out, token[i-size:i]...)
			}
			continue
		}
		i++
		cyr := asciiCyr[c|0x20]
		if cyr == 0 || c < 'A' {
			out = append(out, c)
			continue
		}
		if c < 'a' {
			cyr -= 0x20 // а–я and А–Я are 0x20 apart
		}
		out = append(out, byte(0xC0|cyr>>6), byte(0x80|cyr&0x3F))
	}
	return out
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= '0' && r <= '9'
	}
	return unicode.IsDigit(r)
}

// isForeignRune reports a sign, at the non-ASCII rune r following prev,
// that a word is not Serbian: a Latin letter Serbian does not use, an accent
// it does not use, or a capital right after a small letter (GmbH, iPhone;
// Serbian words are capitalised only at the start or throughout). ASCII
// letters are checked by scanToken directly.
func isForeignRune(prev, r rune) bool {
	if isUpper(r) && isLower(prev) {
		return true
	}
	switch {
	case isMark(r):
		_, ok := composeMark(prev, r)
		return !ok
	case isLatinLetter(r):
		if _, _, ok := expandDigraph(r); ok {
			return false
		}
		_, ok := toCyr(toLowerLatin(r))
		return !ok
	}
	return false
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return uint32(r|0x20)-'a' < 26
	}
	return isLetter(r) || isMark(r)
}

func toLowerLatin(r rune) rune {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}
	if r < rune(len(latinLower)) {
		return latinLower[r]
	}
	return unicode.ToLower(r)
}

// latinLower is unicode.ToLower for Latin-1 and Latin Extended-A, where
// Serbian's accented capitals live.
var latinLower = func() (t [0x180]rune) {
	for r := range t {
		t[r] = unicode.ToLower(rune(r))
	}
	return t
}()

// expandDigraph splits the single-code-point Latin digraphs U+01C4–U+01CC
// into the two letters they stand for.
func expandDigraph(r rune) (rune, rune, bool) {
	switch r {
	case 'Ǆ':
		return 'D', 'Ž', true
	case 'ǅ':
		return 'D', 'ž', true
	case 'ǆ':
		return 'd', 'ž', true
	case 'Ǉ':
		return 'L', 'J', true
	case 'ǈ':
		return 'L', 'j', true
	case 'ǉ':
		return 'l', 'j', true
	case 'Ǌ':
		return 'N', 'J', true
	case 'ǋ':
		return 'N', 'j', true
	case 'ǌ':
		return 'n', 'j', true
	}
	return 0, 0, false
}

// composeMark returns the Serbian letter written as base plus a combining
// caron (U+030C) or acute (U+0301).
func composeMark(base, mark rune) (rune, bool) {
	switch mark {
	case 0x30C:
		switch base {
		case 'c':
			return 'č', true
		case 'C':
			return 'Č', true
		case 's':
			return 'š', true
		case 'S':
			return 'Š', true
		case 'z':
			return 'ž', true
		case 'Z':
			return 'Ž', true
		}
	case 0x301:
		switch base {
		case 'c':
			return 'ć', true
		case 'C':
			return 'Ć', true
		}
	}
	return 0, false
}

func cyrillizeWord(out []byte, word string) []byte {
	// orig holds the word's letters with digraph code points expanded and
	// accents composed; the array keeps ordinary words off the heap.
	var origArr [32]rune
	orig := origArr[:0]
	hasLatin, hasPair := false, false
	for _, r := range word {
		if a, b, ok := expandDigraph(r); ok {
			orig = append(orig, a, b)
			hasLatin, hasPair = true, true
			continue
		}
		if isMark(r) && len(orig) > 0 {
			if c, ok := composeMark(orig[len(orig)-1], r); ok {
				orig[len(orig)-1] = c
				hasPair = hasPair || c == 'ž' || c == 'Ž'
				continue
			}
		}
		switch r {
		case 'j', 'J', 'ј', 'Ј', 'ž', 'Ž':
			hasPair = true
		}
		if isLatinLetter(r) {
			hasLatin = true
		}
		orig = append(orig, r)
	}
	if !hasLatin {
		return append(out, word...)
	}
	var split uint64
	if hasPair {
		split = exceptionSplits(orig)
	}
	for i := 0; i < len(orig); i++ {
		r := orig[i]
		lr := latinKey(r)
		if hasPair && i+1 < len(orig) && split&(1<<uint(i)) == 0 {
			if d := digraphCyr(lr, latinKey(orig[i+1])); d != 0 {
				out = utf8.AppendRune(out, caseLike(r, d))
				i++
				continue
			}
		}
		if c, ok := toCyr(lr); ok {
			out = utf8.AppendRune(out, caseLike(r, c))
			continue
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// latinKey is the lower-case Latin letter r stands for; a Cyrillic ј typed
// among Latin letters stands for j.
func latinKey(r rune) rune {
	if r == 'ј' || r == 'Ј' {
		return 'j'
	}
	return toLowerLatin(r)
}

// caseLike returns the lower-case Serbian Cyrillic letter c in the case of r.
func caseLike(r, c rune) rune {
	if !isUpper(r) {
		return c
	}
	switch {
	case c >= 0x430 && c < 0x450:
		return c - 0x20
	case c >= 0x450 && c < 0x460:
		return c - 0x50
	}
	return unicode.ToUpper(c)
}

// digraphCyr returns the lower-case Cyrillic letter written as the Latin
// pair a b, or 0.
func digraphCyr(a, b rune) rune {
	switch {
	case a == 'l' && b == 'j':
		return 'љ'
	case a == 'n' && b == 'j':
		return 'њ'
	case a == 'd' && b == 'ž':
		return 'џ'
	}
	return 0
}

// knownTLDs are the endings that make a dotted token an address rather than
// an abbreviation such as d.o.o. or a.d.
var knownTLDs = map[string]bool{
	"com": true, "org": true, "net": true, "edu": true, "gov": true, "int": true,
	"info": true, "biz": true, "io": true, "eu": true, "rs": true, "bg": true,
	"me": true, "ba": true, "hr": true, "mk": true, "si": true, "ro": true,
	"gr": true, "de": true, "at": true, "it": true, "uk": true, "co": true,
	"app": true, "dev": true, "online": true, "site": true,
}

// looksLikeAddress reports URLs, e-mail addresses and bare domain names,
// which must keep their Latin spelling to stay usable.
func looksLikeAddress(chunk string) bool {
	if strings.Contains(chunk, "://") || strings.Contains(chunk, "@") {
		return true
	}
	host := strings.TrimRight(chunk, ".,;:!?)]}\"'»”")
	host = strings.TrimLeft(host, "([{\"'«„“")
	if len(host) >= 4 && strings.EqualFold(host[:4], "www.") {
		return true
	}
	if i := strings.IndexByte(host, '/'); i >= 0 {
		host = host[:i]
	}
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 {
		return false
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return knownTLDs[strings.ToLower(host[dot+1:])] && dot >= 2
}
