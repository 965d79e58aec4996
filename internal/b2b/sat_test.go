package b2b

import (
	"math/rand/v2"
	"testing"
)

// satBrute decides a formula by trying every assignment.
func satBrute(n int, clauses [][]lit, amks []atMost) bool {
	for mask := 0; mask < 1<<n; mask++ {
		val := func(l lit) bool { return (mask>>l.v()&1 == 1) != l.sign() }
		ok := true
		for _, c := range clauses {
			sat := false
			for _, l := range c {
				if val(l) {
					sat = true
					break
				}
			}
			if !sat {
				ok = false
				break
			}
		}
		for _, a := range amks {
			if !ok {
				break
			}
			cnt := 0
			for _, l := range a.lits {
				if val(l) {
					cnt++
				}
			}
			if cnt > a.k {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func TestSolverAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := range 3000 {
		n := 4 + rng.IntN(10)
		var clauses [][]lit
		var amks []atMost
		randLit := func() lit { return mkLit(rng.IntN(n), rng.IntN(2) == 0) }
		for range rng.IntN(4 * n) {
			c := make([]lit, 1+rng.IntN(4))
			for i := range c {
				c[i] = randLit()
			}
			clauses = append(clauses, c)
		}
		for range rng.IntN(5) {
			k := 1 + rng.IntN(4)
			var ls []lit
			used := map[int]bool{}
			for range k + 1 + rng.IntN(6) {
				v := rng.IntN(n)
				if !used[v] {
					used[v] = true
					ls = append(ls, mkLit(v, rng.IntN(3) == 0))
				}
			}
			amks = append(amks, atMost{lits: ls, k: k})
		}
		// Every third instance in the proof set-up: counters instead of
		// native cardinality, focused restarts and probing.
		s := newSolver()
		mode := iter % 3
		s.focused, s.probing = mode > 0, mode > 0
		for range n {
			s.newVar()
		}
		for _, c := range clauses {
			s.addClause(append([]lit(nil), c...))
		}
		for _, a := range amks {
			if mode == 2 && a.k >= 2 {
				s.addAtMostCounted(a.lits, a.k)
			} else {
				s.addAtMost(a.lits, a.k)
			}
		}
		// Assumptions, which probing must stay below, on some instances.
		var assumps []lit
		if iter%2 == 1 {
			for range rng.IntN(3) {
				l := randLit()
				assumps = append(assumps, l)
				clauses = append(clauses, []lit{l})
			}
		}
		got := s.solve(assumps)
		want := satBrute(n, clauses, amks)
		if (got == lTrue) != want {
			t.Fatalf("iter %d (mode %d, assumptions %v): solver says %d, brute force says %v", iter, mode, assumps, got, want)
		}
		if got == lTrue {
			for _, c := range clauses {
				sat := false
				for _, l := range c {
					if s.model[l.v()] != l.sign() {
						sat = true
					}
				}
				if !sat {
					t.Fatalf("iter %d: model breaks clause %v", iter, c)
				}
			}
			for _, a := range amks {
				n := 0
				for _, l := range a.lits {
					if s.model[l.v()] != l.sign() {
						n++
					}
				}
				if n > a.k {
					t.Fatalf("iter %d: model has %d of %v true, limit %d", iter, n, a.lits, a.k)
				}
			}
		}
	}
}

func TestSolverIncremental(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for iter := range 1500 {
		n := 6 + rng.IntN(10)
		s := newSolver()
		for range n {
			s.newVar()
		}
		var clauses [][]lit
		var amks []atMost
		randLit := func() lit { return mkLit(rng.IntN(n), rng.IntN(2) == 0) }
		for step := range 6 {
			for range rng.IntN(2 * n) {
				c := make([]lit, 2+rng.IntN(3))
				for i := range c {
					c[i] = randLit()
				}
				clauses = append(clauses, c)
				s.addClause(append([]lit(nil), c...))
			}
			for range 1 + rng.IntN(2) {
				k := 1 + rng.IntN(3)
				var ls []lit
				used := map[int]bool{}
				for range k + 2 + rng.IntN(6) {
					v := rng.IntN(n)
					if !used[v] {
						used[v] = true
						ls = append(ls, mkLit(v, rng.IntN(4) == 0))
					}
				}
				amks = append(amks, atMost{lits: ls, k: k})
				s.addAtMost(ls, k)
			}
			got := s.solve(nil)
			want := satBrute(n, clauses, amks)
			if (got == lTrue) != want {
				t.Fatalf("iter %d step %d: solver says %d, brute force says %v", iter, step, got, want)
			}
			if !want {
				break
			}
		}
	}
}

// TestCountedFallsBackToNative: a counted at-most-k past maxCounted is the
// native constraint (no counter variables), which propagates the same.
func TestCountedFallsBackToNative(t *testing.T) {
	for _, tc := range []struct {
		n, k        int
		wantCounter bool
	}{
		{n: 50, k: 10, wantCounter: true},
		{n: 1000, k: 800, wantCounter: false},
	} {
		s := newSolver()
		ls := make([]lit, tc.n)
		for i := range ls {
			ls[i] = mkLit(s.newVar(), false)
		}
		before := s.numVars()
		s.addAtMostCounted(ls, tc.k)
		if got := s.numVars() > before; got != tc.wantCounter {
			t.Errorf("n=%d k=%d: counter built %v, want %v", tc.n, tc.k, got, tc.wantCounter)
		}
		// Either way, k of them may hold and k+1 may not.
		for i := range tc.k {
			s.addClause([]lit{ls[i]})
		}
		if s.solve(nil) != lTrue {
			t.Fatalf("n=%d k=%d: k true literals refused", tc.n, tc.k)
		}
		if s.solve([]lit{ls[tc.k]}) != lFalse {
			t.Errorf("n=%d k=%d: k+1 true literals allowed", tc.n, tc.k)
		}
	}
}

// TestSumCountsExactly: the outputs of sum over per-group counters (cut at
// k, as newBounded builds the count of all breaks from each participant's)
// say exactly how many of all the literals are true, up to k, however the
// literals are grouped. Every assignment of the literals is put as
// assumptions, with each output asked both ways.
func TestSumCountsExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for iter := range 40 {
		n := 1 + rng.IntN(7)
		k := 1 + rng.IntN(n+1)
		s := newSolver()
		ls := make([]lit, n)
		for i := range ls {
			ls[i] = mkLit(s.newVar(), false)
		}
		var parts [][]lit
		for i := 0; i < n; {
			j := i + 1 + rng.IntN(n-i)
			parts = append(parts, s.counter(ls[i:j], k, false))
			i = j
		}
		o := s.sum(parts, k, false)
		if got, want := len(o), min(n, k); got != want {
			t.Fatalf("iter %d (n=%d k=%d): %d outputs, want %d", iter, n, k, got, want)
		}
		for mask := range 1 << n {
			as := make([]lit, n, n+1)
			cnt := 0
			for i := range ls {
				as[i] = mkLit(ls[i].v(), mask>>i&1 == 0)
				cnt += mask >> i & 1
			}
			for i, out := range o {
				for _, l := range []lit{out, out.not()} {
					got := s.solve(append(as, l)) == lTrue
					want := (cnt >= i+1) == (l == out)
					if got != want {
						t.Fatalf("iter %d (n=%d k=%d, %d groups), %d true: output %d as %v satisfiable %v, want %v",
							iter, n, k, len(parts), cnt, i, l == out, got, want)
					}
				}
			}
		}
	}
}

// TestMinimisationFollowsDefinition checks the learnt-clause minimisation
// (redundant) against its definition: a literal of the clause can go when
// every literal of its reason is in the clause, fixed at level 0, or itself
// implied, at one of the clause's levels, by literals that can go. The
// marks redundant leaves behind (literals that follow, literals that do
// not) must not change any later answer within the same analysis.
func TestMinimisationFollowsDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	checked, removable := 0, 0
	for iter := range 400 {
		n := 20 + rng.IntN(30)
		s := newSolver()
		for range n {
			s.newVar()
		}
		randLit := func() lit { return mkLit(rng.IntN(n), rng.IntN(2) == 0) }
		for range n {
			c := make([]lit, 2+rng.IntN(2))
			for i := range c {
				c[i] = randLit()
			}
			s.addClause(c)
		}
		for range 1 + rng.IntN(3) {
			k := 1 + rng.IntN(3)
			var ls []lit
			used := map[int]bool{}
			for range k + 2 + rng.IntN(6) {
				if v := rng.IntN(n); !used[v] {
					used[v] = true
					ls = append(ls, mkLit(v, rng.IntN(4) == 0))
				}
			}
			s.addAtMost(ls, k)
		}
		if !s.ok {
			continue
		}
		// Decide until everything is assigned or a decision conflicts
		// (that level is then undone), so the trail has implications at
		// several levels.
		for len(s.trail) < n {
			v := rng.IntN(n)
			if s.assign(v) != lUndef {
				continue
			}
			s.trailLim = append(s.trailLim, len(s.trail))
			s.enqueue(mkLit(v, rng.IntN(2) == 0), noClause, -1)
			if s.propagate() != nil {
				s.cancelUntil(s.decisionLevel() - 1)
				break
			}
		}
		var assigned []int
		for _, l := range s.trail {
			if s.level[l.v()] > 0 {
				assigned = append(assigned, l.v())
			}
		}
		if len(assigned) == 0 {
			continue
		}
		for range 5 {
			// A clause: the negations of some assigned literals.
			inClause := map[int]bool{}
			var clause []lit
			var levels uint64
			for _, v := range assigned {
				if rng.IntN(3) == 0 {
					inClause[v] = true
					clause = append(clause, mkLit(v, s.assign(v) == lTrue))
					levels |= 1 << (uint(s.level[v]) & 63)
				}
			}
			var follows func(v int) bool
			follows = func(v int) bool {
				r := append([]lit(nil), s.reason(v)...)
				for _, l := range r[1:] {
					u := l.v()
					if inClause[u] || s.level[u] == 0 {
						continue
					}
					if !s.hasReason(u) || levels&(1<<(uint(s.level[u])&63)) == 0 || !follows(u) {
						return false
					}
				}
				return true
			}
			for _, l := range clause {
				s.seen[l.v()] = true
			}
			s.stack = append(s.stack[:0], clause...)
			rng.Shuffle(len(clause), func(i, j int) { clause[i], clause[j] = clause[j], clause[i] })
			for _, l := range clause {
				if !s.hasReason(l.v()) {
					continue
				}
				want := follows(l.v())
				if got := s.redundant(l, levels); got != want {
					t.Fatalf("iter %d: literal %d of clause %v: redundant says %v, the definition %v", iter, l, clause, got, want)
				}
				checked++
				if want {
					removable++
				}
			}
			s.clearMarks()
		}
	}
	// The instances must exercise both answers.
	if checked < 1000 || removable == 0 || removable == checked {
		t.Fatalf("checked %d literals, %d removable: the instances do not test much", checked, removable)
	}
	t.Logf("checked %d literals, %d removable", checked, removable)
}

// TestCompactionKeepsTheSearch: squeezing deleted clauses out of the arena
// (compact) renames clauses but must not change the search. Two solvers on
// the same random instance, one never compacting (keepArena): both must
// go through the same conflicts to the same answer, whether the
// compaction comes within the search (at a reduction, with learnt clauses
// as reasons on the trail) or between solve calls.
func TestCompactionKeepsTheSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	squeezed := 0
	for iter := range 6 {
		n := 140 + rng.IntN(20)
		if iter%2 == 0 {
			n += 60 // long enough to reduce within the search
		}
		var clauses [][]lit
		for range n * 426 / 100 {
			c := make([]lit, 3)
			for i := range c {
				c[i] = mkLit(rng.IntN(n), rng.IntN(2) == 0)
			}
			clauses = append(clauses, c)
		}
		var amks [][]lit
		for range 3 * (iter % 2) {
			var ls []lit
			for v := range n {
				if rng.IntN(8) == 0 {
					ls = append(ls, mkLit(v, false))
				}
			}
			amks = append(amks, ls)
		}
		build := func(keep bool) *solver {
			s := newSolver()
			s.keepArena = keep
			for range n {
				s.newVar()
			}
			for _, c := range clauses {
				s.addClause(append([]lit(nil), c...))
			}
			for _, ls := range amks {
				s.addAtMost(ls, len(ls)/2)
			}
			return s
		}
		// Odd instances stop every few hundred conflicts, reduce and
		// compact between the calls; even ones run through, reducing
		// within the search every 4,000 conflicts or so.
		run := func(s *solver) int8 {
			for {
				if iter%2 == 1 {
					lim := s.conflicts + 300
					s.stop = func() bool { return s.conflicts >= lim }
				}
				if r := s.solve(nil); r != lUndef {
					return r
				}
				s.reduceDB()
				if !s.keepArena {
					s.compact()
				}
			}
		}
		a, b := build(false), build(true)
		ra, rb := run(a), run(b)
		if ra != rb || a.conflicts != b.conflicts || a.props != b.props {
			t.Fatalf("iter %d: compacting %d after %d conflicts (%d propagations), not %d after %d (%d)", iter, ra, a.conflicts, a.props, rb, b.conflicts, b.props)
		}
		if len(a.arena) < len(b.arena) {
			squeezed++
		}
		if ra == lTrue {
			for _, c := range clauses {
				if a.model[c[0].v()] == c[0].sign() && a.model[c[1].v()] == c[1].sign() && a.model[c[2].v()] == c[2].sign() {
					t.Fatalf("iter %d: model breaks clause %v", iter, c)
				}
			}
		}
		t.Logf("iter %d: %d, %d conflicts, arena %d words against %d", iter, ra, a.conflicts, len(a.arena), len(b.arena))
	}
	if squeezed < 4 {
		t.Fatalf("only %d of 6 searches compacted: the instances are too easy to test it", squeezed)
	}
}
