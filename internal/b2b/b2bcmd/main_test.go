package b2bcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// timing lines differ from run to run.
var timing = regexp.MustCompile(`(time: )[0-9.]+s|("seconds":)[0-9.e-]+`)

func scrub(s string) string { return timing.ReplaceAllString(s, "${1}${2}X") }

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"small_json_text", []string{"solve", "testdata/small.json", "-timeout", "60s"}},
		{"small_json_json", []string{"solve", "-json", "testdata/small.json"}},
		{"small_dzn_text", []string{"solve", "-fairness", "1", "testdata/small.dzn"}},
		{"small_dzn_json", []string{"solve", "testdata/small.dzn", "-json", "-fairness", "0"}},
		{"small_json_partial", []string{"solve", "-partial", "-json", "testdata/small.json", "-fairness", "0"}},
		{"overbooked_text", []string{"solve", "testdata/overbooked.json"}},
		{"overbooked_json", []string{"solve", "-json", "testdata/overbooked.json"}},
		{"overbooked_partial", []string{"solve", "-partial", "testdata/overbooked.json"}},
		{"crowded_morning_text", []string{"solve", "testdata/crowded_morning.json"}},
		{"crowded_morning_partial", []string{"solve", "-partial", "testdata/crowded_morning.json"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			got := scrub(out)
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s:\n got:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

func TestJSONShape(t *testing.T) {
	code, out, errs := run(t, "solve", "-json", "testdata/small.dzn")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var r struct {
		Status     string  `json:"status"`
		Scheduled  int     `json:"scheduled"`
		Requested  int     `json:"requested"`
		Breaks     int     `json:"breaks"`
		LowerBound int     `json:"lower_bound"`
		Slots      []int   `json:"slots"`
		Tables     []int   `json:"tables"`
		Seconds    float64 `json:"seconds"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("decoding %q: %v", out, err)
	}
	if r.Status != "optimal" || r.Requested != 6 || r.Scheduled != 6 || len(r.Slots) != 6 || len(r.Tables) != 6 {
		t.Errorf("got %+v, want an optimal schedule of all 6 meetings", r)
	}
	for i, s := range r.Slots {
		if s < 1 || s > 6 || r.Tables[i] < 1 || r.Tables[i] > 2 {
			t.Errorf("meeting %d: slot %d table %d out of range", i+1, s, r.Tables[i])
		}
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no args", nil, 2},
		{"unknown command", []string{"plan"}, 2},
		{"no file", []string{"solve"}, 2},
		{"two files", []string{"solve", "testdata/small.dzn", "testdata/small.json"}, 2},
		{"missing file", []string{"solve", "testdata/nope.dzn"}, 2},
		{"malformed", []string{"solve", "testdata/broken.dzn"}, 2},
		{"bad flag", []string{"solve", "-fairness", "x", "testdata/small.dzn"}, 2},
		{"help", []string{"help"}, 0},
		{"infeasible is an answer", []string{"solve", "-json", "testdata/overbooked.json"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, _, errs := run(t, tc.args...); got != tc.want {
				t.Errorf("exit %d, want %d (stderr %q)", got, tc.want, errs)
			}
		})
	}
}
