package b2b

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestAnnealKeepsRules: whatever the annealing returns must pass the
// independent validator, hold the same meetings as its start, claim its
// true number of breaks, and never be worse than a fair start; both when
// it cools by its steps and by the clock.
func TestAnnealKeepsRules(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	never := func() bool { return false }
	checked := [2]int{}
	for i := range 1000 {
		in := randomInstance(rng)
		if err := in.Validate(); err != nil {
			continue
		}
		dom := make([][]int, len(in.Meetings))
		for m := range dom {
			dom[m] = in.domain(m)
		}
		start := greedy(in, dom)
		fairness := rng.IntN(3) - 1
		mode := i % 2
		ao := annealOpts{seed: uint64(i), iters: 3000, patience: 3000}
		if mode == 1 {
			ao.until = time.Now().Add(2 * time.Millisecond)
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
		tables, _ := assignTables(in, got)
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
