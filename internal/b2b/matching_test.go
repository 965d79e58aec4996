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
		e := encode(in, encodeParams{fairness: -1, requireAll: true, proof: true, noHallCheck: true})
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

// checkEvent draws the i-th event of TestChecksAgree: crowded events (six
// to nine participants, one or two tables, a few slots) for the seats
// check, then events whose meetings gather on two or three hubs, often
// limited to a session and with partners often away, where a hub's
// meetings run out of slots (the Hall check).
func checkEvent(rng *rand.Rand, i int) *Instance {
	if i%2 == 0 {
		np := 6 + rng.IntN(4)
		in := randomFrame(rng, np, 1, 3+rng.IntN(3), 1+rng.IntN(2), frameOdds{fewerTables: 6, twoPeople: 12, unavailable: 4, booth: 20})
		for range np + rng.IntN(np) {
			a := rng.IntN(np)
			b := (a + 1 + rng.IntN(np-1)) % np
			m := Meeting{A: a, B: b}
			randomTerms(rng, in, &m, 1, termOdds{session: 4, days: 5, fixedSlot: 12, fixedTable: 20})
			in.Meetings = append(in.Meetings, m)
		}
		return in
	}
	np := 7 + rng.IntN(4)
	in := randomFrame(rng, np, 1, 6+rng.IntN(3), 2+rng.IntN(2), frameOdds{fewerTables: 6, twoPeople: 12, unavailable: 2, booth: 20})
	hubs := 2 + rng.IntN(2)
	for range 2*np + rng.IntN(np) {
		a := rng.IntN(hubs)
		if rng.IntN(4) == 0 {
			a = rng.IntN(np)
		}
		b := (a + 1 + rng.IntN(np-1)) % np
		m := Meeting{A: a, B: b}
		randomTerms(rng, in, &m, 1, termOdds{session: 2, days: 5, fixedSlot: 12, fixedTable: 20})
		in.Meetings = append(in.Meetings, m)
	}
	return in
}

// TestChecksAgree asks random events (checkEvent) every bound up to three
// breaks in the proof set-up with the seats check and the Hall check, with
// each alone and with neither: the answers must agree, every schedule must
// keep its bound, and every clause a check returns must be false where it
// was returned and kept by every schedule. Each check must have fired, or
// the test proves nothing. On the hub events the search branches on every
// variable, busy slots included, which is when a participant is made busy
// where too few of its meetings can go.
func TestChecksAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 23))
	var seats int
	var hall [2]int
	asked := 0
	configs := []struct{ noMatch, noHall bool }{{false, false}, {false, true}, {true, false}, {true, true}}
	for i := range 600 {
		in := checkEvent(rng, i)
		if in.Validate() != nil {
			continue
		}
		opt := Options{Fairness: 2, RequireAll: true}
		own, shapes, _ := ownDays(in, true, fairnessCap(in, opt.Fairness), nil)
		sum := boundSum(own)
		for k := range 4 {
			var answers [4]int8
			for j, cf := range configs {
				prm := encodeParams{fairness: opt.Fairness, requireAll: true, proof: true, shapes: shapes, noMatchCheck: cf.noMatch, noHallCheck: cf.noHall}
				b := newPinned(in, prm, own, sum, k)
				if i%2 == 1 {
					b.s.branchOnAll()
				}
				var clauses [][]lit
				if check := b.s.check; check != nil {
					b.s.check = func(s *solver) []lit {
						cl := check(s)
						if cl != nil {
							if cf.noHall {
								seats++
							}
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
				if cf.noMatch && b.hall != nil {
					hall[0] += b.hall.fired[0]
					hall[1] += b.hall.fired[1]
				}
				for _, cl := range clauses {
					fresh := prm
					fresh.noMatchCheck, fresh.noHallCheck = true, true
					if !impliedBy(newPinned(in, fresh, own, sum, k), cl) {
						t.Fatalf("event %d, at most %d (%+v): the check's clause %v is not implied", i, k, cf, cl)
					}
				}
				if answers[j] == lTrue {
					if err := checkWithin(in, opt, b.slotsOf(b.s.model), k); err != nil {
						t.Fatalf("event %d, at most %d (%+v): %v", i, k, cf, err)
					}
				}
			}
			asked++
			for j := range configs {
				if answers[j] != answers[0] {
					t.Fatalf("event %d, at most %d breaks: %d with both checks, %d with %+v", i, k, answers[0], answers[j], configs[j])
				}
			}
		}
	}
	// The busy side fires rarely on events this small (TestHallCheckBusy
	// makes it fire); its clauses, when it does, are checked all the same.
	if seats == 0 || hall[0] == 0 {
		t.Fatalf("in %d questions the seats check fired %d times and the Hall check's meetings side %d: both must fire", asked, seats, hall[0])
	}
	t.Logf("%d questions; clauses: %d from the seats check, %d and %d from the Hall check's two sides", asked, seats, hall[0], hall[1])
}

// impliedBy reports whether clause cl, returned by a check of a solver
// for the same question as fresh, holds in every schedule that answers the
// question: fresh, built the same way without the checks (which add no
// variables, so the literals mean the same there), asked for a schedule
// that breaks the clause, must find none. The question counts, not only
// the event's rules: a check leaves out literals false from the start,
// and those may rest on the bound.
func impliedBy(fresh *bounded, cl []lit) bool {
	as := make([]lit, len(cl))
	for i, l := range cl {
		as[i] = l.not()
	}
	return fresh.s.solve(as) == lFalse
}
