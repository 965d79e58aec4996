// Package i18n serves the platform in its four locales: Serbian in Cyrillic (sr-Cyrl) and Latin
// (sr-Latn), Bulgarian (bg) and English (en).
//
// The Serbian catalog is kept in Cyrillic only and the Latin one is derived from it, because
// Cyrillic→Latin is exact while the reverse is not; sr-Latn.json may override single keys where
// the derived form would be wrong. A Localizer is made per request and is immutable, so
// templates that call it are safe under concurrent requests in different languages.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"clusterbridge/internal/translit"
)

// Locale is one of the four locales the platform speaks.
type Locale string

const (
	SrCyrl Locale = "sr-Cyrl"
	SrLatn Locale = "sr-Latn"
	BG     Locale = "bg"
	EN     Locale = "en"
)

// Locales in the order the language switcher shows them.
var Locales = []Locale{SrCyrl, SrLatn, BG, EN}

// Default is used when nothing else decides.
const Default = EN

// Parse accepts a locale tag as the platform writes it, case-insensitively.
func Parse(s string) (Locale, bool) {
	for _, l := range Locales {
		if strings.EqualFold(s, string(l)) {
			return l, true
		}
	}
	return "", false
}

// Message is one catalog entry: a plain text (Other), or the plural forms a language needs.
type Message struct {
	One, Few, Other string
	Plural          bool
}

func (m *Message) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		m.Other = s
		return nil
	}
	var p struct{ One, Few, Other string }
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("want a string or {\"one\",\"few\",\"other\"}: %w", err)
	}
	*m = Message{One: p.One, Few: p.Few, Other: p.Other, Plural: true}
	return nil
}

//go:embed locales/*.json
var catalogFiles embed.FS

// Bundle holds the catalogs of all locales.
type Bundle struct {
	catalogs map[Locale]map[string]Message
}

// Load reads the embedded catalogs.
func Load() (*Bundle, error) { return load(catalogFiles) }

func load(fsys fs.FS) (*Bundle, error) {
	b := &Bundle{catalogs: map[Locale]map[string]Message{}}
	read := func(l Locale) (map[string]Message, error) {
		data, err := fs.ReadFile(fsys, path.Join("locales", string(l)+".json"))
		if err != nil {
			return nil, err
		}
		m := map[string]Message{}
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s.json: %w", l, err)
		}
		return m, nil
	}
	for _, l := range []Locale{SrCyrl, BG, EN} {
		m, err := read(l)
		if err != nil {
			return nil, err
		}
		b.catalogs[l] = m
	}
	latn := map[string]Message{}
	for k, m := range b.catalogs[SrCyrl] {
		latn[k] = Message{One: translit.SerbianToLatin(m.One), Few: translit.SerbianToLatin(m.Few),
			Other: translit.SerbianToLatin(m.Other), Plural: m.Plural}
	}
	if over, err := read(SrLatn); err == nil {
		for k, m := range over {
			latn[k] = m
		}
	}
	b.catalogs[SrLatn] = latn
	return b, nil
}

// Keys lists a locale's keys, sorted.
func (b *Bundle) Keys(l Locale) []string {
	keys := make([]string, 0, len(b.catalogs[l]))
	for k := range b.catalogs[l] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Lookup returns a raw catalog entry.
func (b *Bundle) Lookup(l Locale, key string) (Message, bool) {
	m, ok := b.catalogs[l][key]
	return m, ok
}

// For returns the Localizer of a locale.
func (b *Bundle) For(l Locale) *Localizer {
	if _, ok := b.catalogs[l]; !ok {
		l = Default
	}
	return &Localizer{Locale: l, b: b}
}

// Localizer translates and formats for one locale.
type Localizer struct {
	Locale Locale
	b      *Bundle
}

// Lang is the BCP 47 tag for the html lang attribute.
func (l *Localizer) Lang() string { return string(l.Locale) }

// Has reports whether a key exists.
func (l *Localizer) Has(key string) bool {
	_, ok := l.b.catalogs[l.Locale][key]
	return ok
}

// T translates key, replacing {name} placeholders from name/value argument pairs. A missing key
// falls back to English and then to the key itself, so a gap shows as a visible key rather
// than an empty page; the catalog test keeps gaps from shipping.
func (l *Localizer) T(key string, args ...any) string {
	m, ok := l.b.catalogs[l.Locale][key]
	if !ok {
		m, ok = l.b.catalogs[Default][key]
		if !ok {
			return key
		}
	}
	return l.fill(m.Other, args)
}

// Msg translates an error or notice whose arguments come as name/value pairs: when the entry has
// plural forms and an "n" argument, the form is chosen by n.
func (l *Localizer) Msg(key string, args ...any) string {
	m, ok := l.b.catalogs[l.Locale][key]
	if ok && m.Plural {
		for i := 0; i+1 < len(args); i += 2 {
			if args[i] == "n" {
				if n, isInt := args[i+1].(int); isInt {
					rest := append(append([]any{}, args[:i]...), args[i+2:]...)
					return l.N(key, n, rest...)
				}
			}
		}
	}
	return l.T(key, args...)
}

// N translates a plural message for count n; {n} is n formatted for the locale.
func (l *Localizer) N(key string, n int, args ...any) string {
	m, ok := l.b.catalogs[l.Locale][key]
	if !ok {
		m, ok = l.b.catalogs[Default][key]
		if !ok {
			return key
		}
	}
	var form string
	switch PluralForm(l.Locale, n) {
	case "one":
		form = m.One
	case "few":
		form = m.Few
	}
	if form == "" {
		form = m.Other
	}
	return l.fill(form, append([]any{"n", l.Int(int64(n))}, args...))
}

func (l *Localizer) fill(s string, args []any) string {
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// PluralForm is the CLDR plural category of an integer: Serbian has one/few/other, Bulgarian
// and English one/other.
func PluralForm(l Locale, n int) string {
	if n < 0 {
		n = -n
	}
	switch l {
	case SrCyrl, SrLatn:
		switch d, h := n%10, n%100; {
		case d == 1 && h != 11:
			return "one"
		case d >= 2 && d <= 4 && (h < 12 || h > 14):
			return "few"
		}
		return "other"
	default:
		if n == 1 {
			return "one"
		}
		return "other"
	}
}

// Forms lists the plural categories a locale needs.
func Forms(l Locale) []string {
	if l == SrCyrl || l == SrLatn {
		return []string{"one", "few", "other"}
	}
	return []string{"one", "other"}
}

type numberFormat struct {
	group, decimal string
	minGrouping    int // CLDR minimumGroupingDigits: Bulgarian writes 1234 but 12 345
}

var numberFormats = map[Locale]numberFormat{
	EN:     {",", ".", 1},
	BG:     {"\u00a0", ",", 2},
	SrCyrl: {".", ",", 1},
	SrLatn: {".", ",", 1},
}

// Int formats an integer with the locale's grouping.
func (l *Localizer) Int(n int64) string { return l.Number(float64(n), 0) }

// Count formats an int (templates have no conversions).
func (l *Localizer) Count(n int) string { return l.Number(float64(n), 0) }

// Number formats x with the given number of decimals.
func (l *Localizer) Number(x float64, decimals int) string {
	f := numberFormats[l.Locale]
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if len(intPart) > 3 && len(intPart) >= 3+f.minGrouping {
		var b strings.Builder
		lead := len(intPart) % 3
		if lead > 0 {
			b.WriteString(intPart[:lead])
		}
		for i := lead; i < len(intPart); i += 3 {
			if b.Len() > 0 {
				b.WriteString(f.group)
			}
			b.WriteString(intPart[i : i+3])
		}
		intPart = b.String()
	}
	if neg {
		intPart = "-" + intPart
	}
	if frac != "" {
		return intPart + f.decimal + frac
	}
	return intPart
}

// Date formats a calendar date the way the locale writes it in running text.
func (l *Localizer) Date(t time.Time) string {
	month := l.T("month." + strconv.Itoa(int(t.Month())))
	switch l.Locale {
	case EN:
		return fmt.Sprintf("%d %s %d", t.Day(), month, t.Year())
	case BG:
		return fmt.Sprintf("%d %s %d г.", t.Day(), month, t.Year())
	default:
		return fmt.Sprintf("%d. %s %d.", t.Day(), month, t.Year())
	}
}

// DateTime formats a date and 24-hour time.
func (l *Localizer) DateTime(t time.Time) string {
	return l.Date(t) + " " + t.Format("15:04")
}

// Text shows user content in the reader's script: Serbian entered in Cyrillic reads in Latin to
// an sr-Latn reader and the reverse; other locales see the text as entered.
func (l *Localizer) Text(s string) string {
	switch l.Locale {
	case SrLatn:
		return translit.SerbianToLatin(s)
	case SrCyrl:
		if translit.DetectScript(s) == translit.ScriptLatin {
			return translit.SerbianToCyrillic(s)
		}
	}
	return s
}
