package b2b

import (
	"cmp"
	"maps"
	"slices"
)

// This file translates an Instance into the solver's clauses and
// cardinality constraints. Variables: x[m][i] (meeting m in its i-th
// allowed slot), sel[m] (meeting m is scheduled), u[p][s] (participant p
// meets in slot s), after[p][s] (p meets in s or later the same day) and
// brk (a break of p starts at s). Breaks are defined exactly, in both
// directions, so that fairness can bound them from below as well as above.

type encoding struct {
	in *Instance
	s  *solver
	// hall is the proof set-ups' check of each participant's meetings
	// against its slots, or nil.
	hall *hallCheck
	tru  lit
	dom  [][]int
	x    [][]lit
	sel  []lit
	u    [][]lit
	// brk holds every break literal; brkOf the ones of each participant.
	brk   []lit
	brkOf [][]lit
	// auxOnly makes new variables auxiliary: everything but the meeting
	// placement is defined by it.
	auxOnly bool
}

type encodeParams struct {
	fairness   int
	requireAll bool
	// maxUnscheduled bounds the unscheduled meetings of a priority level.
	maxUnscheduled map[int]int
	// forced holds implied rules from the flows (see forcedByFlows): what
	// every schedule within maxUnscheduled does.
	forced forced
	// proof sets the solver up for proving bounds rather than finding
	// schedules: "at most 2L participants busy per slot" goes through a
	// counter (see solver.counter), restarts are focused, failed
	// literals are probed (see solver.probeNext) and each slot's seats are
	// checked against the busy participants (see matchCheck).
	proof bool
	// countTables states the table limit of each slot through a counter
	// (solver.addAtMostCounted) as well. Some events need it for their
	// proofs (ticf-13crafc: 2.6 s with it, not within 60 s without), others
	// are twice as slow with it (forum-13crafb), so the prover runs both
	// kinds (see Solve).
	countTables bool
	// finding sets the encoding up for finding a schedule under a bound
	// rather than for proofs (used with countTables): the implied rule "at
	// most 2L participants busy per slot" is left out, and each
	// participant's one meeting per slot goes through a counter. With the
	// busy rule, the question "at most 1 break" on forum-13crafc was not
	// answered in 30 s (three runs); without it, in 2 to 5 s (six runs),
	// and counting each participant's slots brought that to 1.5 to 3.2 s.
	finding bool
	// branchBusy lets the search branch on whether a participant is busy
	// in a slot, not only on where each meeting goes. Under a limit on the
	// breaks, a crowded day is a question of whose blocks overlap where,
	// and deciding that directly finds packed schedules sooner. The
	// finding set-up uses it: over the 49 hardest published
	// configurations, 35 and 36 proven within 10 s with it, against 29 and
	// 30 without. Elsewhere it costs more than it brings: proofs (eight
	// of them: 22 s against 14 s), the plain set-up on roomy events
	// (forum-13 "no break": 0.07-4.3 s against 0.1-0.6 s over three
	// orderings) and the first schedule, before any limit on the breaks
	// (forum-13crafb.fixed020-Forb: 8.4 s against 0.1 s).
	branchBusy bool
	// shapes holds what each participant's own meetings force on its day
	// at a given number of its breaks (see ownDay.shapes); only with every
	// meeting required.
	shapes [][]shapeRule
	// noMatchCheck leaves out the search's check of each slot's seats
	// against the busy participants' matchings (see matchCheck).
	noMatchCheck bool
	// noHallCheck leaves out the check of each participant's own meetings
	// against its slots (hallCheck), for the tests and the measuring tools.
	noHallCheck bool
}

// findingSetUp returns p as the finder's set-up: finding, with the tables
// counted and the search branching on busy slots. The searches, the tests
// that check it states the same problem and the measuring tools all take it
// from here, so they cannot drift apart.
func (p encodeParams) findingSetUp() encodeParams {
	p.countTables, p.finding, p.branchBusy = true, true, true
	return p
}

func (e *encoding) fls() lit { return e.tru.not() }

// atMostUnder returns a fresh literal that, when assumed true, allows at most
// k of group to be true. The literal forces len(group)-k padding literals
// true inside one native "at most len(group)" over the group and the
// padding, so the limit propagates as any native one does and costs no
// counter.
func (e *encoding) atMostUnder(group []lit, k int) lit {
	act := e.newLit()
	probe := append([]lit(nil), group...)
	for range len(group) - k {
		c := e.newLit()
		e.s.addClause([]lit{act.not(), c})
		probe = append(probe, c)
	}
	e.s.addAtMost(probe, len(group))
	return act
}

func (e *encoding) newLit() lit {
	v := e.s.newVar()
	if e.auxOnly {
		e.s.setAuxiliary(v)
	}
	return mkLit(v, false)
}

func encode(in *Instance, prm encodeParams) *encoding {
	s := newSolver()
	s.focused, s.probing = prm.proof, prm.proof
	e := &encoding{in: in, s: s}
	e.tru = e.newLit()
	s.addClause([]lit{e.tru})

	nm, ns, np := len(in.Meetings), len(in.Slots), len(in.Participants)
	e.dom = in.domains()
	e.x = make([][]lit, nm)
	e.sel = make([]lit, nm)
	bySlot := make([][]lit, ns)
	occ := make([][][]lit, np) // occ[p][s]: x literals of p's meetings in s
	for p := range occ {
		occ[p] = make([][]lit, ns)
	}
	type personKey struct{ p, person, s int }
	byPerson := map[personKey][]lit{}
	type tableKey struct{ t, s int }
	byTable := map[tableKey][]lit{}

	for m := range in.Meetings {
		mt := in.Meetings[m]
		e.x[m] = make([]lit, len(e.dom[m]))
		for i, sl := range e.dom[m] {
			x := e.newLit()
			e.x[m][i] = x
			bySlot[sl] = append(bySlot[sl], x)
			occ[mt.A][sl] = append(occ[mt.A][sl], x)
			occ[mt.B][sl] = append(occ[mt.B][sl], x)
			if mt.PersonA > 0 {
				k := personKey{mt.A, mt.PersonA, sl}
				byPerson[k] = append(byPerson[k], x)
			}
			if mt.PersonB > 0 {
				k := personKey{mt.B, mt.PersonB, sl}
				byPerson[k] = append(byPerson[k], x)
			}
			if t := in.pinnedTable(m); t > 0 {
				k := tableKey{t, sl}
				byTable[k] = append(byTable[k], x)
			}
		}
		if prm.requireAll {
			e.sel[m] = e.tru
			s.addClause(append([]lit(nil), e.x[m]...))
		} else {
			e.sel[m] = e.newLit()
			for _, x := range e.x[m] {
				s.addClause([]lit{x.not(), e.sel[m]})
			}
			s.addClause(append([]lit{e.sel[m].not()}, e.x[m]...))
		}
		s.addAtMost(e.x[m], 1)
	}
	e.auxOnly = true
	for sl := range bySlot {
		s.atMost(bySlot[sl], in.tablesIn(sl), prm.countTables)
	}
	// Map order is random; constraints go in sorted so that runs repeat.
	for _, k := range slices.SortedFunc(maps.Keys(byPerson), func(a, b personKey) int {
		return cmp.Or(cmp.Compare(a.p, b.p), cmp.Compare(a.person, b.person), cmp.Compare(a.s, b.s))
	}) {
		s.addAtMost(byPerson[k], 1)
	}
	for _, k := range slices.SortedFunc(maps.Keys(byTable), func(a, b tableKey) int {
		return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.s, b.s))
	}) {
		s.addAtMost(byTable[k], 1)
	}

	meetingsOf := in.meetingsPer()
	e.brkOf = make([][]lit, np)
	e.u = make([][]lit, np)
	for p := range in.Participants {
		u := make([]lit, ns)
		e.u[p] = u
		for sl := range ns {
			ls := occ[p][sl]
			s.atMost(ls, in.Participants[p].people(), prm.finding)
			if len(ls) == 0 {
				u[sl] = e.fls()
				continue
			}
			if prm.branchBusy {
				u[sl] = mkLit(s.newVar(), false)
			} else {
				u[sl] = e.newLit()
			}
			for _, x := range ls {
				s.addClause([]lit{x.not(), u[sl]})
			}
			s.addClause(append([]lit{u[sl].not()}, ls...))
		}
		if prm.requireAll && in.Participants[p].people() == 1 {
			// Implied: exactly as many busy slots as meetings. The matching
			// of meetings to slots implies it, but stating it lets the
			// search see a participant's full day at once.
			s.addAtMost(u, meetingsOf[p])
			s.addAtLeast(u, meetingsOf[p])
		}
		if meetingsOf[p] < 2 {
			continue
		}
		for _, day := range in.days() {
			e.brkOf[p] = append(e.brkOf[p], e.encodeBreaks(u, day)...)
		}
		e.brk = append(e.brk, e.brkOf[p]...)
		if prm.requireAll && in.Participants[p].people() == 1 && len(in.days()) == 1 {
			e.encodeBlock(u, e.brkOf[p], meetingsOf[p])
		}
	}

	// Implied: each meeting keeps two participants busy (left out when
	// finding, see encodeParams.finding).
	if !prm.finding {
		for sl := range ns {
			var us []lit
			for p := range in.Participants {
				if e.u[p][sl] != e.fls() {
					us = append(us, e.u[p][sl])
				}
			}
			s.atMost(us, 2*in.tablesIn(sl), prm.proof)
		}
	}

	e.encodeFairness(prm.fairness, meetingsOf)
	if prm.requireAll {
		e.encodeShapes(prm.shapes)
	}

	for _, pr := range in.Precedences {
		a, b := pr.Before, pr.After
		for i, sl := range e.dom[b] {
			cl := []lit{e.x[b][i].not(), e.sel[a].not()}
			for j, t := range e.dom[a] {
				if t < sl {
					cl = append(cl, e.x[a][j])
				}
			}
			s.addClause(cl)
		}
	}

	for _, m := range prm.forced.mustHold {
		s.addClause([]lit{e.sel[m]})
	}
	for _, sl := range prm.forced.full {
		s.addAtLeast(bySlot[sl], in.tablesIn(sl))
	}
	for _, p := range slices.Sorted(maps.Keys(prm.forced.busy)) {
		for _, sl := range prm.forced.busy[p] {
			s.addAtLeast(occ[p][sl], in.Participants[p].people())
		}
	}
	for _, level := range slices.Sorted(maps.Keys(prm.maxUnscheduled)) {
		s.addAtMost(e.unscheduledLits(level), prm.maxUnscheduled[level])
	}
	var checks []func(*solver) []lit
	if prm.proof && !prm.noMatchCheck {
		if c := newMatchCheck(e); c != nil {
			checks = append(checks, c.check)
		}
	}
	if prm.proof && prm.requireAll && !prm.noHallCheck {
		if c := newHallCheck(e); c != nil {
			e.hall = c
			checks = append(checks, c.check)
		}
	}
	switch len(checks) {
	case 0:
	case 1:
		s.check = checks[0]
	default:
		s.check = func(s *solver) []lit {
			for _, f := range checks {
				if cl := f(s); cl != nil {
					return cl
				}
			}
			return nil
		}
	}
	return e
}

func (e *encoding) unscheduledLits(level int) []lit {
	var ls []lit
	for m, mt := range e.in.Meetings {
		if mt.Priority == level {
			ls = append(ls, e.sel[m].not())
		}
	}
	return ls
}

// days groups slot indices by day, in order.
func (in *Instance) days() [][]int {
	var out [][]int
	for s, sl := range in.Slots {
		if s == 0 || sl.Day != in.Slots[s-1].Day {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], s)
	}
	return out
}

// encodeBreaks defines, for the slots of one day, a literal per slot that is
// true exactly when a break of the participant starts there.
func (e *encoding) encodeBreaks(u []lit, day []int) []lit {
	s := e.s
	k := len(day)
	after := make([]lit, k+1)
	after[k] = e.fls()
	for i := k - 1; i >= 0; i-- {
		ui := u[day[i]]
		if ui == e.fls() {
			after[i] = after[i+1]
			continue
		}
		a := e.newLit()
		s.addClause([]lit{ui.not(), a})
		s.addClause([]lit{after[i+1].not(), a})
		s.addClause([]lit{a.not(), ui, after[i+1]})
		after[i] = a
	}
	var out []lit
	for i := 1; i+1 < k; i++ {
		prev, cur, later := u[day[i-1]], u[day[i]], after[i+1]
		if prev == e.fls() || later == e.fls() {
			continue
		}
		b := e.newLit()
		s.addClause([]lit{prev.not(), cur, later.not(), b})
		s.addClause([]lit{b.not(), prev})
		s.addClause([]lit{b.not(), cur.not()})
		s.addClause([]lit{b.not(), later})
		out = append(out, b)
	}
	return out
}

// encodeBlock adds an implied rule that helps the search: a participant
// without a break holds its n meetings in n consecutive slots, so its first
// meeting fixes all of its busy slots. It is only valid when the participant
// surely has n busy slots in one day.
func (e *encoding) encodeBlock(u []lit, brk []lit, n int) {
	s := e.s
	ns := len(u)
	noBreak := e.newLit()
	for _, b := range brk {
		s.addClause([]lit{b.not(), noBreak.not()})
	}
	s.addClause(append([]lit{noBreak}, brk...))
	before := e.fls()
	for t := 0; t < ns; t++ {
		if u[t] == e.fls() {
			continue
		}
		// first: u[t] and nothing before t.
		// Branching on where a participant's day starts is what makes
		// break-free schedules quick to find, so these stay decisions and
		// get a head start in activity.
		fv := s.newVar()
		s.activity[fv] = float64(n) * 1e-3
		s.heap.up(s.heap.idx[fv])
		first := mkLit(fv, false)
		s.addClause([]lit{u[t].not(), before, first})
		s.addClause([]lit{first.not(), u[t]})
		s.addClause([]lit{first.not(), before.not()})
		for q := 0; q < ns; q++ {
			if q >= t && q < t+n {
				s.addClause([]lit{first.not(), noBreak.not(), u[q]})
			} else {
				s.addClause([]lit{first.not(), noBreak.not(), u[q].not()})
			}
		}
		nb := e.newLit()
		s.addClause([]lit{u[t].not(), nb})
		s.addClause([]lit{before.not(), nb})
		s.addClause([]lit{nb.not(), u[t], before})
		before = nb
	}
}

// encodeShapes states the rules of ownDay.shapes: "more than b breaks, or busy
// (idle) in s".
func (e *encoding) encodeShapes(shapes [][]shapeRule) {
	for p, rules := range shapes {
		if len(rules) == 0 {
			continue
		}
		top := 0
		for _, r := range rules {
			top = max(top, r.breaks)
		}
		var more []lit // more[b]: at least b+1 breaks
		if top > 0 {
			more = e.s.counter(e.brkOf[p], top+1, e.auxOnly)
		}
		for _, r := range rules {
			// A rule at the cap (breaks < 0), or above the breaks its slots
			// allow, holds outright.
			var cl []lit
			switch {
			case r.breaks == 0:
				cl = append(cl, e.brkOf[p]...)
			case r.breaks > 0 && r.breaks < len(more):
				cl = append(cl, more[r.breaks])
			}
			l := e.u[p][r.slot]
			if !r.busy {
				l = l.not()
			}
			e.s.addClause(append(cl, l))
		}
	}
}

// fairnessCap is the most breaks anyone may have under fairness d, or -1
// when that depends on the schedule: with someone of at most one meeting,
// who never has a break, the fewest anyone has is zero.
func fairnessCap(in *Instance, d int) int {
	if d < 0 || !slices.ContainsFunc(in.meetingsPer(), func(n int) bool { return n < 2 }) {
		return -1
	}
	return d
}

// encodeFairness bounds every participant's breaks by the fewest breaks
// anyone has plus d.
func (e *encoding) encodeFairness(d int, meetingsOf []int) {
	if d < 0 || len(meetingsOf) == 0 {
		return
	}
	s := e.s
	someoneFree := false
	for _, n := range meetingsOf {
		if n < 2 {
			someoneFree = true
		}
	}
	if someoneFree {
		// That participant never has a break, so the minimum is zero.
		for _, ls := range e.brkOf {
			s.addAtMost(ls, d)
		}
		return
	}
	count := make([][]lit, len(e.brkOf))
	maxK := 0
	for p, ls := range e.brkOf {
		count[p] = e.s.counter(ls, len(ls), e.auxOnly)
		maxK = max(maxK, len(ls))
	}
	// g[k] is allowed only when every participant has at least k breaks.
	g := make([]lit, maxK+2)
	g[0] = e.tru
	for k := 1; k <= maxK+1; k++ {
		if k == maxK+1 {
			g[k] = e.fls()
			continue
		}
		g[k] = e.newLit()
		s.addClause([]lit{g[k].not(), g[k-1]})
		for q := range count {
			if k > len(count[q]) {
				s.addClause([]lit{g[k].not()})
				break
			}
			s.addClause([]lit{g[k].not(), count[q][k-1]})
		}
	}
	for p := range count {
		for k := 0; k+d+1 <= len(count[p]); k++ {
			s.addClause([]lit{count[p][k+d].not(), g[min(k+1, maxK+1)]})
		}
	}
}

// slotsOf reads the meeting slots from the solver's model; -1 = unscheduled.
func (e *encoding) slotsOf(model []bool) []int {
	out := make([]int, len(e.x))
	for m := range e.x {
		out[m] = -1
		for i, x := range e.x[m] {
			if model[x.v()] != x.sign() {
				out[m] = e.dom[m][i]
			}
		}
	}
	return out
}

// placed returns the literal "meeting m is held in slot s"; false when s
// is not one of m's slots.
func (e *encoding) placed(m, s int) (lit, bool) {
	for i, x := range e.dom[m] {
		if x == s {
			return e.x[m][i], true
		}
	}
	return 0, false
}

// seed steers the solver's first choices towards a known schedule.
func (e *encoding) seed(slots []int) {
	for m := range e.x {
		if sel := e.sel[m]; sel != e.tru {
			e.s.phase[sel.v()] = slots[m] >= 0 || len(e.x[m]) > 0
		}
		for i, x := range e.x[m] {
			e.s.phase[x.v()] = slots[m] == e.dom[m][i]
		}
	}
}
