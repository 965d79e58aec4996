package b2b

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestFinderOrder(t *testing.T) {
	tests := []struct {
		favourite int
		canClimb  bool
		want      []int
	}{
		{-1, true, []int{plainSolver, aheadSolver, findingSolver}},
		{-1, false, []int{plainSolver, aheadSolver, findingSolver}},
		{plainSolver, true, []int{plainSolver}},
		{findingSolver, true, []int{findingSolver}},
		{plainSolver, false, []int{plainSolver, findingSolver}},
		{findingSolver, false, []int{findingSolver, plainSolver}},
	}
	for _, tt := range tests {
		if got := finderOrder(tt.favourite, tt.canClimb); !slices.Equal(got, tt.want) {
			t.Errorf("finderOrder(%d, %v) = %v, want %v", tt.favourite, tt.canClimb, got, tt.want)
		}
	}
}

func TestProverPick(t *testing.T) {
	tests := []struct {
		favourite int
		guessing  bool
		want      int
	}{
		{-1, false, findingSolver},
		{-1, true, plainSolver},
		{plainSolver, false, plainSolver},
		{findingSolver, true, findingSolver},
	}
	for _, tt := range tests {
		if got := proverPick(tt.favourite, tt.guessing); got != tt.want {
			t.Errorf("proverPick(%d, %v) = %d, want %d", tt.favourite, tt.guessing, got, tt.want)
		}
	}
	for i, want := range []int{findingSolver, plainSolver, findingSolver} {
		if got := otherSetUp(i); got != want {
			t.Errorf("otherSetUp(%s) = %d, want %d", solverNames[i], got, want)
		}
	}
}

// poolEvent is a tiny event whose exhaustive optimum is at least two
// breaks: the pooled solvers' questions around it are all askable.
type poolEvent struct {
	in      *Instance
	opt     Options
	optimum int
}

func poolEvents(t *testing.T, want int) []poolEvent {
	t.Helper()
	var out []poolEvent
	rng := rand.New(rand.NewPCG(41, 43))
	feasibleEvents(rng, want, func(i int, in *Instance, opt Options, optimum int) bool {
		if optimum < 2 {
			return false
		}
		out = append(out, poolEvent{in, opt, optimum})
		return true
	})
	if len(out) < want {
		t.Fatalf("only %d tiny events with two breaks or more", len(out))
	}
	return out
}

// search returns a fresh search of the event at the given bound and
// incumbent's breaks (with no incumbent schedule).
func (ev poolEvent) search(lb, cost int) *breakSearch {
	own, shapes, _ := ownDays(ev.in, true, fairnessCap(ev.in, ev.opt.Fairness), nil)
	prm := encodeParams{requireAll: true, fairness: ev.opt.Fairness, shapes: shapes}
	bs := newBreakSearch(ev.in, ev.in.domains(), ev.opt, time.Now(), time.Time{}, func() bool { return false }, prm, own, nil, cost)
	bs.lb = lb
	return bs
}

// TestPooledTurns checks how the pooled solvers share the bound's questions:
// what each asks, what its answers do to the bound, the incumbent and the
// favourite, and when it has nothing to ask or is busy.
func TestPooledTurns(t *testing.T) {
	for n, ev := range poolEvents(t, 6) {
		optimum := ev.optimum
		// The solver ahead asks one above the bound; its refutation raises
		// the bound by two and favours the plain set-up.
		bs := ev.search(optimum-2, optimum+2)
		r, ok := bs.turn(aheadSolver, 1e6, time.Time{})
		if lb, _ := bs.state(); !ok || r != lFalse || lb != optimum || bs.favoured() != plainSolver {
			t.Fatalf("event %d (optimum %d): ahead at %d answered %d (ran %v), bound now %d, favourite %d; want refuted, bound %d, plain favoured",
				n, optimum, optimum-1, r, ok, lb, bs.favoured(), optimum)
		}
		// The plain set-up branches on what the encoding defines too.
		if !branchesOnBreaks(bs.pool[aheadSolver].b) {
			t.Fatalf("event %d: the solver ahead does not branch on the break literals", n)
		}
		// With the bound at the optimum it asks one above and finds a
		// schedule within it; with the incumbent there, it has nothing left
		// to ask.
		r, ok = bs.turn(aheadSolver, 1e6, time.Time{})
		_, cost := bs.state()
		if !ok || r != lTrue || cost > optimum+1 {
			t.Fatalf("event %d: ahead at %d answered %d (ran %v), incumbent %d", n, optimum+1, r, ok, cost)
		}
		if err := checkWithin(ev.in, ev.opt, bs.best, cost); err != nil {
			t.Fatalf("event %d: the incumbent: %v", n, err)
		}
		bs = ev.search(optimum, optimum+1)
		if _, ok := bs.turn(aheadSolver, 1e6, time.Time{}); ok || bs.pool[aheadSolver].b != nil {
			t.Fatalf("event %d: ahead ran with the incumbent one above the bound", n)
		}

		// The bound's plain solver adopts the solver ahead when the bound
		// reaches its question, and builds its own otherwise.
		bs = ev.search(optimum, optimum+3)
		aheadB := newPinned(bs.in, bs.setups[plainSolver], bs.own, bs.base, optimum)
		bs.pool[aheadSolver].b = aheadB
		if r, ok := bs.turn(plainSolver, 1e6, time.Time{}); !ok || r != lTrue || bs.pool[plainSolver].b != aheadB || bs.pool[aheadSolver].b != nil {
			t.Fatalf("event %d: plain at the ahead solver's question: answered %d (ran %v), adopted %v, ahead left %v",
				n, r, ok, bs.pool[plainSolver].b == aheadB, bs.pool[aheadSolver].b != nil)
		}
		if _, cost := bs.state(); cost != optimum {
			t.Fatalf("event %d: incumbent %d after the answer at the optimum %d", n, cost, optimum)
		}
		bs = ev.search(optimum, optimum+3)
		aheadB = newPinned(bs.in, bs.setups[plainSolver], bs.own, bs.base, optimum+1)
		bs.pool[aheadSolver].b = aheadB
		bs.turn(plainSolver, 1e6, time.Time{})
		if bs.pool[plainSolver].b == aheadB || bs.pool[aheadSolver].b != aheadB || bs.pool[plainSolver].b.lb0 != optimum {
			t.Fatalf("event %d: plain at %d took the ahead solver's question %d", n, optimum, optimum+1)
		}

		// A refutation by the finding set-up raises the bound by one and
		// favours it; a solver the other thread runs is skipped.
		bs = ev.search(optimum-1, optimum+2)
		if r, ok := bs.turn(findingSolver, 1e6, time.Time{}); !ok || r != lFalse || bs.lb != optimum || bs.favoured() != findingSolver {
			t.Fatalf("event %d: finding at %d answered %d (ran %v), bound %d, favourite %d", n, optimum-1, r, ok, bs.lb, bs.favoured())
		}
		if branchesOnBreaks(bs.pool[findingSolver].b) {
			t.Fatalf("event %d: the finding set-up branches on the break literals", n)
		}
		bs.pool[plainSolver].run.Lock()
		if _, ok := bs.turn(plainSolver, 1e6, time.Time{}); ok {
			t.Fatalf("event %d: plain ran while held by the other thread", n)
		}
		if bs.guessing() {
			t.Fatalf("event %d: guessing read the plain solver while held", n)
		}
		bs.pool[plainSolver].run.Unlock()
	}
}

// branchesOnBreaks reports whether b's solver may branch on every break
// literal.
func branchesOnBreaks(b *bounded) bool {
	for _, l := range b.brk {
		if !b.s.decision[l.v()] {
			return false
		}
	}
	return len(b.brk) > 0
}
