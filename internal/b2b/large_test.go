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

// TestMidEvent: an event past the exact search's size whose constructive
// schedule holds every meeting goes to the annealing; the answer must be
// complete, valid and fair, and claim optimality only at the proven bound.
func TestMidEvent(t *testing.T) {
	for _, spec := range []EventSpec{
		{Participants: 120, Meetings: 400, Days: 1, SlotsPerDay: 20, MorningSlots: 12, Tables: 30, Restricted: 0.05},
		{Participants: 150, Meetings: 700, Days: 2, SlotsPerDay: 8, MorningSlots: 4, Tables: 60, Restricted: 0.05},
	} {
		in, err := Generate(3, spec)
		if err != nil {
			t.Fatal(err)
		}
		opt := DefaultOptions()
		opt.TimeLimit = 1500 * time.Millisecond
		res, err := Solve(context.Background(), in, opt)
		if err != nil {
			t.Fatal(err)
		}
		if res.Scheduled != res.Requested {
			t.Errorf("%+v: scheduled %d of %d", spec, res.Scheduled, res.Requested)
		}
		if err := checkSchedule(in, opt, res.Slots, res.Tables, res.Breaks); err != nil {
			t.Errorf("%+v: invalid schedule: %v", spec, err)
		}
		if res.Status == Optimal && res.Breaks != res.LowerBound || res.LowerBound > res.Breaks {
			t.Errorf("%+v: %v with %d breaks and bound %d", spec, res.Status, res.Breaks, res.LowerBound)
		}
		t.Logf("%+v: %v, %d breaks, bound %d, %v", spec, res.Status, res.Breaks, res.LowerBound, res.Elapsed)
	}
}

func TestClimbable(t *testing.T) {
	large, err := Generate(1, LargeEvent)
	if err != nil {
		t.Fatal(err)
	}
	small, err := Generate(1, EventSpec{Participants: 70, Meetings: 150, Days: 1, SlotsPerDay: 21, MorningSlots: 13, Tables: 12})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		in    *Instance
		cost0 int
		want  bool
	}{
		{"published size, 100 breaks", small, 100, true},
		{"large fair, 600 breaks", large, 600, false},
	} {
		if got := climbable(tc.in, tc.cost0); got != tc.want {
			t.Errorf("%s: climbable %v, want %v", tc.name, got, tc.want)
		}
	}
}
