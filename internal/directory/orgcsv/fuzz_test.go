package orgcsv

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRead feeds arbitrary uploads to Read: it must never panic, fail only with an
// *InputError, point every Problem and Row at a line the file has, and give rows a name-free
// but well-formed shape (no control characters, no surrounding space).
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.csv"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(Template())
	f.Add([]byte("sep=;\nname;kind;country\n\"a;b\";cluster;RS"))
	f.Add([]byte("name,kind,country\n\"unclosed,cluster,RS\nx,y,z"))
	f.Add([]byte("name\rkind\r\r"))
	opt := testOptions()
	opt.MaxRows = 50
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Read(bytes.NewReader(data), opt)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Key == "" {
				t.Fatalf("error %v is not an *InputError with a key", err)
			}
			return
		}
		text, _, derr := decode(data)
		if derr != nil {
			t.Fatalf("Read succeeded but decode failed: %v", derr)
		}
		// A record starts on a line the text has: count lines the way the scanner does.
		lines := 1 + strings.Count(text, "\n") + strings.Count(text, "\r") - strings.Count(text, "\r\n")
		for _, p := range res.Problems {
			if p.Line < 0 || p.Line > lines {
				t.Fatalf("problem %+v outside lines 0..%d", p, lines)
			}
			if p.Key == "" {
				t.Fatalf("problem %+v without a key", p)
			}
			if len(p.Args)%2 != 0 {
				t.Fatalf("problem %+v with odd arguments", p)
			}
		}
		if len(res.Rows) > opt.MaxRows {
			t.Fatalf("%d rows, more than MaxRows %d", len(res.Rows), opt.MaxRows)
		}
		prev := 1
		for _, r := range res.Rows {
			if r.Line <= prev || r.Line > lines {
				t.Fatalf("row line %d after %d, outside 2..%d", r.Line, prev, lines)
			}
			prev = r.Line
			for _, s := range []string{r.Name, r.Kind, r.Country, r.Municipality, r.Email, r.Website, r.Phone} {
				if !utf8.ValidString(s) || s != strings.TrimSpace(s) || strings.ContainsAny(s, "\x00\n\r\t") {
					t.Fatalf("row %d has an untidy value %q", r.Line, s)
				}
			}
		}
		if res.Separator != ',' && res.Separator != ';' && res.Separator != '\t' && res.Separator != '|' {
			t.Fatalf("separator %q", res.Separator)
		}
	})
}
