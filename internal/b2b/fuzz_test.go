package b2b

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func addSeeds(f *testing.F, pattern string) {
	f.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
}

// solveTiny runs a parsed instance briefly: whatever the input, the engine
// must answer or fail cleanly.
func solveTiny(t *testing.T, in *Instance) {
	t.Helper()
	if len(in.Meetings)*len(in.Slots) > 5000 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	opt := DefaultOptions()
	opt.TimeLimit = 200 * time.Millisecond
	res, err := Solve(ctx, in, opt)
	if err != nil {
		t.Fatalf("Solve on a parsed instance: %v", err)
	}
	if res.Status == Optimal || res.Status == Feasible {
		if err := checkSchedule(in, opt, res.Slots, res.Tables, res.Breaks); err != nil {
			t.Fatalf("invalid schedule: %v", err)
		}
	}
}

func FuzzParseDZN(f *testing.F) {
	addSeeds(f, "testdata/*.dzn")
	f.Add([]byte("nBusiness = 2; nMeetings = 1;"))
	f.Add([]byte("requested = [| 1, 2, 3 |];"))
	f.Fuzz(func(t *testing.T, src []byte) {
		in, err := ParseDZN(src)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		solveTiny(t, in)
	})
}

func FuzzParseJSON(f *testing.F) {
	addSeeds(f, "testdata/*.json")
	f.Add([]byte(`{"participants":[{},{}],"slots":[{}],"tables":["t"],"meetings":[{"a":1,"b":2}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		in, err := ParseJSON(src)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		solveTiny(t, in)
	})
}
