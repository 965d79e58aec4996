package b2b

import (
	"slices"
	"testing"
)

// hallEvent is one participant (0) meeting 1..n over ns slots, with each
// partner's unavailable slots as given.
func hallEvent(ns int, unavailable [][]int) *Instance {
	in := &Instance{Tables: []Table{{}, {}, {}, {}}}
	for range ns {
		in.Slots = append(in.Slots, Slot{})
	}
	in.Participants = append(in.Participants, Participant{})
	for i, un := range unavailable {
		in.Participants = append(in.Participants, Participant{Unavailable: un})
		in.Meetings = append(in.Meetings, Meeting{A: 0, B: i + 1})
	}
	return in
}

// TestHallCheckMeetings: three of participant 0's four meetings can only
// be held in slots 0 and 1. Counting its busy slots does not see it (four
// meetings, six slots); the check does before any decision, with nothing
// to name, so the question is refuted outright.
func TestHallCheckMeetings(t *testing.T) {
	late := []int{2, 3, 4, 5}
	in := hallEvent(6, [][]int{late, late, late, nil})
	for _, tt := range []struct {
		name    string
		off     bool
		wantNil bool
	}{
		{"check on", false, false},
		{"check off", true, true},
	} {
		e := encode(in, encodeParams{fairness: -1, requireAll: true, proof: true, noMatchCheck: true, noHallCheck: tt.off})
		if e.s.propagate() != nil {
			t.Fatalf("%s: propagation found the conflict itself", tt.name)
		}
		if got := e.s.check == nil; got != tt.wantNil {
			t.Fatalf("%s: check attached %v, want %v", tt.name, !got, !tt.wantNil)
		}
		if e.s.check != nil {
			cl := e.s.check(e.s)
			if cl == nil || len(cl) != 0 {
				t.Fatalf("%s: clause %v, want the empty clause", tt.name, cl)
			}
		}
		if r := e.s.solve(nil); r != lFalse {
			t.Fatalf("%s: answer %d, want unsatisfiable", tt.name, r)
		}
	}
}

// TestHallCheckBusy: participant 0 is made busy in slots 2, 3 and 4, where
// only two of its meetings can be held (partners 1 and 2 are gone by
// then). Each busy slot still has a meeting that could fill it, so
// propagation sees nothing; the check names the three busy slots.
func TestHallCheckBusy(t *testing.T) {
	gone := []int{2, 3, 4}
	in := hallEvent(5, [][]int{gone, gone, nil, nil})
	e := encode(in, encodeParams{fairness: -1, requireAll: true, proof: true, noMatchCheck: true})
	s := e.s
	for _, sl := range []int{2, 3, 4} {
		s.trailLim = append(s.trailLim, len(s.trail))
		s.enqueue(e.u[0][sl], noClause, -1)
		if s.propagate() != nil {
			t.Fatalf("propagation found the conflict itself (slot %d)", sl)
		}
	}
	cl := s.check(s)
	var got []int
	for _, l := range cl {
		if s.value(l) != lFalse {
			t.Errorf("clause literal %d is not false", l)
		}
		for sl, u := range e.u[0] {
			if l == u.not() {
				got = append(got, sl)
			}
		}
	}
	if want := []int{2, 3, 4}; !slices.Equal(got, want) || len(cl) != len(want) {
		t.Fatalf("clause %v over busy slots %v, want exactly the busy slots %v", cl, got, want)
	}
	if e.hall.fired != [2]int{0, 1} {
		t.Fatalf("fired %v, want one clause from the busy side", e.hall.fired)
	}
}
