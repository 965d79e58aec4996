package regno

import (
	"errors"
	"slices"
	"testing"
	"unicode/utf8"
)

// FuzzValidate feeds Validate whatever users might paste. It must never panic, must give the
// same answer for a number and its normalised form, and every failure must be an *Error with a
// listed key, so the web layer can always show a translated message.
func FuzzValidate(f *testing.F) {
	for _, s := range []string{
		"", "RS", "BG", "20084693", "RS 104 052 135", "bg831642181", "8316421810017", "BGBG1",
		"rs-rs-1", "GR 800-123-456", "\xff\xfe", "Ниш 18000", "12\u200b34", "١٢٣٤٥", "0000000000000",
	} {
		for _, c := range []string{"RS", "BG", "DE", "", "rs", "Б"} {
			f.Add(c, s)
		}
	}
	f.Fuzz(func(t *testing.T, country, s string) {
		n := Normalize(s)
		if nn := Normalize(n); nn != n {
			t.Fatalf("Normalize(%q) = %q but Normalize of that = %q", s, n, nn)
		}
		k1, err1 := Validate(country, s)
		k2, err2 := Validate(country, n)
		if k1 != k2 {
			t.Fatalf("Validate(%q, %q) = %q but Validate of Normalize = %q", country, s, k1, k2)
		}
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("Validate(%q, %q) err = %v but Validate of Normalize err = %v", country, s, err1, err2)
		}
		if err1 == nil {
			if k1 == "" {
				t.Fatalf("Validate(%q, %q) = \"\", nil; want a kind", country, s)
			}
			if k1 != Other && !allDigits(n) {
				t.Fatalf("Validate(%q, %q) = %q but the normalised number %q is not all digits", country, s, k1, n)
			}
			if k1 == Other && !utf8.ValidString(n) {
				t.Fatalf("Validate(%q, %q) accepted invalid UTF-8", country, s)
			}
			return
		}
		var e1, e2 *Error
		if !errors.As(err1, &e1) || !errors.As(err2, &e2) {
			t.Fatalf("errors %v, %v are not *regno.Error", err1, err2)
		}
		if e1.Key() != e2.Key() || !slices.Equal(e1.Args(), e2.Args()) {
			t.Fatalf("Validate(%q, %q) = %s %v but Validate of Normalize = %s %v", country, s, e1.Key(), e1.Args(), e2.Key(), e2.Args())
		}
		if !slices.Contains(Keys, e1.Key()) {
			t.Fatalf("key %q is not in Keys", e1.Key())
		}
		if len(e1.Args())%2 != 0 {
			t.Fatalf("args %v are not name/value pairs", e1.Args())
		}
	})
}

// FuzzMake checks that any seed gives a number that validates as its kind.
func FuzzMake(f *testing.F) {
	for _, seed := range []int{0, 1, -1, 899_999, 900_000, 1 << 40, -1 << 62} {
		f.Add(uint8(0), seed)
		f.Add(uint8(3), seed)
	}
	kinds := []Kind{RSMB, RSPIB, BGEIK9, BGEIK13}
	f.Fuzz(func(t *testing.T, k uint8, seed int) {
		kind := kinds[int(k)%len(kinds)]
		num := Make(kind, seed)
		country := "RS"
		if kind == BGEIK9 || kind == BGEIK13 {
			country = "BG"
		}
		if got, err := Validate(country, num); err != nil || got != kind {
			t.Fatalf("Make(%s, %d) = %q, which validates as %q, %v", kind, seed, num, got, err)
		}
	})
}
