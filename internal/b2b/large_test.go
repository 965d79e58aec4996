package b2b

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestLargeEvent(t *testing.T) {
	if os.Getenv("CLUSTERBRIDGE_LONG") != "1" {
		t.Skip("large event runs only with CLUSTERBRIDGE_LONG=1")
	}
	in, err := Generate(1, LargeEvent)
	if err != nil {
		t.Fatal(err)
	}
	opt := DefaultOptions()
	opt.TimeLimit = 25 * time.Second
	began := time.Now()
	res, err := Solve(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	// The reported time is the whole solve, not the part before the bound.
	if wall := time.Since(began); res.Elapsed < wall-time.Second {
		t.Errorf("reported %v for a solve that took %v", res.Elapsed, wall)
	}
	t.Logf("status %v, scheduled %d/%d, breaks %d (bound %d), table moves %d, %v", res.Status, res.Scheduled, res.Requested, res.Breaks, res.LowerBound, res.TableMoves, res.Elapsed)
	if err := checkSchedule(in, opt, res.Slots, res.Tables, res.Breaks); err != nil {
		t.Fatalf("invalid schedule: %v", err)
	}
	if res.Scheduled != res.Requested {
		t.Errorf("scheduled %d of %d meetings; every meeting of the generated event fits", res.Scheduled, res.Requested)
	}
}
