package orgcsv

import (
	"reflect"
	"testing"
)

func scanAll(s string, sep byte) []record {
	sc := newScanner(s, sep, 1)
	var out []record
	for {
		r, ok := sc.next()
		if !ok {
			return out
		}
		out = append(out, r)
	}
}

func TestScanner(t *testing.T) {
	tests := []struct {
		name string
		in   string
		sep  byte
		want []record
	}{
		{"plain", "a,b\nc,d\n", ',', []record{{line: 1, cells: []string{"a", "b"}}, {line: 2, cells: []string{"c", "d"}}}},
		{"no final break", "a;b", ';', []record{{line: 1, cells: []string{"a", "b"}}}},
		{"trailing separator", "a,", ',', []record{{line: 1, cells: []string{"a", ""}}}},
		{"crlf and cr", "a\r\nb\rc", ',', []record{{line: 1, cells: []string{"a"}}, {line: 2, cells: []string{"b"}}, {line: 3, cells: []string{"c"}}}},
		{"quoted separator", `"a,b",c`, ',', []record{{line: 1, cells: []string{"a,b", "c"}}}},
		{"escaped quote", `"say ""hi""",x`, ',', []record{{line: 1, cells: []string{`say "hi"`, "x"}}}},
		{"line break in quotes", "\"one\r\ntwo\",x\ny", ',', []record{{line: 1, cells: []string{"one\ntwo", "x"}}, {line: 3, cells: []string{"y"}}}},
		{"space before quote", `a, "b,c"`, ',', []record{{line: 1, cells: []string{"a", "b,c"}}}},
		{"text after closing quote", `"ab"cd,e`, ',', []record{{line: 1, cells: []string{"abcd", "e"}}}},
		{"stray quote inside", `ab"c,d`, ',', []record{{line: 1, cells: []string{`ab"c`, "d"}}}},
		{"unclosed quote", "\"a,b\nc,d", ',', []record{{line: 1, cells: []string{`"a`, "b"}, unclosed: true}, {line: 2, cells: []string{"c", "d"}}}},
		{"blank line", "a\n\nb", ',', []record{{line: 1, cells: []string{"a"}}, {line: 2, cells: []string{""}}, {line: 3, cells: []string{"b"}}}},
		{"tab", "a\tb", '\t', []record{{line: 1, cells: []string{"a", "b"}}}},
	}
	for _, tt := range tests {
		if got := scanAll(tt.in, tt.sep); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: scan(%q) = %+v, want %+v", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestDetectSeparator(t *testing.T) {
	tests := []struct {
		in   string
		want byte
	}{
		{"name,kind,country", ','},
		{"name;kind;country", ';'},
		{"name\tkind\tcountry", '\t'},
		{`"name, full";kind;country`, ';'},
		{`"a;b;c",kind`, ','},
		{"name;kind,country", ';'},
		{"name", ','},
		{"name,kind\nx;y;z;w", ','},
	}
	for _, tt := range tests {
		if got := detectSeparator(tt.in); got != tt.want {
			t.Errorf("detectSeparator(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSepHint(t *testing.T) {
	tests := []struct {
		in      string
		wantSep byte
		wantLen int
	}{
		{"sep=;\r\nname;kind", ';', 7},
		{"SEP=,\nname", ',', 6},
		{"sep=;", ';', 5},
		{"sep=;x\n", 0, 0},
		{"separator", 0, 0},
		{"name,kind", 0, 0},
	}
	for _, tt := range tests {
		sep, n := sepHint(tt.in)
		if sep != tt.wantSep || n != tt.wantLen {
			t.Errorf("sepHint(%q) = %q, %d; want %q, %d", tt.in, sep, n, tt.wantSep, tt.wantLen)
		}
	}
}

func TestColumnLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := columnLetter(i); got != want {
			t.Errorf("columnLetter(%d) = %q, want %q", i, got, want)
		}
	}
}
