package b2b

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// TestAnnealKeepsRules: whatever the annealing returns must pass the
// independent validator, hold the same meetings as its start, claim its
// true number of breaks, and never be worse than a fair start; when it
// cools by its steps, by the clock, and from a cooler start (as the
// finder's later walks do).
func TestAnnealKeepsRules(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	never := func() bool { return false }
	checked := [3]int{}
	for i := range 1000 {
		in := randomInstance(rng)
		if err := in.Validate(); err != nil {
			continue
		}
		dom := in.domains()
		start := greedy(in, dom)
		fairness := rng.IntN(3) - 1
		mode := i % 3
		ao := annealOpts{seed: uint64(i), iters: 3000, patience: 3000}
		switch mode {
		case 1:
			ao.until = time.Now().Add(2 * time.Millisecond)
		case 2:
			ao.hot = coolingAt(time.Duration(rng.IntN(11)), 10)
		}
		got, c := anneal(in, dom, start, fairness, ao, never)
		if c < 0 {
			continue
		}
		checked[mode]++
		for m := range got {
			if (got[m] < 0) != (start[m] < 0) {
				t.Fatalf("instance %d: meeting %d held %v, start held %v", i, m, got[m] >= 0, start[m] >= 0)
			}
		}
		tables, _ := assignTables(in, got, time.Time{})
		opt := Options{Fairness: fairness}
		if err := checkSchedule(in, opt, got, tables, c); err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		if fair(in, start, fairness) {
			startBreaks, _, _ := recountBreaks(in, start)
			if c > startBreaks {
				t.Errorf("instance %d: got %d breaks, start had %d", i, c, startBreaks)
			}
		}
	}
	for mode, n := range checked {
		if n < 50 {
			t.Errorf("mode %d: only %d instances gave a fair schedule to check, want at least 50", mode, n)
		}
	}
}

// TestAnnealLongDay: a day of more than 64 slots does not fit the walk's bit
// masks and is read slot by slot; the breaks it claims must still be true.
// The meetings are held in the last twenty slots, across the 64th.
func TestAnnealLongDay(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for _, n := range []int{64, 76} {
		in := &Instance{Name: "long day", Tables: []Table{{Name: "T1"}, {Name: "T2"}}}
		for s := range n {
			in.Slots = append(in.Slots, Slot{Afternoon: s >= n-20})
		}
		for range 8 {
			in.Participants = append(in.Participants, Participant{})
		}
		seen := map[[2]int]bool{{0, 1}: true, {0, 2}: true}
		if n > 64 {
			// Back to back across the 64th slot: no break.
			in.Meetings = append(in.Meetings, Meeting{A: 0, B: 1, FixedSlot: 64}, Meeting{A: 0, B: 2, FixedSlot: 65})
		}
		for len(in.Meetings) < 14 {
			a, b := rng.IntN(8), rng.IntN(8)
			if a < b && !seen[[2]int{a, b}] {
				seen[[2]int{a, b}] = true
				in.Meetings = append(in.Meetings, Meeting{A: a, B: b, Session: Afternoon})
			}
		}
		dom := in.domains()
		// One meeting every other slot from the last: breaks to cut.
		start := make([]int, len(in.Meetings))
		for m := range start {
			start[m] = n - 1 - (2*m)%20 - m/10
			if f := in.Meetings[m].FixedSlot; f > 0 {
				start[m] = f - 1
			}
		}
		got, c := anneal(in, dom, start, -1, annealOpts{seed: 1, iters: 20_000, patience: 20_000}, func() bool { return false })
		if c < 0 {
			t.Fatalf("%d slots: no schedule", n)
		}
		tables, _ := assignTables(in, got, time.Time{})
		if err := checkSchedule(in, Options{Fairness: -1}, got, tables, c); err != nil {
			t.Fatalf("%d slots: %v", n, err)
		}
		startBreaks, _, _ := recountBreaks(in, start)
		if c >= startBreaks {
			t.Errorf("%d slots: %d breaks, no better than the start's %d", n, c, startBreaks)
		}
		t.Logf("%d slots: %d breaks from %d", n, c, startBreaks)
	}
}

// TestAnnealPatienceWhenCool: a walk restarted from a good schedule starts
// hot, above it, and must not give up before it has cooled halfway; the
// patience counts only from there. Here nothing beats the start (one break
// is forced), so the walk ends on its patience, and the number of times it
// polls stop (once every 1,024 steps) shows how far it went.
func TestAnnealPatienceWhenCool(t *testing.T) {
	in := &Instance{Name: "forced break", Tables: []Table{{Name: "T1"}, {Name: "T2"}}}
	for range 8 {
		in.Slots = append(in.Slots, Slot{})
	}
	for range 5 {
		in.Participants = append(in.Participants, Participant{})
	}
	// Participant 0 is away in slots 2 to 5 and has four meetings: two
	// before and two after, one break whatever happens.
	in.Participants[0].Unavailable = []int{2, 3, 4, 5}
	in.Meetings = []Meeting{{A: 0, B: 1}, {A: 0, B: 2}, {A: 0, B: 3}, {A: 0, B: 4}}
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	dom := in.domains()
	start := []int{0, 1, 6, 7}
	if got := breaksOf(in, start); got[0] != 1 || got[1]+got[2]+got[3]+got[4] != 0 {
		t.Fatalf("start breaks %v, want one for participant 0 only", got)
	}
	for _, tc := range []struct{ iters, patience, wantPolls int }{
		{iters: 200_000, patience: 2_000, wantPolls: 200_000 / 2 / 1024},
		{iters: 40_000, patience: 100_000, wantPolls: 40_000 / 1024},
	} {
		polls := 0
		got, c := anneal(in, dom, start, 2, annealOpts{seed: 3, iters: tc.iters, patience: tc.patience}, func() bool { polls++; return false })
		if c != 1 {
			t.Fatalf("iters %d: %d breaks, want 1", tc.iters, c)
		}
		tables, _ := assignTables(in, got, time.Time{})
		if err := checkSchedule(in, Options{Fairness: 2}, got, tables, c); err != nil {
			t.Fatal(err)
		}
		if polls < tc.wantPolls {
			t.Errorf("iters %d, patience %d: stopped after about %d steps, want at least %d", tc.iters, tc.patience, polls*1024, tc.wantPolls*1024)
		}
	}
}

// TestCoolingAt: the finder's walks start at the temperature one walk
// cooled over the whole limit has reached by then, from hotStart to
// coldEnd, and no further once the limit is past.
func TestCoolingAt(t *testing.T) {
	tests := []struct {
		elapsed, limit time.Duration
		want           float64
	}{
		{0, 10 * time.Second, hotStart},
		{-time.Second, 10 * time.Second, hotStart},
		{5 * time.Second, 10 * time.Second, math.Sqrt(hotStart * coldEnd)},
		{10 * time.Second, 10 * time.Second, coldEnd},
		{20 * time.Second, 10 * time.Second, coldEnd},
		{time.Second, 0, coldEnd},
	}
	for _, tc := range tests {
		if got := coolingAt(tc.elapsed, tc.limit); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("coolingAt(%v, %v) = %v, want %v", tc.elapsed, tc.limit, got, tc.want)
		}
	}
}
