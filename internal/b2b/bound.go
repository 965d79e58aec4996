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
	bounds, _, ok = ownDays(in, false, -1, stop)
	return bounds, ok
}

// ownDays works out participantBound's bounds and, with shapes, the rules
// of ownDay.shapes too. cap, when not
// negative, is the most breaks anyone may have. The rules are given for
// single-person participants whose bound is proven; stopped, ok is false
// and what was found so far is returned.
func ownDays(in *Instance, shapes bool, cap int, stop func() bool) (bounds []int, rules [][]shapeRule, ok bool) {
	bounds = make([]int, len(in.Participants))
	if shapes {
		rules = make([][]shapeRule, len(in.Participants))
	}
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
			return bounds, rules, false
		}
		b, proven := newOwnDay(in, p, mine[p]).fewest(stop)
		if !proven {
			return bounds, rules, false
		}
		bounds[p] = b
		if shapes && b >= 0 {
			top := b + 2
			if cap >= 0 {
				top = min(top, cap)
			}
			// A fresh solver: fewest leaves its own one unsatisfiable.
			rs, done := newOwnDay(in, p, mine[p]).shapes(b, top, cap, stop)
			rules[p] = rs
			if !done {
				return bounds, rules, false
			}
		}
	}
	return bounds, rules, true
}

// ownInstance is participant p's own meetings alone: every partner becomes
// a distinct stand-in, so only p's own day matters.
func ownInstance(in *Instance, p int, ms []int) *Instance {
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
	return sub
}

// ownDay is a participant's own meetings alone (ownInstance) as a solver.
type ownDay struct {
	e *encoding
}

func newOwnDay(in *Instance, p int, ms []int) *ownDay {
	return &ownDay{e: encode(ownInstance(in, p, ms), encodeParams{fairness: -1, requireAll: true})}
}

// fewest solves the one-participant relaxation exactly. Returns -1 with
// proven true when the participant's own meetings cannot all be placed.
// Each better schedule's limit is added for good, which leaves the solver
// unsatisfiable at the end: a limit put by assumptions through a counter
// instead took one participant of forum-13crafb.fixed020-Forb 15 s to
// refute, against milliseconds this way.
func (d *ownDay) fewest(stop func() bool) (int, bool) {
	s := d.e.s
	s.stop = stop
	r := s.solve(nil)
	if r == lUndef {
		return 0, false
	}
	if r == lFalse {
		return -1, true
	}
	cost := countTrue(d.e.brk, s.model)
	for cost > 0 {
		s.addAtMost(d.e.brk, cost-1)
		switch s.solve(nil) {
		case lUndef:
			return 0, false
		case lFalse:
			return cost, true
		}
		cost = countTrue(d.e.brk, s.model)
	}
	return 0, true
}

// shapeBudget is the conflicts one question of ownDay.shapes may take.
const shapeBudget = 200

// shapeRule says that a participant with at most Breaks breaks is busy
// (or idle) in Slot; Breaks < 0 means whatever its breaks.
type shapeRule struct {
	slot, breaks int
	busy         bool
}

// shapes works out, for each number of the participant's breaks from own
// (its minimum) up to top, the slots its own meetings force it to be busy
// or idle in: with no break, a participant whose morning-only and
// afternoon-only meetings must meet across lunch is busy on both sides of
// it, wherever its block starts. Every schedule keeps these rules, since a
// participant's day in it is a schedule of its own meetings alone; stated
// as clauses ("more than b breaks, or busy in s", see encodeShapes), they
// let the search count busy participants per slot against the tables
// without first trying every start of every block. Rules at cap (when not
// negative, the most breaks anyone may have) hold outright. The rules of
// one slot are given at the most breaks they hold for. done is false when
// stopped.
func (d *ownDay) shapes(own, top, cap int, stop func() bool) (out []shapeRule, done bool) {
	e := d.e
	ns := len(e.in.Slots)
	// A question that the solver cannot settle quickly is left
	// unanswered, which only costs a rule: some of them are pigeonhole
	// problems (ten meetings for nine slots), which take a solver that
	// reasons by clauses exponentially long.
	var limit int64
	e.s.stop = func() bool { return e.s.conflicts > limit || stop != nil && stop() }
	ask := func(as []lit) int8 {
		limit = e.s.conflicts + shapeBudget
		return e.s.solve(as)
	}
	u := e.u[0]
	// more[b]: at least b+1 breaks; "at most b" is its negation, assumed.
	more := e.s.counter(e.brk, top+1, false)
	atMost := func(b int) []lit {
		if b < len(more) {
			return []lit{more[b].not()}
		}
		return nil
	}
	// busyAt[s] (idleAt[s]) is the most breaks at which s is forced
	// busy (idle), or -2. The levels go up from the own minimum: a
	// schedule found at one level is one at every level above, so what
	// it rules out stays ruled out, and only what was forced at one
	// level is asked again at the next.
	busyAt, idleAt := make([]int, ns), make([]int, ns)
	canIdle, canBusy := make([]bool, ns), make([]bool, ns)
	for s := range ns {
		busyAt[s], idleAt[s] = -2, -2
	}
	seen := func() {
		for s := range ns {
			if u[s] == e.fls() || e.s.model[u[s].v()] == u[s].sign() {
				canIdle[s] = true
			} else {
				canBusy[s] = true
			}
		}
	}
	for b := own; b <= top; b++ {
		lim := atMost(b)
		if ask(lim) != lTrue {
			break
		}
		seen()
		forced := false
		for s := range ns {
			for _, busy := range []bool{true, false} {
				if busy && canIdle[s] || !busy && canBusy[s] {
					continue
				}
				l := u[s].not()
				if !busy {
					l = u[s]
				}
				switch ask(append(lim[:len(lim):len(lim)], l)) {
				case lUndef:
					if stop != nil && stop() {
						return out, false
					}
					// Unsettled counts as not forced, at this level
					// and above.
					if busy {
						canIdle[s] = true
					} else {
						canBusy[s] = true
					}
				case lTrue:
					seen()
				case lFalse:
					forced = true
					if busy {
						busyAt[s] = b
					} else {
						idleAt[s] = b
					}
				}
			}
		}
		if !forced {
			break // nor at any level above
		}
	}
	for s := range ns {
		for _, r := range []shapeRule{{s, busyAt[s], true}, {s, idleAt[s], false}} {
			if r.breaks < -1 || !r.busy && u[s] == e.fls() {
				continue
			}
			if cap >= 0 && r.breaks >= cap {
				r.breaks = -1
			}
			out = append(out, r)
		}
	}
	return out, true
}
