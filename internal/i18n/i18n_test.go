package i18n

import (
	"regexp"
	"sort"
	"testing"
	"time"
)

func bundle(t *testing.T) *Bundle {
	t.Helper()
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

func placeholders(m Message) []string {
	set := map[string]bool{}
	for _, s := range []string{m.One, m.Few, m.Other} {
		for _, p := range placeholder.FindAllString(s, -1) {
			set[p] = true
		}
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// TestCatalogsComplete fails when any key is missing from any locale, when a plural entry lacks a
// form its language needs, or when translations disagree about placeholders.
func TestCatalogsComplete(t *testing.T) {
	b := bundle(t)
	all := map[string]bool{}
	for _, l := range Locales {
		for _, k := range b.Keys(l) {
			all[k] = true
		}
	}
	if len(all) < 50 {
		t.Fatalf("only %d keys: catalogs not loaded?", len(all))
	}
	for k := range all {
		ref, _ := b.Lookup(EN, k)
		for _, l := range Locales {
			m, ok := b.Lookup(l, k)
			if !ok {
				t.Errorf("%s: key %q missing", l, k)
				continue
			}
			if m.Other == "" {
				t.Errorf("%s: key %q is empty", l, k)
			}
			if m.Plural != ref.Plural {
				t.Errorf("%s: key %q plural=%v, but en has plural=%v", l, k, m.Plural, ref.Plural)
			}
			if m.Plural {
				for _, f := range Forms(l) {
					var s string
					switch f {
					case "one":
						s = m.One
					case "few":
						s = m.Few
					default:
						s = m.Other
					}
					if s == "" {
						t.Errorf("%s: plural key %q lacks form %q", l, k, f)
					}
				}
			}
			if got, want := placeholders(m), placeholders(ref); !equal(got, want) {
				t.Errorf("%s: key %q placeholders %v, en has %v", l, k, got, want)
			}
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSerbianLatinDerivedFromCyrillic(t *testing.T) {
	b := bundle(t)
	if got, want := b.For(SrLatn).T("nav.signin"), "Prijava"; got != want {
		t.Errorf("sr-Latn nav.signin = %q, want %q", got, want)
	}
	if got, want := b.For(SrCyrl).T("nav.signin"), "Пријава"; got != want {
		t.Errorf("sr-Cyrl nav.signin = %q, want %q", got, want)
	}
}

func TestPluralForms(t *testing.T) {
	tests := []struct {
		l    Locale
		n    int
		want string
	}{
		{SrCyrl, 1, "one"}, {SrCyrl, 21, "one"}, {SrCyrl, 101, "one"}, {SrCyrl, 11, "other"},
		{SrCyrl, 2, "few"}, {SrCyrl, 4, "few"}, {SrCyrl, 22, "few"}, {SrCyrl, 34, "few"}, {SrCyrl, 12, "other"}, {SrCyrl, 14, "other"},
		{SrLatn, 5, "other"}, {SrLatn, 0, "other"}, {SrLatn, 112, "other"}, {SrLatn, 111, "other"}, {SrLatn, 1001, "one"},
		{BG, 1, "one"}, {BG, 0, "other"}, {BG, 2, "other"}, {BG, 21, "other"},
		{EN, 1, "one"}, {EN, 0, "other"}, {EN, 11, "other"},
	}
	for _, tt := range tests {
		if got := PluralForm(tt.l, tt.n); got != tt.want {
			t.Errorf("PluralForm(%s, %d) = %q, want %q", tt.l, tt.n, got, tt.want)
		}
	}
}

func TestPluralMessages(t *testing.T) {
	b := bundle(t)
	tests := []struct {
		l    Locale
		n    int
		want string
	}{
		{SrCyrl, 1, "1 корисник"}, {SrCyrl, 3, "3 корисника"}, {SrLatn, 21, "21 korisnik"}, {SrLatn, 11, "11 korisnika"},
		{BG, 1, "1 потребител"}, {BG, 5, "5 потребители"}, {EN, 1, "1 user"}, {EN, 1250, "1,250 users"},
		{BG, 12500, "12\u00a0500 потребители"},
	}
	for _, tt := range tests {
		if got := b.For(tt.l).N("admin.users.count", tt.n); got != tt.want {
			t.Errorf("%s N(%d) = %q, want %q", tt.l, tt.n, got, tt.want)
		}
	}
	if got, want := b.For(SrLatn).Msg("auth.login.rate_limited", "n", 3), "Previše neuspešnih pokušaja. Pokušajte ponovo za 3 minuta."; got != want {
		t.Errorf("Msg = %q, want %q", got, want)
	}
}

func TestNumbers(t *testing.T) {
	b := bundle(t)
	tests := []struct {
		l    Locale
		x    float64
		dec  int
		want string
	}{
		{EN, 1234567.891, 2, "1,234,567.89"},
		{BG, 1234567.891, 2, "1\u00a0234\u00a0567,89"},
		{BG, 1234, 0, "1234"},
		{BG, 12345, 0, "12\u00a0345"},
		{SrCyrl, 1234567.5, 1, "1.234.567,5"},
		{SrLatn, -9876, 0, "-9.876"},
		{EN, 999, 0, "999"},
		{EN, 0.5, 2, "0.50"},
	}
	for _, tt := range tests {
		if got := b.For(tt.l).Number(tt.x, tt.dec); got != tt.want {
			t.Errorf("%s Number(%v) = %q, want %q", tt.l, tt.x, got, tt.want)
		}
	}
}

func TestDates(t *testing.T) {
	b := bundle(t)
	d := time.Date(2026, time.March, 1, 14, 5, 0, 0, time.UTC)
	tests := []struct {
		l    Locale
		want string
	}{
		{EN, "1 March 2026"}, {BG, "1 март 2026 г."}, {SrCyrl, "1. март 2026."}, {SrLatn, "1. mart 2026."},
	}
	for _, tt := range tests {
		if got := b.For(tt.l).Date(d); got != tt.want {
			t.Errorf("%s Date = %q, want %q", tt.l, got, tt.want)
		}
	}
	if got, want := b.For(SrLatn).DateTime(d), "1. mart 2026. 14:05"; got != want {
		t.Errorf("DateTime = %q, want %q", got, want)
	}
}

func TestNegotiate(t *testing.T) {
	tests := []struct {
		name                         string
		query, cookie, saved, accept string
		want                         Locale
	}{
		{"query wins", "bg", "en", "sr-Latn", "en", BG},
		{"query case-insensitive", "SR-latn", "", "", "", SrLatn},
		{"bad query falls to cookie", "xx", "sr-Cyrl", "", "en", SrCyrl},
		{"cookie before saved", "", "en", "bg", "", EN},
		{"saved before browser", "", "", "bg", "en-US", BG},
		{"browser sr", "", "", "", "sr-RS,sr;q=0.9,en;q=0.5", SrCyrl},
		{"browser sr-Latn", "", "", "", "sr-Latn-RS", SrLatn},
		{"browser q order", "", "", "", "de;q=1, en;q=0.4, bg;q=0.8", BG},
		{"croatian reads Latin", "", "", "", "hr-HR", SrLatn},
		{"nothing known", "", "", "", "de-DE, fr;q=0.5", EN},
		{"empty", "", "", "", "", EN},
		{"q=0 refused", "", "", "", "bg;q=0, sr", SrCyrl},
	}
	for _, tt := range tests {
		if got := Negotiate(tt.query, tt.cookie, tt.saved, tt.accept); got != tt.want {
			t.Errorf("%s: Negotiate = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestTextFollowsReaderScript(t *testing.T) {
	b := bundle(t)
	tests := []struct {
		l        Locale
		in, want string
	}{
		{SrLatn, "Кућа кластера Ниш", "Kuća klastera Niš"},
		{SrCyrl, "Kuća klastera Niš", "Кућа кластера Ниш"},
		{SrCyrl, "Кућа кластера", "Кућа кластера"},
		{BG, "Кућа кластера", "Кућа кластера"},
		{EN, "Kuća klastera", "Kuća klastera"},
	}
	for _, tt := range tests {
		if got := b.For(tt.l).Text(tt.in); got != tt.want {
			t.Errorf("%s Text(%q) = %q, want %q", tt.l, tt.in, got, tt.want)
		}
	}
}

func TestMissingKeyFallsBack(t *testing.T) {
	b := bundle(t)
	if got := b.For(BG).T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q, want the key itself", got)
	}
	if got := b.For(EN).T("home.signed_in_as", "name", "Ана"); got != "Signed in as Ана." {
		t.Errorf("placeholder = %q", got)
	}
}
