package translit

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// longSweeps reports whether the exhaustive sweeps that take minutes on a
// shared machine should run; CI sets CLUSTERBRIDGE_LONG=1.
func longSweeps() bool { return os.Getenv("CLUSTERBRIDGE_LONG") == "1" }

// Fold is idempotent only because a shrink of rule 5 can never create a new
// shrinkable pair with the letter before it. Check that for every letter.
func TestFoldPairClosed(t *testing.T) {
	for a := byte('a'); a <= 'z'; a++ {
		for b := byte('a'); b <= 'z'; b++ {
			x, ok := foldPair(a, b)
			if !ok {
				continue
			}
			if _, again := foldPair(x, b); again && x != a {
				t.Errorf("foldPair(%q,%q) = %q, which shrinks again with %q", a, b, x, b)
			}
			for y := byte('a'); y <= 'z'; y++ {
				if _, before := foldPair(y, a); before {
					continue
				}
				if z, ok := foldPair(y, x); ok {
					t.Errorf("foldPair(%q,%q) = %q forms a new pair with %q before it (→ %q)", a, b, x, y, z)
				}
			}
		}
	}
}

// Every single code point, alone and between letters, folds to a valid key
// that Fold leaves unchanged. The Basic Multilingual Plane runs always; all
// planes only in long sweeps.
func TestFoldEveryRune(t *testing.T) {
	limit := rune(0xFFFF)
	if longSweeps() {
		limit = utf8.MaxRune
	}
	for r := rune(0); r <= limit; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue // surrogates are not valid in UTF-8
		}
		for _, s := range []string{string(r), "t" + string(r) + "s", "d" + string(r) + "j"} {
			key := Fold(s)
			checkKey(t, s, key)
		}
	}
}

// serbianWords calls fn with every Serbian Cyrillic word of up to maxLen
// letters in lower case, capitalised and in capitals.
func serbianWords(maxLen int, fn func(string)) {
	var rec func(prefix []int)
	rec = func(prefix []int) {
		if len(prefix) > 0 {
			for pattern := 0; pattern < 3; pattern++ {
				word := make([]rune, len(prefix))
				for i, li := range prefix {
					if pattern == 2 || pattern == 1 && i == 0 {
						word[i] = serbianUpperLetters[li]
					} else {
						word[i] = serbianLowerLetters[li]
					}
				}
				fn(string(word))
			}
		}
		if len(prefix) == maxLen {
			return
		}
		for li := range serbianLowerLetters {
			rec(append(prefix, li))
		}
	}
	rec(nil)
}

// loneCapitalDigraph reports text holding a word that is just LJ, NJ or DŽ:
// it reads as the single letter Љ, Њ, Џ, whose Latin form alone is Lj, Nj,
// Dž, so it cannot come back in capitals.
func loneCapitalDigraph(lat string) bool {
	for _, w := range strings.Fields(lat) {
		if w == "LJ" || w == "NJ" || w == "DŽ" {
			return true
		}
	}
	return false
}

// The documented round-trip guarantee, checked exhaustively for short words:
// up to 2 letters always, up to 4 in long sweeps.
func TestSerbianRoundTripExhaustive(t *testing.T) {
	maxLen := 2
	if longSweeps() {
		maxLen = 4
	}
	checked := 0
	serbianWords(maxLen, func(x string) {
		lat := SerbianToLatin(x)
		// Latin written by SerbianToLatin always comes back, ambiguous pairs
		// and exceptions included: they only decide which Cyrillic is chosen.
		if back := SerbianToLatin(SerbianToCyrillic(lat)); back != lat && !loneCapitalDigraph(lat) {
			t.Errorf("SerbianToLatin(SerbianToCyrillic(%q)) = %q, want the input (from %q)", lat, back, x)
		}
		if hasAmbiguousPair(x) {
			return
		}
		if exceptionFires(lat) {
			return
		}
		checked++
		if got := SerbianToCyrillic(lat); got != x {
			t.Errorf("SerbianToCyrillic(SerbianToLatin(%q)) = %q (via %q), want the input", x, got, lat)
		}
		// Both spellings must also give the same search key.
		if a, b := Fold(x), Fold(lat); a != b {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q, want equal", x, a, lat, b)
		}
	})
	if checked == 0 {
		t.Fatal("no word was checked")
	}
}
