package translit

import (
	"strings"
	"unicode/utf8"
)

// latinExceptions lists word stems in which Latin lj, nj or dž are two
// Cyrillic letters rather than one. A "|" marks the boundary that must not be
// joined. They are whole-word prefixes, matched case-insensitively, so every
// inflected and derived form of the word is covered (injekcija, injekcije,
// injekcioni).
//
// The cases come from two word-building patterns:
//   - a prefix ending in n meets a stem starting with j: in-jekcija, kon-jugacija,
//     kon-junkcija, kon-jektura, pan-jevropski, van-jezički, and the acronym Tan-jug;
//   - a prefix ending in d meets a stem starting with ž: nad-živeti, nad-žnjeti,
//     pod-župan, pod-žanr, od-žaliti, pred-želudac.
//
// No such word is in common use for lj, so none is listed.
// Keep the stems long enough not to catch unrelated words: "kon|jug" must not
// catch konjušnica (коњушница), "od|žal" must not catch odžak (оџак).
var latinExceptions = []string{
	// n + j
	"an|jon",     // anjon, anjonski (chemistry: анјон)
	"in|jekc",    // injekcija
	"in|jekt",    // injektor, injektirati
	"in|jicir",   // injicirati
	"kon|jekt",   // konjektura
	"kon|jug",    // konjugacija, konjugovati
	"kon|junk",   // konjunkcija, konjunktura, konjunktiv
	"pan|jevrop", // panjevropski
	"pan|jugosl", // panjugoslovenski
	"tan|jug",    // Tanjug, the news agency
	"van|jezi",   // vanjezički
	"van|jevrop", // vanjevropski
	// d + ž
	"nad|žanj",   // nadžanjeti
	"nad|ždrel",  // nadždrelni
	"nad|živ",    // nadživeti, nadživljavati
	"nad|žnj",    // nadžnjeti
	"nad|žup",    // nadžupan
	"od|žal",     // odžaliti
	"od|živ",     // odživeti
	"pod|žanr",   // podžanr
	"pod|želud",  // podželudačna
	"pod|žup",    // podžupan
	"pred|želud", // predželudac
	"pred|žetv",  // predžetveni
}

type exceptionStem struct {
	stem  []rune
	split int // index in stem of the first letter of the pair that stays apart
}

var exceptionStems = func() []exceptionStem {
	out := make([]exceptionStem, 0, len(latinExceptions))
	for _, e := range latinExceptions {
		bar := strings.IndexByte(e, '|')
		stem := []rune(strings.Replace(e, "|", "", 1))
		out = append(out, exceptionStem{stem: stem, split: len([]rune(e[:bar])) - 1})
	}
	return out
}()

// stemsByFirst groups exceptionStems by their first letter, all ASCII, so a
// word is compared only with the stems that can match it.
var stemsByFirst = func() (by [utf8.RuneSelf][]exceptionStem) {
	for _, e := range exceptionStems {
		by[e.stem[0]] = append(by[e.stem[0]], e)
	}
	return by
}()

// exceptionSplits returns a bit set of the positions in the word where a
// digraph must not be formed: bit i set means word[i] and word[i+1] stay two
// letters. Letters are compared through latinKey, so case and a Cyrillic ј
// do not matter.
func exceptionSplits(word []rune) uint64 {
	if len(word) == 0 {
		return 0
	}
	first := latinKey(word[0])
	if first >= utf8.RuneSelf {
		return 0
	}
	var split uint64
	for _, e := range stemsByFirst[first] {
		if len(word) < len(e.stem) {
			continue
		}
		match := true
		for i, r := range e.stem[1:] {
			if latinKey(word[i+1]) != r {
				match = false
				break
			}
		}
		if match {
			split |= 1 << uint(e.split)
		}
	}
	return split
}
