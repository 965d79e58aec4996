package orgcsv

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sectorSlugs are the directory's sectors, as the directory package passes them.
var sectorSlugs = []string{"tourism", "agriculture", "food-processing", "crafts", "textiles", "construction", "architecture",
	"furniture-design", "environment", "ict", "energy", "youth-entrepreneurship", "business-support", "public-administration"}

// testNow fixes the year so that founding-year checks are reproducible.
var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// testOptions checks registration numbers with a stand-in that accepts only the numbers the
// test files use as valid, so a problem shows that the checker was called with the right pair.
func testOptions() Options {
	valid := map[string]bool{"RS 21743062": true, "BG 205273810": true}
	return Options{
		ValidSector: func(s string) bool { return slices.Contains(sectorSlugs, s) },
		CheckRegNo: func(country, number string) (string, []any) {
			if valid[country+" "+number] {
				return "", nil
			}
			return "regno.checksum", []any{"number", number}
		},
		Now: testNow,
	}
}

// describe renders a Result as stable text for golden files: every non-empty field of every
// row, then every problem.
func describe(res Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "encoding %s, separator %q\n", res.Encoding, res.Separator)
	for _, r := range res.Rows {
		fmt.Fprintf(&b, "row %d\n", r.Line)
		field := func(name string, v any) {
			switch x := v.(type) {
			case string:
				if x == "" {
					return
				}
				v = fmt.Sprintf("%q", x)
			case int:
				if x == 0 {
					return
				}
			case []string:
				if len(x) == 0 {
					return
				}
				v = fmt.Sprintf("%q", x)
			case *bool:
				if x == nil {
					return
				}
				v = *x
			}
			fmt.Fprintf(&b, "  %s: %v\n", name, v)
		}
		field("name", r.Name)
		field("short_name", r.ShortName)
		field("kind", r.Kind)
		field("size", r.Size)
		field("country", r.Country)
		field("municipality", r.Municipality)
		field("city", r.City)
		field("address", r.Address)
		field("website", r.Website)
		field("email", r.Email)
		field("phone", r.Phone)
		field("registration_number", r.RegistrationNumber)
		field("founded", r.Founded)
		field("employees", r.Employees)
		field("sectors", r.Sectors)
		field("nace", r.NACE)
		for _, lang := range []string{"", "en", "bg", "sr"} {
			if d, ok := r.Descriptions[lang]; ok {
				field("description["+lang+"]", d)
			}
		}
		field("public", r.Public)
	}
	for _, p := range res.Problems {
		fmt.Fprintf(&b, "problem line %d field %q key %s args %v value %q\n", p.Line, p.Field, p.Key, p.Args, p.Value)
	}
	return b.String()
}

func readFile(t *testing.T, name string) Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Read(bytes.NewReader(data), testOptions())
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return res
}

// TestReadGolden reads every messy example file and compares the whole result with its golden
// description; run with -update after a deliberate change and review the diff.
func TestReadGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 8 {
		t.Fatalf("found %d example files, want at least 8", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			got := describe(readFile(t, name))
			golden := strings.TrimSuffix(f, ".csv") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("Read(%s) differs from %s\ngot:\n%s\nwant:\n%s", name, golden, got, want)
			}
		})
	}
}

// TestEveryProblem asserts, independently of the golden file, each problem the every_problem
// example must raise: one of each kind, on the right line and column.
func TestEveryProblem(t *testing.T) {
	res := readFile(t, "every_problem.csv")
	type want struct {
		line  int
		field string
		key   string
		value string
	}
	wants := []want{
		{1, "name", keyDuplicate, "назив"},
		{1, "", keyUnknownColumns, ""},
		{4, "name", keyRequired[colName], ""},
		{4, "kind", keyKind, "spaceship"},
		{4, "country", keyCountry, "XX"},
		{4, "size", keySize, "huge"},
		{4, "website", keyWebsite, "ftp://bad.example"},
		{4, "email", keyEmail, "not-an-email"},
		{4, "phone", keyPhone, "call me"},
		{4, "sectors", keySector, "underwater-basket"},
		{4, "founded", keyFoundedRange, "1700"},
		{4, "employees", keyEmployeesNeg, "-5"},
		{4, "nace", keyNACE, "Z99"},
		{4, "nace", keyNACE, "C62"},
		{4, "public", keyPublic, "maybe"},
		{5, "country", keyRequired[colCountry], ""},
		{5, "website", keyWebsite, "localhost"},
		{5, "email", keyEmail, "a@b"},
		{5, "phone", keyPhone, "123"},
		{5, "founded", keyFounded, "next year"},
		{5, "employees", keyEmployees, "many"},
		{6, "", keyExtraCells, ""},
		{6, "founded", keyFoundedRange, "2031"},
		{6, "employees", keyEmployeesRange, "3000000"},
		{7, "registration_number", "regno.checksum", "RS 999"},
	}
	var got []want
	for _, p := range res.Problems {
		got = append(got, want{p.Line, p.Field, p.Key, p.Value})
	}
	for _, w := range wants {
		if !slices.Contains(got, w) {
			t.Errorf("missing problem %+v", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(wants, g) {
			t.Errorf("unexpected problem %+v", g)
		}
	}
	if n := len(res.Rows); n != 5 {
		t.Errorf("got %d rows, want 5 (the blank line is skipped)", n)
	}
	if !res.Blocking() {
		t.Errorf("Blocking() = false, want true")
	}
}

func keysOf(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%d:%s", p.Line, p.Key))
	}
	return out
}

// TestReadCases covers file-level situations with small inline inputs, listing the exact
// problems expected.
func TestReadCases(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		opt      func(*Options)
		wantRows int
		wantKeys []string
		wantSep  rune
	}{
		{"empty", "", nil, 0, []string{"0:" + keyEmpty}, ','},
		{"only blank lines", "\n\r\n  \n", nil, 0, []string{"0:" + keyEmpty}, ','},
		{"header only", "name;kind;country\r\n", nil, 0, []string{"0:" + keyNoRows}, ';'},
		{"header after blank lines", "\n\nname,kind,country\nA,company,RS\n", nil, 1, nil, ','},
		{"excel sep line", "sep=;\nname;kind;country\nA, B and C;company;RS\n", nil, 1, nil, ';'},
		{"missing columns", "name\nA\n", nil, 1, []string{"1:" + keyMissingColumn[colKind], "1:" + keyMissingColumn[colCountry]}, ','},
		{"missing name column", "kind,country\ncompany,RS\n", nil, 1, []string{"1:" + keyMissingColumn[colName]}, ','},
		{"max rows", "name,kind,country\nA,company,RS\nB,company,RS\nC,company,RS\n", func(o *Options) { o.MaxRows = 2 }, 2,
			[]string{"0:" + keyTooManyRows}, ','},
		{"founded this year", "name,kind,country,founded\nA,company,RS,2026\n", nil, 1, nil, ','},
		{"founded next year", "name,kind,country,founded\nA,company,RS,2027\n", nil, 1, []string{"2:" + keyFoundedRange}, ','},
		{"any slug without a sector list", "name,kind,country,sectors\nA,company,RS,space-travel\n", func(o *Options) { o.ValidSector = nil }, 1, nil, ','},
		{"bad slug without a sector list", "name,kind,country,sectors\nA,company,RS,Ünïcode!\n", func(o *Options) { o.ValidSector = nil }, 1, []string{"2:" + keySector}, ','},
		{"no number check", "name,kind,country,registration_number\nA,company,RS,1\n", func(o *Options) { o.CheckRegNo = nil }, 1, nil, ','},
		{"size of a non-company", "name,kind,country,size\nA,cluster,RS,small\n", nil, 1, []string{"2:" + keySizeCompany}, ','},
		{"too long", "name,kind,country\n" + strings.Repeat("Ш", 201) + ",company,RS\n", nil, 1, []string{"2:" + keyTooLong}, ','},
		{"formula guard undone", "name,kind,country\n'=A1,company,RS\n", nil, 1, nil, ','},
	}
	for _, tt := range tests {
		opt := testOptions()
		if tt.opt != nil {
			tt.opt(&opt)
		}
		res, err := Read(strings.NewReader(tt.in), opt)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := keysOf(res.Problems); !slices.Equal(got, tt.wantKeys) {
			t.Errorf("%s: problems %q, want %q", tt.name, got, tt.wantKeys)
		}
		if len(res.Rows) != tt.wantRows || res.Separator != tt.wantSep {
			t.Errorf("%s: %d rows, separator %q; want %d, %q", tt.name, len(res.Rows), res.Separator, tt.wantRows, tt.wantSep)
		}
	}
}

func TestReadDetails(t *testing.T) {
	res, err := Read(strings.NewReader("sep=;\nname;kind;country\nA, B and C;company;RS\n"), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 || res.Rows[0].Line != 3 || res.Rows[0].Name != "A, B and C" {
		t.Errorf("sep line: rows %+v, want one row on line 3 named %q", res.Rows, "A, B and C")
	}
	res, err = Read(strings.NewReader("name,kind,country\n'=A1,company,RS\n"), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Rows[0].Name; got != "=A1" {
		t.Errorf("guarded name read as %q, want %q", got, "=A1")
	}
	res, err = Read(strings.NewReader("name,kind,country\nA,company,RS\nB,company,RS\nC,company,RS\n"), Options{MaxRows: 2})
	if err != nil {
		t.Fatal(err)
	}
	if p := res.Problems[0]; !slices.Equal(p.Args, []any{"max", 2, "n", 3}) {
		t.Errorf("too many rows args %v, want [max 2 n 3]", p.Args)
	}
	// Decomposed letters as pasted from macOS are composed, so they compare equal to typed ones.
	res, err = Read(strings.NewReader("name,kind,country\nNis\u030cka Banja,cluster,RS\n"), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Rows[0].Name; got != "Niška Banja" {
		t.Errorf("decomposed name read as %q, want %q", got, "Niška Banja")
	}
}

func TestBlocking(t *testing.T) {
	tests := []struct {
		problems []Problem
		want     bool
	}{
		{nil, false},
		{[]Problem{{Line: 1, Key: keyUnknownColumns}, {Line: 1, Key: keyUnnamedColumn}}, false},
		{[]Problem{{Line: 1, Key: keyUnknownColumns}, {Line: 1, Key: keyDuplicate}}, true},
		{[]Problem{{Line: 2, Key: "regno.checksum"}}, true},
	}
	for _, tt := range tests {
		if got := (Result{Problems: tt.problems}).Blocking(); got != tt.want {
			t.Errorf("Blocking(%v) = %v, want %v", keysOf(tt.problems), got, tt.want)
		}
	}
}

// TestKeysComplete reads every example and inline case and requires each key reported to be in
// Keys, and Keys to hold no key twice.
func TestKeysComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Keys {
		if seen[k] {
			t.Errorf("key %q listed twice", k)
		}
		seen[k] = true
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.csv"))
	for _, f := range files {
		for _, p := range readFile(t, filepath.Base(f)).Problems {
			if !seen[p.Key] && !strings.HasPrefix(p.Key, "regno.") {
				t.Errorf("%s: key %q not in Keys", f, p.Key)
			}
		}
	}
}
