package regno

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestKnownNumbers checks the algorithms against numbers the registers really issued.
func TestKnownNumbers(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "known.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	rows := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			t.Fatalf("known.tsv: want 4 tab-separated columns, got %q", line)
		}
		rows++
		country, number, want, holder := cols[0], cols[1], Kind(cols[2]), cols[3]
		got, err := Validate(country, number)
		if err != nil || got != want {
			t.Errorf("Validate(%q, %q) [%s] = %q, %v; want %q, nil", country, number, holder, got, err, want)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if rows < 10 {
		t.Errorf("known.tsv has %d numbers, want at least 10", rows)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, country, in string
		want              Kind
		key               string
		class             error
	}{
		// Valid, in the ways people write them.
		{"mb plain", "RS", "20084693", RSMB, "", nil},
		{"mb spaced", "rs", " 2008 4693 ", RSMB, "", nil},
		{"mb entrepreneur", "RS", "66841251", RSMB, "", nil},
		{"mb remainder 0 gives 0", "RS", "21000000", RSMB, "", nil},
		{"mb remainder 1 gives 0", "RS", "21000060", RSMB, "", nil},
		{"pib plain", "RS", "104052135", RSPIB, "", nil},
		{"pib as VAT number", "RS", "RS104052135", RSPIB, "", nil},
		{"pib lower-case prefix and dots", "RS", "rs 104.052.135", RSPIB, "", nil},
		{"eik9 plain", "BG", "831642181", BGEIK9, "", nil},
		{"eik9 as VAT number", "BG", "BG831642181", BGEIK9, "", nil},
		{"eik9 dashes", "BG", "831-642-181", BGEIK9, "", nil},
		{"eik9 en dash and no-break space", "BG", "831\u2013642\u00a0181", BGEIK9, "", nil},
		{"eik9 second weights", "BG", "201000029", BGEIK9, "", nil},
		{"eik9 second weights give 10", "BG", "201000440", BGEIK9, "", nil},
		{"eik13 branch", "BG", "8316421810017", BGEIK13, "", nil},
		{"eik13 second weights", "BG", "8316421810062", BGEIK13, "", nil},
		{"eik13 second weights give 10", "BG", "8316421811090", BGEIK13, "", nil},
		{"other country", "GR", "GR 800-123-456", Other, "", nil},
		{"other alphanumeric", "at", "FN 123456a", Other, "", nil},
		{"other digits only", "MK", "4030999123456", Other, "", nil},
		{"other Cyrillic letters", "UA", "АБ123456", Other, "", nil},

		// One digit changed.
		{"mb digit changed", "RS", "20084683", "", KeyRSMBChecksum, ErrChecksum},
		{"mb check digit changed", "RS", "20084694", "", KeyRSMBChecksum, ErrChecksum},
		{"pib digit changed", "RS", "104052235", "", KeyRSPIBChecksum, ErrChecksum},
		{"pib check digit changed", "RS", "104052136", "", KeyRSPIBChecksum, ErrChecksum},
		{"eik9 digit changed", "BG", "831642171", "", KeyBGEIK9Sum, ErrChecksum},
		{"eik9 second weights digit changed", "BG", "000697327", "", KeyBGEIK9Sum, ErrChecksum},
		{"eik13 branch digit changed", "BG", "8316421810027", "", KeyBGEIK13Sum, ErrChecksum},
		{"eik13 company part wrong", "BG", "8316421820017", "", KeyBGEIK9Sum, ErrChecksum},

		// Two neighbours swapped.
		{"mb transposed", "RS", "20048693", "", KeyRSMBChecksum, ErrChecksum},
		{"pib transposed", "RS", "104025135", "", KeyRSPIBChecksum, ErrChecksum},
		{"eik9 transposed", "BG", "836142181", "", KeyBGEIK9Sum, ErrChecksum},
		{"eik13 transposed", "BG", "8316421810071", "", KeyBGEIK13Sum, ErrChecksum},

		// Wrong length, letters, nothing.
		{"rs seven digits", "RS", "2008469", "", KeyRSLength, ErrLength},
		{"rs thirteen digits", "RS", "0101990710006", "", KeyRSLength, ErrLength},
		{"bg ten digits (personal number)", "BG", "7523169263", "", KeyBGLength, ErrLength},
		{"bg twelve digits", "BG", "831642181001", "", KeyBGLength, ErrLength},
		{"rs letter inside", "RS", "2008A693", "", KeyFormat, ErrFormat},
		{"rs wrong country prefix", "RS", "BGX104052135", "", KeyFormat, ErrFormat},
		{"bg Cyrillic letter", "BG", "83164218б", "", KeyFormat, ErrFormat},
		{"empty", "RS", "", "", KeyEmpty, ErrEmpty},
		{"only separators", "BG", " - . ", "", KeyEmpty, ErrEmpty},
		{"prefix alone is not a number", "BG", "BG", "", KeyFormat, ErrFormat},
		{"other too short", "DE", "12-3", "", KeyOtherFormat, ErrLength},
		{"other too long", "DE", "123456789012345678901", "", KeyOtherFormat, ErrLength},
		{"other punctuation", "DE", "HRB/12345", "", KeyOtherFormat, ErrFormat},
		{"country missing", "", "20084693", "", KeyCountry, ErrCountry},
		{"country three letters", "SRB", "20084693", "", KeyCountry, ErrCountry},
		{"country digits", "38", "20084693", "", KeyCountry, ErrCountry},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Validate(tt.country, tt.in)
			if tt.key == "" {
				if err != nil || got != tt.want {
					t.Fatalf("Validate(%q, %q) = %q, %v; want %q, nil", tt.country, tt.in, got, err, tt.want)
				}
				return
			}
			if got != "" {
				t.Errorf("Validate(%q, %q) kind = %q, want \"\" on error", tt.country, tt.in, got)
			}
			e := asError(t, err)
			if e.Key() != tt.key {
				t.Errorf("Validate(%q, %q) key = %q, want %q", tt.country, tt.in, e.Key(), tt.key)
			}
			if !errors.Is(err, tt.class) {
				t.Errorf("Validate(%q, %q) = %v, want class %v", tt.country, tt.in, err, tt.class)
			}
		})
	}
}

func asError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *regno.Error", err, err)
	}
	return e
}

// TestErrorArgs checks the arguments the catalog texts rely on.
func TestErrorArgs(t *testing.T) {
	tests := []struct {
		country, in string
		want        []any
	}{
		{"RS", "RS 1040-52136", []any{"number", "104052136"}},
		{"RS", "1234", []any{"number", "1234", "n", 4}},
		{"BG", "83164218201", []any{"number", "83164218201", "n", 11}},
		{"BG", "8316421820017", []any{"number", "831642182"}},
		{"SRB", "1", []any{"country", "SRB"}},
		{"RS", "", nil},
	}
	for _, tt := range tests {
		_, err := Validate(tt.country, tt.in)
		e := asError(t, err)
		if got := e.Args(); !slices.Equal(got, tt.want) {
			t.Errorf("Validate(%q, %q) args = %v, want %v", tt.country, tt.in, got, tt.want)
		}
	}
	// Callers may append to Args for their own messages without changing the error.
	_, err := Validate("RS", "12")
	e := asError(t, err)
	_ = append(e.Args(), "extra")
	if got := len(e.Args()); got != 4 {
		t.Errorf("after appending to a copy, len(Args) = %d, want 4", got)
	}
	if msg := err.Error(); !strings.Contains(msg, KeyRSLength) || !strings.Contains(msg, `n="2"`) {
		t.Errorf("Error() = %q, want the key and the arguments for the log", msg)
	}
}

// TestKeysComplete makes sure Keys (which the catalog is written from) lists exactly the keys
// Validate reports.
func TestKeysComplete(t *testing.T) {
	inputs := [][2]string{
		{"RS", ""}, {"X", "1"}, {"RS", "A1"}, {"RS", "1"}, {"BG", "1"}, {"DE", "1"},
		{"RS", "20084694"}, {"RS", "104052136"}, {"BG", "831642182"}, {"BG", "8316421810018"},
	}
	seen := map[string]bool{}
	for _, in := range inputs {
		_, err := Validate(in[0], in[1])
		seen[asError(t, err).Key()] = true
	}
	for _, k := range Keys {
		if !seen[k] {
			t.Errorf("key %q is listed in Keys but no input produced it", k)
		}
		delete(seen, k)
	}
	for k := range seen {
		t.Errorf("key %q is produced but missing from Keys", k)
	}
}

func TestLabel(t *testing.T) {
	for _, k := range []Kind{RSMB, RSPIB, BGEIK9, BGEIK13, Other} {
		if got, want := k.Label(), "regno.kind."+string(k); got != want {
			t.Errorf("%q.Label() = %q, want %q", k, got, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"104052135", "104052135"},
		{" RS 104-052-135 ", "104052135"},
		{"rs104052135", "104052135"},
		{"BG 831.642.181", "831642181"},
		{"bg\t831\u2014642\u2212181", "831642181"},
		{"BG", "BG"},
		{"BGBG123", "BGBG123"},
		{"RSA123", "RSA123"},
		{"hrb 12345", "HRB12345"},
		{"FN 123456 a", "FN123456A"},
		{"Ниш-12", "Ниш12"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Normalize(Normalize(tt.in)); got != tt.want {
			t.Errorf("Normalize(Normalize(%q)) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckDigitsRejectBadBases(t *testing.T) {
	fns := []struct {
		name string
		fn   func(string) (byte, bool)
		n    int
	}{
		{"CheckDigitRSMB", CheckDigitRSMB, 7},
		{"CheckDigitRSPIB", CheckDigitRSPIB, 8},
		{"CheckDigitBGEIK9", CheckDigitBGEIK9, 8},
		{"CheckDigitBGEIK13", CheckDigitBGEIK13, 12},
	}
	for _, f := range fns {
		good := strings.Repeat("1", f.n)
		if d, ok := f.fn(good); !ok || d < '0' || d > '9' {
			t.Errorf("%s(%q) = %q, %v; want a digit, true", f.name, good, d, ok)
		}
		for _, bad := range []string{"", good[1:], good + "1", "x" + good[1:], good[1:] + " "} {
			if d, ok := f.fn(bad); ok {
				t.Errorf("%s(%q) = %q, true; want false", f.name, bad, d)
			}
		}
	}
}

// TestSubstitutionsDetected changes every digit of many numbers to every other value. A changed
// check digit must always be caught; a PIB (ISO 7064 MOD 11,10) catches every single change. An
// MB misses a change only where both bases' remainders are 0 or 1, which share check digit 0.
func TestSubstitutionsDetected(t *testing.T) {
	for _, kind := range []Kind{RSMB, RSPIB, BGEIK9, BGEIK13} {
		country := strings.ToUpper(string(kind[:2]))
		missed, tried := 0, 0
		for seed := range 300 {
			n := Make(kind, seed*7_777)
			for i := range len(n) {
				for d := byte('0'); d <= '9'; d++ {
					if d == n[i] {
						continue
					}
					changed := n[:i] + string(d) + n[i+1:]
					_, err := Validate(country, changed)
					tried++
					if err != nil {
						continue
					}
					missed++
					switch {
					case i == len(n)-1:
						t.Fatalf("%s %s with check digit changed to %s was accepted", kind, n, changed)
					case kind == RSPIB:
						t.Fatalf("PIB %s changed to %s was accepted", n, changed)
					case kind == RSMB:
						r1, r2 := rsMBRemainder(n[:7]), rsMBRemainder(changed[:7])
						if r1 > 1 || r2 > 1 {
							t.Fatalf("MB %s changed to %s was accepted (remainders %d, %d)", n, changed, r1, r2)
						}
					}
				}
			}
		}
		// The EIK's fallback weights let a few changes through; a broken rule would let most.
		if missed*20 > tried {
			t.Errorf("%s: %d of %d single-digit changes accepted, want under 5%%", kind, missed, tried)
		}
	}
}

func TestMake(t *testing.T) {
	long := os.Getenv("CLUSTERBRIDGE_LONG") == "1"
	for _, kind := range []Kind{RSMB, RSPIB, BGEIK9, BGEIK13} {
		limit := min(Capacity(kind), 20_000)
		if long {
			// Every seed, except for branches, whose part after the company number is a plain
			// counter over companies already swept as bg-eik9.
			limit = min(Capacity(kind), 3_000_000)
		}
		country := strings.ToUpper(string(kind[:2]))
		seen := newNumberSet()
		for seed := range limit {
			num := Make(kind, seed)
			got, err := Validate(country, num)
			if err != nil || got != kind {
				t.Fatalf("Make(%s, %d) = %q, which validates as %q, %v", kind, seed, num, got, err)
			}
			if !seen.add(num[:len(num)-1]) {
				t.Fatalf("Make(%s, %d) = %q, already made for a smaller seed", kind, seed, num)
			}
			if kind == RSMB && rsMBRemainder(num[:7]) == 1 {
				t.Fatalf("Make(%s, %d) = %q, whose check digit relies on the collapsed remainder 1", kind, seed, num)
			}
		}
		if a, b := Make(kind, 5), Make(kind, 5+Capacity(kind)); a != b {
			t.Errorf("Make(%s, 5) = %q but Make(%s, 5+capacity) = %q; want wrap-around", kind, a, kind, b)
		}
		if a := Make(kind, -1); a != Make(kind, -1) || a == "" {
			t.Errorf("Make(%s, -1) = %q, want a stable valid number", kind, a)
		}
	}
	for _, kind := range []Kind{Other, "xx-unknown"} {
		if got := Make(kind, 1); got != "" {
			t.Errorf("Make(%q, 1) = %q, want \"\"", kind, got)
		}
	}
}

// numberSet remembers digit strings in a bitset, so the long sweep over ten million PIBs needs
// a few tens of megabytes rather than a map of strings.
type numberSet struct{ bits map[uint64]uint64 }

func newNumberSet() *numberSet { return &numberSet{bits: map[uint64]uint64{}} }

// add reports whether s was new.
func (ns *numberSet) add(s string) bool {
	var v uint64
	for i := 0; i < len(s); i++ {
		v = v*10 + uint64(s[i]-'0')
	}
	word, bit := v/64, uint64(1)<<(v%64)
	if ns.bits[word]&bit != 0 {
		return false
	}
	ns.bits[word] |= bit
	return true
}

func TestMakeShapes(t *testing.T) {
	tests := []struct {
		kind   Kind
		prefix string
		length int
	}{
		{RSMB, "2", 8}, {RSPIB, "1", 9}, {BGEIK9, "20", 9}, {BGEIK13, "20", 13},
	}
	for _, tt := range tests {
		for seed := range 50 {
			got := Make(tt.kind, seed)
			if len(got) != tt.length || !strings.HasPrefix(got, tt.prefix) {
				t.Errorf("Make(%s, %d) = %q, want %d digits starting %q", tt.kind, seed, got, tt.length, tt.prefix)
			}
		}
	}
	// Consecutive seeds should not give numbers that look like a counter.
	a, b := Make(RSMB, 0), Make(RSMB, 1)
	if a[:6] == b[:6] {
		t.Errorf("Make(rs-mb, 0) = %s and Make(rs-mb, 1) = %s share six digits; want them scattered", a, b)
	}
}
