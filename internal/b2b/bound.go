package b2b

// boundSum is the lower bound on the total that participantBound's bounds
// give (a negative entry, for a participant never looked at, counts zero).
func boundSum(own []int) int {
	n := 0
	for _, b := range own {
		n += max(b, 0)
	}
	return n
}

// participantBound returns, for every participant, the fewest breaks it can
// have when only its own meetings are considered: their allowed slots,
// fixed slots, its availability and the precedences among them. The sum is
// a lower bound on the total, and often a tight one when many meetings are
// fixed. ok is false when stopped before all bounds were proven; the bounds
// returned are still valid (zero where unknown).
func participantBound(in *Instance, stop func() bool) (bounds []int, ok bool) {
	bounds = make([]int, len(in.Participants))
	mine := make([][]int, len(in.Participants))
	for m, mt := range in.Meetings {
		mine[mt.A] = append(mine[mt.A], m)
		mine[mt.B] = append(mine[mt.B], m)
	}
	for p := range in.Participants {
		if len(mine[p]) < 2 || in.Participants[p].people() > 1 {
			continue
		}
		if stop != nil && stop() {
			return bounds, false
		}
		b, proven := ownBreaks(in, p, mine[p], stop)
		if !proven {
			return bounds, false
		}
		bounds[p] = b
	}
	return bounds, true
}

// ownBreaks solves the one-participant relaxation exactly. Returns -1 with
// proven true when the participant's own meetings cannot all be placed.
func ownBreaks(in *Instance, p int, ms []int, stop func() bool) (int, bool) {
	// Every partner becomes a distinct stand-in, so only p's own day matters.
	sub := &Instance{Slots: in.Slots, Tables: in.Tables}
	sub.Participants = append(sub.Participants, in.Participants[p])
	index := map[int]int{}
	for i, m := range ms {
		mt := in.Meetings[m]
		other := mt.B
		if other == p {
			other = mt.A
		}
		sub.Participants = append(sub.Participants, Participant{Unavailable: in.Participants[other].Unavailable, Booth: in.Participants[other].Booth})
		nm := mt
		nm.A, nm.B = 0, i+1
		nm.PersonA, nm.PersonB = 0, 0
		if mt.B == p {
			nm.A, nm.B = i+1, 0
		}
		index[m] = i
		sub.Meetings = append(sub.Meetings, nm)
	}
	for _, pr := range in.Precedences {
		a, okA := index[pr.Before]
		b, okB := index[pr.After]
		if okA && okB {
			sub.Precedences = append(sub.Precedences, Precedence{Before: a, After: b})
		}
	}
	e := encode(sub, encodeParams{fairness: -1, requireAll: true})
	e.s.stop = stop
	r := e.s.solve(nil)
	if r == lUndef {
		return 0, false
	}
	if r == lFalse {
		return -1, true
	}
	cost := countTrue(e.brk, e.s.model)
	for cost > 0 {
		e.s.addAtMost(e.brk, cost-1)
		switch e.s.solve(nil) {
		case lUndef:
			return 0, false
		case lFalse:
			return cost, true
		}
		cost = countTrue(e.brk, e.s.model)
	}
	return 0, true
}
