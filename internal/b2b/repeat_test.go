package b2b

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An organiser who runs the same event twice must get the same schedule,
// and so must the command line's golden files. Small events settle before
// the two searches start; this checks that nothing on the way (the race of
// the first phase, the threads after it) leaks timing into the answer.
func TestSmallEventsRepeat(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("b2bcmd", "testdata", "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	tried := 0
	for _, f := range files {
		parse := ParseJSON
		switch {
		case strings.HasSuffix(f, ".dzn"):
			parse = ParseDZN
		case !strings.HasSuffix(f, ".json"):
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parse(src); err != nil {
			continue // the malformed examples
		}
		for _, all := range []bool{false, true} {
			tried++
			want := ""
			for i := range 30 {
				in, _ := parse(src)
				opt := DefaultOptions()
				opt.RequireAll = all
				r, err := Solve(context.Background(), in, opt)
				if err != nil {
					t.Fatal(err)
				}
				got := fmt.Sprint(r.Status, r.Slots, r.Tables)
				if i == 0 {
					want = got
				} else if got != want {
					t.Fatalf("%s (require all %v), run %d: got %s, first run gave %s", f, all, i+1, got, want)
				}
			}
		}
	}
	if tried == 0 {
		t.Fatal("no example events found")
	}
}
