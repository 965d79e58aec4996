package b2b

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// maxMatching returns the size of a largest matching of the graph with
// vertices 0..n-1 and the given edges.
func maxMatching(n int, edges [][2]int) int {
	var m matcher
	return m.match(n, edges, n)
}

// bruteMatching tries every edge in or out.
func bruteMatching(n int, edges [][2]int) int {
	var best int
	used := make([]bool, n)
	var rec func(i, size int)
	rec = func(i, size int) {
		if size+len(edges)-i <= best {
			return
		}
		if i == len(edges) {
			best = size
			return
		}
		a, b := edges[i][0], edges[i][1]
		if a != b && !used[a] && !used[b] {
			used[a], used[b] = true, true
			rec(i+1, size+1)
			used[a], used[b] = false, false
		}
		rec(i+1, size)
	}
	rec(0, 0)
	return best
}

func TestMaxMatching(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		edges [][2]int
		want  int
	}{
		{"empty", 3, nil, 0},
		{"triangle", 3, [][2]int{{0, 1}, {1, 2}, {2, 0}}, 1},
		{"path of four", 4, [][2]int{{0, 1}, {1, 2}, {2, 3}}, 2},
		{"star", 5, [][2]int{{0, 1}, {0, 2}, {0, 3}, {0, 4}}, 1},
		// Two triangles joined by an edge: the greedy start can take the
		// bridge, and only a blossom-aware search recovers the third edge.
		{"two triangles", 6, [][2]int{{0, 1}, {1, 2}, {2, 0}, {2, 3}, {3, 4}, {4, 5}, {5, 3}}, 3},
		{"five-cycle with tail", 6, [][2]int{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 0}, {0, 5}}, 3},
		{"self loop", 2, [][2]int{{0, 0}, {0, 1}}, 1},
	}
	for _, tt := range tests {
		if got := maxMatching(tt.n, tt.edges); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestMaxMatchingAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := range 3000 {
		n := 2 + r.IntN(11)
		var edges [][2]int
		p := r.Float64()
		for a := range n {
			for b := a + 1; b < n; b++ {
				if r.Float64() < p*0.6 {
					edges = append(edges, [2]int{a, b})
				}
			}
		}
		r.Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
		if got, want := maxMatching(n, edges), bruteMatching(n, edges); got != want {
			t.Fatalf("graph %d (n=%d, %v): got %d, want %d", i, n, edges, got, want)
		}
	}
}

// seatsEvent is one slot's crowd: h meets x, y and z, who each also meet
// someone of their own (o1, o2, o3), in four slots of two tables.
func seatsEvent() *Instance {
	in := &Instance{Tables: []Table{{}, {}}}
	for range 4 {
		in.Slots = append(in.Slots, Slot{})
	}
	for range 7 {
		in.Participants = append(in.Participants, Participant{})
	}
	const h, x, y, z, o1, o2, o3 = 0, 1, 2, 3, 4, 5, 6
	for _, m := range [][2]int{{h, x}, {h, y}, {h, z}, {x, o1}, {y, o2}, {z, o3}} {
		in.Meetings = append(in.Meetings, Meeting{A: m[0], B: m[1]})
	}
	return in
}

// TestMatchCheckFindsTheOverflow puts participants in slot 0 by hand: x,
// y and z do not meet one another, so each needs a table of its own, and
// two tables cannot seat them, though the busy rule (at most four busy at
// two tables) allows it. With h instead of z, h and x share a table.
func TestMatchCheckFindsTheOverflow(t *testing.T) {
	tests := []struct {
		name string
		busy []int
		want []int // the participants whose "not busy in slot 0" is the clause
	}{
		{"three who do not meet", []int{1, 2, 3}, []int{1, 2, 3}},
		{"the hub and two", []int{0, 1, 2}, nil},
		{"two", []int{1, 2}, nil},
	}
	for _, tt := range tests {
		in := seatsEvent()
		e := encode(in, encodeParams{fairness: -1, requireAll: true, proof: true})
		if e.s.check == nil {
			t.Fatal("no check on an event whose slots have more participants than tables")
		}
		s := e.s
		for _, p := range tt.busy {
			s.trailLim = append(s.trailLim, len(s.trail))
			s.enqueue(e.u[p][0], noClause, -1)
			if s.propagate() != nil {
				t.Fatalf("%s: propagation found the conflict itself", tt.name)
			}
		}
		cl := s.check(s)
		var got []int
		for _, l := range cl {
			if s.value(l) != lFalse {
				t.Errorf("%s: clause literal %d is not false", tt.name, l)
			}
			for p := range in.Participants {
				if l == e.u[p][0].not() {
					got = append(got, p)
				}
			}
		}
		if len(got) != len(cl) {
			t.Errorf("%s: clause %v holds more than busy literals (no meeting was ruled out)", tt.name, cl)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: clause over %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestMatchCheckAgrees asks crowded random events (six to nine
// participants, one or two tables) every bound up to three breaks in the
// proof set-up with the check and without: the answers must agree, every
// schedule must keep its bound, and every clause the check returns must
// be false where it was returned. The check must have fired, or the test
// proves nothing.
func TestMatchCheckAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 23))
	fired, asked := 0, 0
	for i := range 300 {
		np := 6 + rng.IntN(4)
		in := randomFrame(rng, np, 1, 3+rng.IntN(3), 1+rng.IntN(2), frameOdds{fewerTables: 6, twoPeople: 12, unavailable: 4, booth: 20})
		for range np + rng.IntN(np) {
			a := rng.IntN(np)
			b := (a + 1 + rng.IntN(np-1)) % np
			m := Meeting{A: a, B: b}
			randomTerms(rng, in, &m, 1, termOdds{session: 4, days: 5, fixedSlot: 12, fixedTable: 20})
			in.Meetings = append(in.Meetings, m)
		}
		if in.Validate() != nil {
			continue
		}
		opt := Options{Fairness: 2, RequireAll: true}
		own, shapes, _ := ownDays(in, true, fairnessCap(in, opt.Fairness), nil)
		sum := boundSum(own)
		for k := range 4 {
			var answers [2]int8
			for j, off := range []bool{false, true} {
				prm := encodeParams{fairness: opt.Fairness, requireAll: true, proof: true, shapes: shapes, noMatchCheck: off}
				b := newPinned(in, prm, own, sum, k)
				var clauses [][]lit
				if check := b.s.check; check != nil {
					b.s.check = func(s *solver) []lit {
						cl := check(s)
						if cl != nil {
							fired++
							for _, l := range cl {
								if s.value(l) != lFalse {
									t.Fatalf("event %d, at most %d: clause literal %d is not false", i, k, l)
								}
							}
							clauses = append(clauses, slices.Clone(cl))
						}
						return cl
					}
				}
				answers[j] = b.s.solve(nil)
				for _, cl := range clauses {
					if !impliedBySeats(in, b.encoding, cl) {
						t.Fatalf("event %d, at most %d: the check's clause %v is not implied", i, k, cl)
					}
				}
				if answers[j] == lTrue {
					if err := checkWithin(in, opt, b.slotsOf(b.s.model), k); err != nil {
						t.Fatalf("event %d, at most %d (check off: %v): %v", i, k, off, err)
					}
				}
			}
			asked++
			if answers[0] != answers[1] {
				t.Fatalf("event %d, at most %d breaks: %d with the check, %d without", i, k, answers[0], answers[1])
			}
		}
	}
	if fired == 0 {
		t.Fatalf("the check never fired in %d questions", asked)
	}
	t.Logf("%d questions, %d clauses from the check", asked, fired)
}

// impliedBySeats reports whether every schedule of in keeps clause cl of
// encoding e (busy and placement literals only): a fresh encoding without
// the check, asked for a schedule that breaks the clause, must find none.
func impliedBySeats(in *Instance, e *encoding, cl []lit) bool {
	f := encode(in, encodeParams{fairness: -1, requireAll: true, noMatchCheck: true})
	var as []lit
	for _, l := range cl {
		found := false
		for p, row := range e.u {
			for sl, u := range row {
				if u.v() == l.v() && u != e.fls() && u.not() != e.fls() {
					as = append(as, f.u[p][sl].not()^(l^u)) // l false: u's sign as in l
					found = true
				}
			}
		}
		for m, row := range e.x {
			for i, x := range row {
				if x.v() == l.v() {
					as = append(as, f.x[m][i].not()^(l^x))
					found = true
				}
			}
		}
		if !found {
			return false
		}
	}
	return f.s.solve(as) == lFalse
}
