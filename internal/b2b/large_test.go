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

// TestCrowdedMidEvent: a fair of 1,000 participants and 5,000 meetings
// whose seats are 98 % taken. The constructive schedule leaves meetings
// out and is unfair, so the exact search places the meetings, and it cannot
// finish that in the time. The organiser must still get at least as many
// meetings as the constructive schedule, made fair, holds, with the breaks
// annealed: not the exact search's first raw schedule (a version that
// answered with it held 55 fewer meetings than that with 1,179 breaks).
func TestCrowdedMidEvent(t *testing.T) {
	if os.Getenv("CLUSTERBRIDGE_LONG") != "1" {
		t.Skip("crowded fair runs only with CLUSTERBRIDGE_LONG=1")
	}
	in, err := Generate(1, crowdedFair)
	if err != nil {
		t.Fatal(err)
	}
	opt := DefaultOptions()
	opt.TimeLimit = 6 * time.Second
	res, err := Solve(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkSchedule(in, opt, res.Slots, res.Tables, res.Breaks); err != nil {
		t.Fatalf("invalid schedule: %v", err)
	}
	dom := in.domains()
	never := func() bool { return false }
	made := greedy(in, dom)
	improve(in, dom, made, opt.Fairness, never)
	want := 0
	for _, s := range madeFair(in, dom, made, opt, never) {
		if s >= 0 {
			want++
		}
	}
	t.Logf("%v: %d of %d held (constructive, made fair: %d), %d breaks, %v", res.Status, res.Scheduled, res.Requested, want, res.Breaks, res.Elapsed)
	if res.Scheduled < want {
		t.Errorf("held %d meetings; the constructive schedule made fair holds %d", res.Scheduled, want)
	}
	// The annealing takes the breaks to about 2 % of the meetings within
	// this limit; a raw schedule of the exact search has a quarter. Under
	// the race detector, ten times slower, the walk ends near 13 %: this
	// check is for ordinary builds.
	if res.Breaks > res.Scheduled/10 {
		t.Errorf("%d breaks for %d meetings: the breaks were not annealed", res.Breaks, res.Scheduled)
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

// The big events' answer is whichever of the constructive and the exact
// search's schedules holds more meetings, level by level from the highest
// priority, then has fewer breaks.
func TestHeldOrder(t *testing.T) {
	in := &Instance{
		Participants: []Participant{{ID: "a"}, {ID: "b"}, {ID: "c"}},
		Slots:        []Slot{{Label: "1"}, {Label: "2"}, {Label: "3"}, {Label: "4"}},
		Tables:       []Table{{Name: "T1"}, {Name: "T2"}},
		Meetings:     []Meeting{{A: 0, B: 1, Priority: 1}, {A: 0, B: 2}, {A: 1, B: 2}},
	}
	for _, tc := range []struct {
		name         string
		a, b         []int
		more, better bool
	}{
		{"same schedule", []int{0, 1, 2}, []int{0, 1, 2}, false, false},
		{"one more meeting", []int{0, 1, 2}, []int{0, 1, -1}, true, true},
		{"one fewer meeting", []int{0, -1, -1}, []int{0, 1, -1}, false, false},
		{"the priority meeting outweighs two others", []int{0, -1, -1}, []int{-1, 0, 1}, true, true},
		{"as many, fewer breaks", []int{0, 1, -1}, []int{0, 2, -1}, false, true},
		{"as many, more breaks", []int{0, 3, -1}, []int{0, 1, -1}, false, false},
	} {
		if got := holdsMore(in, tc.a, tc.b); got != tc.more {
			t.Errorf("%s: holdsMore %v, want %v", tc.name, got, tc.more)
		}
		if got := betterHeld(in, tc.a, tc.b); got != tc.better {
			t.Errorf("%s: betterHeld %v, want %v", tc.name, got, tc.better)
		}
	}
}
