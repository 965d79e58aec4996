package consortiumcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = Main(context.Background(), args, &o, &e)
	return o.String(), e.String(), code
}

func TestMainGolden(t *testing.T) {
	tests := []struct {
		kind, file string
	}{
		{"volume", "volume_sweaters"},
		{"volume", "volume_short"},
		{"tender", "tender_incubator"},
		{"tender", "tender_uncovered"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			in := filepath.Join("..", "testdata", tc.file+".json")
			got, stderr, code := run(t, tc.kind, in)
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			golden := filepath.Join("testdata", tc.file+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run with -update to create): %v", err)
			}
			if got != string(want) {
				t.Errorf("table output differs from %s:\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

func TestMainJSONAndFlagPositions(t *testing.T) {
	in := filepath.Join("..", "testdata", "volume_sweaters.json")
	for _, args := range [][]string{
		{"volume", "-json", "-k", "2", in},
		{"volume", in, "-json", "-k", "2"},
		{"volume", "-k", "2", in, "-json"},
	} {
		out, stderr, code := run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr)
		}
		var res struct {
			Consortia []struct {
				Rank int `json:"rank"`
			} `json:"consortia"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%v: output is not JSON: %v\n%s", args, err, out)
		}
		if got, want := len(res.Consortia), 2; got != want {
			t.Errorf("%v: %d consortia, want %d", args, got, want)
		}
	}
}

func TestMainUsageAndBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name      string
		args      []string
		wantInErr string
	}{
		{"no subcommand", nil, "usage"},
		{"unknown subcommand", []string{"bid", "x.json"}, "usage"},
		{"no file", []string{"volume"}, "exactly one FILE"},
		{"two files", []string{"tender", "a.json", "b.json"}, "exactly one FILE"},
		{"unknown flag", []string{"volume", "-fast", "a.json"}, "flag provided but not defined"},
		{"missing file", []string{"volume", filepath.Join(dir, "none.json")}, "read instance"},
		{"not JSON", []string{"volume", write("bad.json", "{")}, "volume instance"},
		{"misspelt field", []string{"tender", write("typo.json", `{"tender":{"requirement":[]}}`)}, "unknown field"},
		{"negative quantity", []string{"volume", write("neg.json", `{"order":{"product":"knit","quantity":-3,"due_date":"2026-02-01","asof":"2026-01-01"},"producers":[]}`)}, "order.quantity"},
		{"empty requirements", []string{"tender", write("empty.json", `{"tender":{"requirements":[]},"firms":[]}`)}, "tender.requirements"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, tc.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr, tc.wantInErr) {
				t.Errorf("stderr %q, want it to mention %q", stderr, tc.wantInErr)
			}
		})
	}
}
