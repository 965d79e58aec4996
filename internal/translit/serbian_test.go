package translit

import "testing"

func TestSerbianToLatin(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"Ниш", "Niš"},
		{"ЉУБАВ", "LJUBAV"},
		{"Љиљана", "Ljiljana"},
		{"Њива", "Njiva"},
		{"ЊЕГОШ", "NJEGOŠ"},
		{"Џеп", "Džep"},
		{"ЏЕП", "DŽEP"},
		{"ЕЏ", "EDŽ"},        // all-caps word ending in Џ
		{"Љ", "Lj"},          // a lone capital is a title, not a run
		{"ЉЉ", "LJLJ"},       // each capital sees a capital neighbour
		{"ПИЉ-Љ", "PILJ-Lj"}, // the hyphen ends the all-caps run
		{"Ђорђе Ћуприја", "Đorđe Ćuprija"},
		{"ЂУРЂЕВДАН", "ĐURĐEVDAN"},
		{"Житорађа, Чачак, Шабац", "Žitorađa, Čačak, Šabac"},
		{"абвгдђежзијклљмнњопрстћуфхцчџш", "abvgdđežzijklljmnnjoprstćufhcčdžš"},
		{"АБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ", "ABVGDĐEŽZIJKLLJMNNJOPRSTĆUFHCČDŽŠ"},
		{"Љubav", "Ljubav"}, // a Latin lower-case neighbour means title case
		{"ЉUBAV", "LJUBAV"},
		// Not Serbian: Bulgarian letters, Latin text and symbols pass through.
		{"Щастие", "Щastie"},
		{"ъ ь я ю щ й", "ъ ь я ю щ й"},
		{"Niš 18000, tel. +381", "Niš 18000, tel. +381"},
		{"д.о.о. №5", "d.o.o. №5"},
		{"\xffНиш\xc3", "\uFFFDNiš\uFFFD"},
		{"Niš\xff", "Niš\uFFFD"},
	}
	for _, tt := range tests {
		if got := SerbianToLatin(tt.in); got != tt.want {
			t.Errorf("SerbianToLatin(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSerbianToCyrillic(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"Niš", "Ниш"},
		{"LJUBAV", "ЉУБАВ"},
		{"Ljiljana", "Љиљана"},
		{"ljubav", "љубав"},
		{"njegov", "његов"},
		{"NJEGOŠ", "ЊЕГОШ"},
		{"Džep", "Џеп"},
		{"DŽEP", "ЏЕП"},
		{"abcčćddžđefghijklljmnnjoprsštuvzž", "абцчћдџђефгхијклљмнњопрсштувзж"},
		{"Đorđe Ćuprija", "Ђорђе Ћуприја"},
		{"Djordje", "Дјордје"}, // dj is д + ј in Gaj's alphabet
		// Exceptions: prefix + stem, case preserved, inflected forms covered.
		{"injekcija", "инјекција"},
		{"Injekcije", "Инјекције"},
		{"INJEKCIJA", "ИНЈЕКЦИЈА"},
		{"konjugacija", "конјугација"},
		{"Konjunkcija", "Конјункција"},
		{"konjunktura", "конјунктура"},
		{"Tanjug", "Танјуг"},
		{"TANJUG", "ТАНЈУГ"},
		{"nadživeti", "надживети"},
		{"nadživljavati", "надживљавати"},
		{"podžupan", "поджупан"},
		{"Podžanr", "Поджанр"},
		{"odžaliti", "оджалити"},
		{"nadžnjeti", "наджњети"},
		{"panjevropski", "панјевропски"},
		// Look-alikes of exceptions stay regular.
		{"konj", "коњ"},
		{"konjušnica", "коњушница"},
		{"odžak", "оџак"},
		{"panjevi", "пањеви"},
		{"tanjir", "тањир"},
		{"džin", "џин"},
		// Single-code-point digraphs.
		{"ǅep", "Џеп"},
		{"ǄEP", "ЏЕП"},
		{"ǆep", "џеп"},
		{"ǈubav", "Љубав"},
		{"ǇUBAV", "ЉУБАВ"},
		{"ǉubav", "љубав"},
		{"ǋiva", "Њива"},
		{"ǊIVA", "ЊИВА"},
		{"ǌiva", "њива"},
		// Mixed script: Cyrillic ј typed in a Latin word.
		{"Lјubav", "Љубав"},
		{"LЈUBAV", "ЉУБАВ"},
		{"Nјiva", "Њива"},
		{"Dјak", "Дјак"},
		{"Ниш i Pirot", "Ниш и Пирот"},
		// Decomposed accents.
		{"Z\u030Citorac\u0301", "Житораћ"},
		{"dz\u030Cep", "џеп"},
		// Not Serbian: left alone.
		{"www.rra-jug.rs", "www.rra-jug.rs"},
		{"https://nis.rs/o-nama", "https://nis.rs/o-nama"},
		{"pera.peric@firma.rs", "pera.peric@firma.rs"},
		{"Posetite firma.rs danas", "Посетите firma.rs данас"},
		{"(sajt: klaster.org)", "(сајт: klaster.org)"},
		{"Wi-Fi mreža", "Wi-Fi мрежа"},
		{"Xerox i Yahoo", "Xerox и Yahoo"},
		{"Müller GmbH", "Müller GmbH"},
		{"iPhone i YouTube", "iPhone и YouTube"},
		{"LJubav", "Љубав"}, // capital after capital is still Serbian
		{"Café Niš", "Café Ниш"},
		{"d.o.o.", "д.о.о."},
		{"a.d. Beograd", "а.д. Београд"},
		{"COVID-19", "ЦОВИД-19"},
		{"18000 Niš, Srbija!", "18000 Ниш, Србија!"},
		{"Ниш", "Ниш"},
		// Invalid bytes become U+FFFD wherever they are.
		{"Niš\xff Pirot", "Ниш\uFFFD Пирот"},
		{"www.\xffnis.rs Niš", "www.\uFFFDnis.rs Ниш"},
		{"\xc3", "\uFFFD"},
	}
	for _, tt := range tests {
		if got := SerbianToCyrillic(tt.in); got != tt.want {
			t.Errorf("SerbianToCyrillic(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every exception stem must fire on itself and produce the two-letter
// spelling, and must not be shadowed into a digraph.
func TestExceptionStems(t *testing.T) {
	if len(exceptionStems) != len(latinExceptions) {
		t.Fatalf("%d exception stems parsed from %d entries", len(exceptionStems), len(latinExceptions))
	}
	for _, e := range exceptionStems {
		word := string(e.stem)
		if e.split < 0 || e.split+1 >= len(e.stem) || digraphCyr(e.stem[e.split], e.stem[e.split+1]) == 0 {
			t.Errorf("exception %q: split %d is not at an lj, nj or dž pair", word, e.split)
			continue
		}
		got := []rune(SerbianToCyrillic(word))
		cyr := []rune(SerbianToLatin(string(got)))
		if string(cyr) != word {
			t.Errorf("exception %q: SerbianToCyrillic = %q, which reads back as %q", word, string(got), string(cyr))
		}
		// No stem has a digraph before its split, so letters line up by index.
		i := e.split + 1
		if want := latinCyr[e.stem[i]]; i >= len(got) || got[i] != want {
			t.Errorf("exception %q: SerbianToCyrillic = %q, want %q at letter %d (pair kept apart)", word, string(got), want, i)
		}
	}
}

func TestSerbianRoundTrip(t *testing.T) {
	tests := []string{
		"Ниш Пирот Лесковац Врање Зајечар Књажевац Бољевац Ражањ Сврљиг",
		"ЉУБАВ Љиљана ЊЕГОШ Његош ЏЕП Џеп Ђорђе Ћуприја",
		"абвгдђежзијклљмнњопрстћуфхцчџш АБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ",
	}
	for _, x := range tests {
		lat := SerbianToLatin(x)
		if got := SerbianToCyrillic(lat); got != x {
			t.Errorf("SerbianToCyrillic(SerbianToLatin(%q)) = %q (via %q), want the input", x, got, lat)
		}
	}
}

// toCyr is the hot-path form of latinCyr; they must agree letter for letter.
func TestToCyrMatchesTable(t *testing.T) {
	for lat, want := range latinCyr {
		if got, ok := toCyr(lat); !ok || got != want {
			t.Errorf("toCyr(%q) = %q, %v, want %q", lat, got, ok, want)
		}
	}
	for _, lat := range "qwxyäéø1-" {
		if got, ok := toCyr(lat); ok {
			t.Errorf("toCyr(%q) = %q, want no Serbian letter", lat, got)
		}
	}
}
