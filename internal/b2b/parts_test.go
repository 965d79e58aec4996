package b2b

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestPartSearchGrows(t *testing.T) {
	tests := []struct {
		slots      int
		wantWidths []int // the width after each run of partPatience failures
	}{
		{slots: 22, wantWidths: []int{11, 13, 15, 17, 19, 21, 22}},
		{slots: 8, wantWidths: []int{4, 5, 6, 7, 8}},
		{slots: 1, wantWidths: []int{1}},
	}
	for _, tt := range tests {
		ps := newPartSearch(tt.slots, 1)
		var got []int
		for !ps.whole() {
			got = append(got, ps.width)
			for range partPatience - 1 {
				ps.record(false)
			}
			// A success just before the patience runs out starts the
			// count again.
			ps.record(true)
			if ps.width != got[len(got)-1] {
				t.Fatalf("slots %d: width moved on a success: %d -> %d", tt.slots, got[len(got)-1], ps.width)
			}
			for range partPatience {
				ps.record(false)
			}
		}
		got = append(got, ps.width)
		if !slices.Equal(got, tt.wantWidths) {
			t.Fatalf("slots %d: widths %v, want %v", tt.slots, got, tt.wantWidths)
		}
		// Once whole, failures change nothing.
		ps.record(false)
		if ps.width != tt.slots {
			t.Errorf("slots %d: width %d past the whole event", tt.slots, ps.width)
		}
	}
}

func TestPartSearchNext(t *testing.T) {
	ps := newPartSearch(22, 7)
	seen := make([]int, 22)
	for range 200 {
		free := ps.next()
		if len(free) != 22 {
			t.Fatalf("got %d slots, want 22", len(free))
		}
		n := 0
		for s, f := range free {
			if f {
				n++
				seen[s]++
			}
		}
		if n != ps.width {
			t.Fatalf("got %d free slots, want %d", n, ps.width)
		}
	}
	// Every slot gets its turn: parts are drawn afresh each time.
	for s, k := range seen {
		if k == 0 {
			t.Errorf("slot %d never free in 200 parts", s)
		}
	}
}

// TestImprovePart checks the finder's questions about parts of a schedule
// against exhaustive search: a better schedule it finds is valid, better,
// and leaves every meeting outside the part where it was; a refutation it
// calls whole holds for the event; and walking down part by part, with the
// part growing as partSearch grows it, ends at the optimum.
func TestImprovePart(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 31))
	checked := feasibleEvents(rng, 120, func(i int, in *Instance, opt Options, optimum int) bool {
		prm := encodeParams{fairness: opt.Fairness, requireAll: true}
		first := encode(in, prm)
		if first.s.solve(nil) != lTrue {
			t.Fatalf("instance %d: no schedule, exhaustive optimum %d", i, optimum)
		}
		from := first.slotsOf(first.s.model)
		c := countTrue(first.brk, first.s.model)
		if c == optimum {
			return false
		}
		own, _ := participantBound(in, func() bool { return false })
		sum := boundSum(own)
		b := newBounded(in, prm, own, sum, sum, c)
		ps := newPartSearch(len(in.Slots), uint64(i))
		for step := 0; ; step++ {
			if step > 1000 {
				t.Fatalf("instance %d: no end after 1000 questions", i)
			}
			free := ps.next()
			r, whole := b.improvePart(from, free, c)
			switch {
			case r == lTrue:
				slots := b.slotsOf(b.s.model)
				breaks, _, _ := recountBreaks(in, slots)
				if breaks >= c {
					t.Fatalf("instance %d: %d breaks offered as better than %d", i, breaks, c)
				}
				for m, s := range from {
					if !free[s] && slots[m] != s {
						t.Fatalf("instance %d: meeting %d moved from kept slot %d to %d", i, m, s, slots[m])
					}
				}
				tabs, ok := bruteTables(in, slots)
				if !ok {
					t.Fatalf("instance %d: no tables for the schedule", i)
				}
				if err := checkSchedule(in, opt, slots, tabs, breaks); err != nil {
					t.Fatalf("instance %d: %v", i, err)
				}
				from, c = slots, breaks
			case r == lFalse && whole:
				if c != optimum {
					t.Fatalf("instance %d: nothing below %d breaks claimed, exhaustive optimum %d", i, c, optimum)
				}
			case r == lFalse && ps.whole():
				t.Fatalf("instance %d: a question over every slot refuted but not called whole", i)
			case r == lUndef:
				t.Fatalf("instance %d: unknown answer without a stop", i)
			}
			if r == lFalse && whole {
				break
			}
			ps.record(r == lTrue)
		}
		return true
	})
	if checked < 50 {
		t.Fatalf("only %d instances where the first schedule was not optimal", checked)
	}
}
