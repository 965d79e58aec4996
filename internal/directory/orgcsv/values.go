package orgcsv

import (
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// kinds are the organisation kinds of the directory (directory.Kinds), as slugs.
var kinds = []string{"cluster", "cluster-initiative", "company", "public-body", "association", "foundation", "education", "other"}

// sizes are the company sizes of the directory (directory.Sizes): EU classes by headcount.
var sizes = []string{"micro", "small", "medium", "large"}

var kindWords = func() *words[string] {
	w := &words[string]{}
	for _, k := range kinds {
		w.add(k, k)
	}
	w.add("cluster", "business cluster", "klastar", "клъстер", "бизнес клъстер")
	w.addSerbian("cluster", "кластер", "пословни кластер")
	w.add("cluster-initiative", "initiative", "клъстерна инициатива", "инициатива за клъстер")
	w.addSerbian("cluster-initiative", "кластерска иницијатива", "иницијатива", "кластер иницијатива")
	w.add("company", "enterprise", "business", "firm", "sme", "ltd", "фирма", "компания", "предприятие", "дружество", "търговско дружество", "мсп", "еоод", "оод", "ад", "ет")
	w.add("company", "cooperative", "кооперация", "земеделска кооперация")
	w.addSerbian("company", "задруга", "земљорадничка задруга", "предузеће", "фирма", "компанија", "привредно друштво", "мсп", "доо", "предузетник", "радња")
	w.add("public-body", "public authority", "municipality", "local government", "government", "public institution",
		"община", "публичен орган", "държавна институция", "общинска администрация", "областна администрация", "агенция")
	w.addSerbian("public-body", "општина", "јавно тело", "јавна институција", "државни орган", "локална самоуправа", "јавно предузеће", "градска управа")
	w.add("association", "chamber", "chamber of commerce", "сдружение", "асоциация", "камара", "търговска камара", "съюз")
	w.addSerbian("association", "удружење", "асоцијација", "комора", "привредна комора", "савез")
	w.add("foundation", "фондация")
	w.addSerbian("foundation", "фондација", "задужбина")
	w.add("education", "university", "school", "faculty", "college", "research institute",
		"образование", "университет", "училище", "висше училище", "професионална гимназия", "научен институт")
	w.addSerbian("education", "образовање", "универзитет", "факултет", "школа", "средња школа", "висока школа", "институт")
	w.add("other", "друго", "други", "друга")
	w.addSerbian("other", "остало", "друго")
	return w
}()

var sizeWords = func() *words[string] {
	w := &words[string]{}
	for _, s := range sizes {
		w.add(s, s, s+" enterprise", s+" company")
	}
	w.add("micro", "1-9", "0-9", "микро", "микропредприятие", "микро предприятие")
	w.add("small", "10-49", "малко", "малко предприятие")
	w.add("medium", "50-249", "medium-sized", "средно", "средно предприятие")
	w.add("large", "250+", ">250", ">=250", "big", "голямо", "голямо предприятие")
	w.addSerbian("micro", "микро", "микро предузеће", "микропредузеће")
	w.addSerbian("small", "мало", "мало предузеће", "мали")
	w.addSerbian("medium", "средње", "средње предузеће", "средњи")
	w.addSerbian("large", "велико", "велико предузеће", "велики")
	return w
}()

var yesNoWords = func() *words[bool] {
	w := &words[bool]{}
	w.add(true, "yes", "y", "true", "1", "x", "да", "публично")
	w.add(false, "no", "n", "false", "0", "не", "непублично")
	w.addSerbian(true, "да", "јавно")
	w.addSerbian(false, "не", "није јавно")
	return w
}()

// countryNames are names of the countries a coordinator is most likely to write out in words:
// the two of the programme and their neighbours and main partners.
var countryWords = func() *words[string] {
	w := &words[string]{}
	w.add("RS", "Serbia", "Republic of Serbia", "SRB", "Сърбия", "Република Сърбия")
	w.addSerbian("RS", "Србија", "Република Србија")
	w.add("BG", "Bulgaria", "Republic of Bulgaria", "BGR", "България", "Република България")
	w.addSerbian("BG", "Бугарска", "Република Бугарска")
	w.add("MK", "North Macedonia", "Macedonia", "MKD", "Северна Македония", "Македония")
	w.addSerbian("MK", "Северна Македонија", "Македонија")
	w.add("RO", "Romania", "ROU", "Румъния")
	w.addSerbian("RO", "Румунија")
	w.add("GR", "Greece", "GRC", "Гърция")
	w.addSerbian("GR", "Грчка")
	w.add("ME", "Montenegro", "MNE", "Черна гора")
	w.addSerbian("ME", "Црна Гора")
	w.add("BA", "Bosnia and Herzegovina", "BIH", "Босна и Херцеговина")
	w.addSerbian("BA", "Босна и Херцеговина", "БиХ")
	w.add("HR", "Croatia", "HRV", "Хърватия")
	w.addSerbian("HR", "Хрватска")
	w.add("HU", "Hungary", "HUN", "Унгария")
	w.addSerbian("HU", "Мађарска")
	w.add("TR", "Turkey", "Türkiye", "TUR", "Турция")
	w.addSerbian("TR", "Турска")
	w.add("AT", "Austria", "AUT", "Австрия")
	w.addSerbian("AT", "Аустрија")
	w.add("DE", "Germany", "DEU", "Германия")
	w.addSerbian("DE", "Немачка")
	w.add("IT", "Italy", "ITA", "Италия")
	w.addSerbian("IT", "Италија")
	w.add("SI", "Slovenia", "SVN", "Словения")
	w.addSerbian("SI", "Словенија")
	return w
}()

// isoCountries are the officially assigned ISO 3166-1 alpha-2 codes, plus XK, which the
// European Commission and the region's registries use for Kosovo.
const isoCountries = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
	"NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
	"UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK"

var countryCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(isoCountries) {
		m[c] = true
	}
	return m
}()

func parseCountry(s string) (string, bool) {
	if up := strings.ToUpper(s); len(up) == 2 && countryCodes[up] {
		return up, true
	}
	return countryWords.lookup(s)
}

// naceSections gives the section letter of each NACE Rev. 2 division; divisions the
// classification leaves unused are absent.
var naceSections = func() map[int]byte {
	m := map[int]byte{}
	for _, r := range []struct {
		from, to int
		sec      byte
	}{
		{1, 3, 'A'}, {5, 9, 'B'}, {10, 33, 'C'}, {35, 35, 'D'}, {36, 39, 'E'}, {41, 43, 'F'}, {45, 47, 'G'},
		{49, 53, 'H'}, {55, 56, 'I'}, {58, 63, 'J'}, {64, 66, 'K'}, {68, 68, 'L'}, {69, 75, 'M'}, {77, 82, 'N'},
		{84, 84, 'O'}, {85, 85, 'P'}, {86, 88, 'Q'}, {90, 93, 'R'}, {94, 96, 'S'}, {97, 98, 'T'}, {99, 99, 'U'},
	} {
		for d := r.from; d <= r.to; d++ {
			m[d] = r.sec
		}
	}
	return m
}()

var nacePattern = regexp.MustCompile(`^([A-U])?(?:(\d{2})(\.\d{1,2})?)?$`)

// parseNACE accepts a section ("C"), a division, group or class with or without its section
// ("C10.11", "10.11", "10.1") and returns it with the section the directory requires.
func parseNACE(s string) (string, bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	m := nacePattern.FindStringSubmatch(s)
	if m == nil || s == "" {
		return "", false
	}
	if m[2] == "" {
		return s, true
	}
	div, _ := strconv.Atoi(m[2])
	sec, ok := naceSections[div]
	if !ok || (m[1] != "" && m[1][0] != sec) {
		return "", false
	}
	return string(sec) + m[2] + m[3], true
}

// splitList splits a multi-valued cell on |, comma and semicolon.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == ',' || r == ';' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sectorSlug turns a typed sector into slug form: lower case, words joined by hyphens.
func sectorSlug(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == '_' || r == '-'
	}), "-")
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// parseWebsite accepts an http(s) URL or a bare domain, to which it adds https://.
func parseWebsite(s string) (string, bool) {
	if strings.ContainsAny(s, " \t\n<>\"") {
		return "", false
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	host := u.Hostname()
	if (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || !strings.Contains(host, ".") ||
		strings.HasPrefix(host, ".") || strings.HasSuffix(host, ".") || strings.Contains(host, "..") {
		return "", false
	}
	// The text is kept as typed rather than re-encoded: url.URL.String would percent-encode a
	// Cyrillic or accented domain, which the user would no longer recognise.
	return s, true
}

// parseEmail accepts one bare address (mailto: allowed), whose domain has a dot.
func parseEmail(s string) (string, bool) {
	if len(s) > 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s || len(s) > 254 {
		return "", false
	}
	at := strings.LastIndexByte(s, '@')
	dom := s[at+1:]
	if !strings.Contains(dom, ".") || strings.HasPrefix(dom, ".") || strings.HasSuffix(dom, ".") {
		return "", false
	}
	return strings.ToLower(s), true
}

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()/.-]{4,28}[0-9]$`)

var (
	yearPattern    = regexp.MustCompile(`^(\d{4})\.?(?:\s*(?:г|год|године|година|god|godine|godina)\.?)?$`)
	dmyPattern     = regexp.MustCompile(`^\d{1,2}[./-]\s?\d{1,2}[./-]\s?(\d{4})\.?$`)
	isoDatePattern = regexp.MustCompile(`^(\d{4})-\d{2}-\d{2}$`)
)

// parseYear reads a founding year written as a year ("2015", the Serbian "2015." or "2015 г.")
// or as a full date, which spreadsheets often hold for a founding date.
func parseYear(s string) (int, bool) {
	s = strings.ToLower(s)
	for _, p := range []*regexp.Regexp{yearPattern, dmyPattern, isoDatePattern} {
		if m := p.FindStringSubmatch(s); m != nil {
			y, err := strconv.Atoi(m[1])
			return y, err == nil
		}
	}
	return 0, false
}

// parseCount reads a whole number that may group thousands with spaces, no-break spaces or
// apostrophes. negative reports a number with a minus sign, so the problem can say so.
func parseCount(s string) (n int, negative, ok bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00A0' || r == '\u202F' || r == '\'' {
			return -1
		}
		if r == '\u2212' {
			return '-'
		}
		return r
	}, s)
	if strings.HasPrefix(s, "-") {
		negative = true
		s = s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	if s == "" || len(s) > 12 {
		return 0, false, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false, false
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, false, false
	}
	if negative {
		return -n, true, true
	}
	return n, false, true
}
