package b2b

// hallCheck watches each single-person participant's own day: its meetings
// must go to distinct slots (it is one person), and each slot it is busy in
// needs one of its meetings. Both are matchings between its meetings and
// its slots, and when one is missing Hall's theorem names a set of k
// meetings with fewer than k slots left between them (or k busy slots with
// fewer than k meetings left that can fill them). Clauses alone refute such
// a set only by trying its cases (a pigeonhole), again in every part of the
// search where it comes back; the check sees it at once and returns the
// clause "one of these meetings goes to one of the slots ruled out for it"
// (or "one of these slots is idle after all"). Only asked with every
// meeting required, where each participant holds all of its meetings.
type hallCheck struct {
	e     *encoding
	parts []hallPart
	// DFS marks, by meeting (slot) index within a participant, stamped so
	// that they need no clearing.
	stamp    int32
	seenMeet []int32
	seenSlot []int32
	out      []lit
	// owners[v]: the parts (index+1, 0 none) that variable v concerns, a
	// meeting's placement two, a busy slot one. dirty lists the parts with
	// a variable set since they last passed (on is their flag); seen is
	// how much of the trail has been read.
	owners [][2]int32
	dirty  []int
	on     []bool
	seen   int
	// fired counts the clauses returned, from the meetings' side and from
	// the busy slots' (for the tests and the measuring tools).
	fired [2]int
}

type hallPart struct {
	p int
	// meets[i]: the slots of the participant's i-th meeting and their
	// placement literals.
	meets []hallMeeting
	// slotOf[i]: the slot the meetings' matching gives meeting i, or -1;
	// meetAt[s]: the meeting i the busy slots' matching gives slot s, or -1
	// (the two matchings are kept apart: each is repaired where the search
	// has taken an edge of it away).
	slotOf, owner []int
	meetAt, fill  []int
	// at[s]: for each meeting i that may be held in s, its position in
	// meets[i].slots (-1 none).
	at [][]int
}

type hallMeeting struct {
	slots []int
	x     []lit
}

// newHallCheck returns e's check, or nil when no participant can be
// checked.
func newHallCheck(e *encoding) *hallCheck {
	in := e.in
	ns := len(in.Slots)
	// out is never nil: an empty clause (all of its literals false from
	// the start) must still read as a conflict.
	c := &hallCheck{e: e, out: make([]lit, 0, 16)}
	byPart := make([][]int, len(in.Participants))
	for m, mt := range in.Meetings {
		byPart[mt.A] = append(byPart[mt.A], m)
		byPart[mt.B] = append(byPart[mt.B], m)
	}
	most := 0
	for p, ms := range byPart {
		if in.Participants[p].people() != 1 || len(ms) < 2 {
			continue
		}
		hp := hallPart{p: p, slotOf: make([]int, len(ms)), owner: make([]int, ns),
			meetAt: make([]int, ns), fill: make([]int, len(ms)), at: make([][]int, ns)}
		for s := range ns {
			hp.owner[s], hp.meetAt[s] = -1, -1
			hp.at[s] = make([]int, len(ms))
			for i := range ms {
				hp.at[s][i] = -1
			}
		}
		for i, m := range ms {
			hp.slotOf[i], hp.fill[i] = -1, -1
			hm := hallMeeting{slots: e.dom[m], x: e.x[m]}
			for j, s := range hm.slots {
				hp.at[s][i] = j
			}
			hp.meets = append(hp.meets, hm)
		}
		most = max(most, len(ms))
		c.parts = append(c.parts, hp)
	}
	if len(c.parts) == 0 {
		return nil
	}
	c.owners = make([][2]int32, e.s.numVars())
	own := func(l lit, k int) {
		o := &c.owners[l.v()]
		if o[0] == 0 {
			o[0] = int32(k + 1)
		} else if o[0] != int32(k+1) {
			o[1] = int32(k + 1)
		}
	}
	for k, hp := range c.parts {
		for _, hm := range hp.meets {
			for _, x := range hm.x {
				own(x, k)
			}
		}
		for _, l := range e.u[hp.p] {
			if l != e.fls() {
				own(l, k)
			}
		}
	}
	c.on = make([]bool, len(c.parts))
	for k := range c.parts {
		c.on[k] = true
		c.dirty = append(c.dirty, k)
	}
	c.seenMeet = make([]int32, most)
	c.seenSlot = make([]int32, ns)
	return c
}

func (c *hallCheck) check(s *solver) []lit {
	// Only a part with a variable set since it last passed can fail: the
	// trail from the lowest point the search backed up to says which.
	from := min(c.seen, s.checkLow)
	for _, l := range s.trail[from:] {
		if v := l.v(); v < len(c.owners) {
			for _, k := range c.owners[v] {
				if k > 0 && !c.on[k-1] {
					c.on[k-1] = true
					c.dirty = append(c.dirty, int(k-1))
				}
			}
		}
	}
	c.seen, s.checkLow = len(s.trail), len(s.trail)
	for len(c.dirty) > 0 {
		k := c.dirty[len(c.dirty)-1]
		hp := &c.parts[k]
		if cl := c.meetings(s, hp); cl != nil {
			c.fired[0]++
			return cl
		}
		if cl := c.busy(s, hp); cl != nil {
			c.fired[1]++
			return cl
		}
		c.dirty = c.dirty[:len(c.dirty)-1]
		c.on[k] = false
	}
	return nil
}

// open reports whether meeting i of hp may still be held in slot sl.
func (hp *hallPart) open(s *solver, i, sl int) bool {
	j := hp.at[sl][i]
	return j >= 0 && s.value(hp.meets[i].x[j]) != lFalse
}

func (c *hallCheck) next() int32 {
	c.stamp++
	if c.stamp == 0 {
		clear(c.seenMeet)
		clear(c.seenSlot)
		c.stamp = 1
	}
	return c.stamp
}

// meetings repairs the matching of hp's meetings into distinct open slots
// and returns a clause when some meetings cannot all have one.
func (c *hallCheck) meetings(s *solver, hp *hallPart) []lit {
	for i := range hp.meets {
		if sl := hp.slotOf[i]; sl >= 0 && !hp.open(s, i, sl) {
			hp.slotOf[i], hp.owner[sl] = -1, -1
		}
	}
	for i := range hp.meets {
		if hp.slotOf[i] >= 0 {
			continue
		}
		st := c.next()
		if c.augmentMeeting(s, hp, i, st) {
			continue
		}
		// The meetings the search reached have only the slots it reached,
		// one fewer, and all of those are taken by them.
		out := c.out[:0]
		for j, hm := range hp.meets {
			if c.seenMeet[j] != st {
				continue
			}
			for q, sl := range hm.slots {
				if c.seenSlot[sl] != st {
					out = ruledOut(s, out, hm.x[q])
				}
			}
		}
		c.out = out
		return out
	}
	return nil
}

// ruledOut appends x to out when the search has made it false (above the
// root: what is false from the start need not be named).
func ruledOut(s *solver, out []lit, x lit) []lit {
	if s.value(x) == lFalse && s.level[x.v()] > 0 {
		out = append(out, x)
	}
	return out
}

func (c *hallCheck) augmentMeeting(s *solver, hp *hallPart, i int, st int32) bool {
	c.seenMeet[i] = st
	for _, sl := range hp.meets[i].slots {
		if c.seenSlot[sl] == st || !hp.open(s, i, sl) {
			continue
		}
		c.seenSlot[sl] = st
		if o := hp.owner[sl]; o < 0 || c.augmentMeeting(s, hp, o, st) {
			hp.slotOf[i], hp.owner[sl] = sl, i
			return true
		}
	}
	return false
}

// busy repairs the matching of hp's busy slots to distinct meetings open
// there and returns a clause when some busy slots cannot all have one.
func (c *hallCheck) busy(s *solver, hp *hallPart) []lit {
	u := c.e.u[hp.p]
	for sl, i := range hp.meetAt {
		if i >= 0 && (s.value(u[sl]) != lTrue || !hp.open(s, i, sl)) {
			hp.meetAt[sl], hp.fill[i] = -1, -1
		}
	}
	for sl := range hp.meetAt {
		if hp.meetAt[sl] >= 0 || s.value(u[sl]) != lTrue {
			continue
		}
		st := c.next()
		if c.augmentSlot(s, hp, sl, st) {
			continue
		}
		out := c.out[:0]
		for t := range hp.meetAt {
			if c.seenSlot[t] != st {
				continue
			}
			if s.level[u[t].v()] > 0 {
				out = append(out, u[t].not())
			}
			for i, j := range hp.at[t] {
				if j < 0 || c.seenMeet[i] == st {
					continue
				}
				out = ruledOut(s, out, hp.meets[i].x[j])
			}
		}
		c.out = out
		return out
	}
	return nil
}

func (c *hallCheck) augmentSlot(s *solver, hp *hallPart, sl int, st int32) bool {
	c.seenSlot[sl] = st
	for i := range hp.meets {
		if c.seenMeet[i] == st || !hp.open(s, i, sl) {
			continue
		}
		c.seenMeet[i] = st
		if o := hp.fill[i]; o < 0 || c.augmentSlot(s, hp, o, st) {
			hp.meetAt[sl], hp.fill[i] = i, sl
			return true
		}
	}
	return false
}
