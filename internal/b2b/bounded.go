package b2b

import "slices"

// bounded is an encoding with a limit on the total breaks that can be
// raised without rebuilding it: the limit "at most lb" is an assumption on
// a counter over all breaks, and each participant's share "its own bound
// plus the slack" is raised by assuming slack literals false. What the
// solver learns stays valid from one bound to the next.
type bounded struct {
	*encoding
	slack  []lit
	total  []lit
	lb0    int
	capped int
	// guess narrows the question by assumptions (see guessOwn); a
	// refutation that rests on some of them withdraws them (see solve).
	guess     []lit
	withdrawn int // guesses withdrawn so far, for the tests
}

// newBounded builds the encoding for bounds from lb0 up to cost0-1; own
// holds each participant's proven minimum (base is their sum).
func newBounded(in *Instance, prm encodeParams, own []int, base, lb0, cost0 int) *bounded {
	b := &bounded{encoding: encode(in, prm), lb0: lb0, capped: cost0 + 1}
	for range cost0 - lb0 {
		b.slack = append(b.slack, b.newLit())
	}
	// The counter over all breaks adds up each participant's count (sum):
	// its nodes say "at least i breaks among these participants", where
	// halving the flat list of break literals cut participants' days
	// apart, and the clauses learnt over them are about participants.
	// forum-13crafb.forb0003 "at most 4" (the pinned proof set-up
	// branching on every variable), four orderings: 84,085-106,423
	// conflicts against 98,454-129,518; whole sweeps 196 and 196 proven
	// against 193, with that event's schedule at its optimum (README).
	var parts [][]lit
	for _, g := range b.brkOf {
		if len(g) > 0 {
			parts = append(parts, b.s.counter(g, cost0, false))
		}
	}
	b.total = b.s.sum(parts, cost0, false)
	for p, g := range b.brkOf {
		// Each participant has at least its own bound, so none can exceed
		// it by more than the total slack.
		if own[p] > 0 {
			b.s.addAtLeast(g, own[p])
		}
		b.s.addAtMost(append(append([]lit(nil), g...), b.slack...), max(own[p], 0)+lb0-base+len(b.slack))
	}
	return b
}

// climbable reports whether a bounded encoding with an incumbent of cost0
// breaks (newBounded) stays of a size worth building: its counter over
// all breaks and its slack literals grow with the breaks' literals times
// cost0. A fair of 1,000 participants with a first schedule of 600
// breaks would spend 18 s building it; there only the one-bound solvers
// (newPinned) run. The published events stay under a tenth of the limit.
func climbable(in *Instance, cost0 int) bool {
	each := 0 // break literals of one participant, at most
	for _, day := range in.days() {
		each += max(0, len(day)-2)
	}
	lits := 0
	for _, n := range in.meetingsPer() {
		if n >= 2 {
			lits += each
		}
	}
	return lits*(cost0+1) <= 2_000_000
}

// improveOn makes every later answer better than an incumbent of cost.
func (b *bounded) improveOn(cost int) {
	if cost < b.capped {
		b.capped = cost
		b.s.addClause([]lit{b.total[cost-1].not()})
	}
}

// limit returns the assumptions for "at most lb breaks".
func (b *bounded) limit(lb int) []lit {
	as := make([]lit, 0, len(b.slack)+1)
	for i, a := range b.slack {
		if i < lb-b.lb0 {
			as = append(as, a.not())
		} else {
			as = append(as, a)
		}
	}
	if lb < len(b.total) {
		as = append(as, b.total[lb].not())
	}
	return as
}

// newPinned builds a solver for the one question "at most q breaks", with
// the limit stated as units rather than assumptions: everything the limit
// implies is then fixed before the search starts, and probing and learning
// work on the smaller problem. On the hardest published events this is
// worth more than the clauses a long-lived solver carries over from the
// earlier bounds (the last question is where the time goes).
func newPinned(in *Instance, prm encodeParams, own []int, base, q int) *bounded {
	b := newBounded(in, prm, own, base, q, q+1)
	for _, l := range b.limit(q) {
		b.s.addClause([]lit{l})
	}
	return b
}

// guessOwn narrows b's question, by assumption, to schedules in which
// every participant has no more breaks than its own minimum: the breaks
// the limit allows above the minima's sum then go only to participants
// whose guesses a refutation withdrew (see solve). On crowded events the
// breaks of a best schedule fall on a few participants, and a search that
// must also decide which ones they are finds it far later: on
// ticf-13crafb "at most 3 breaks" (the optimum), five orderings of the
// plain set-up took 1.2-24.5 s (median 9.9 s) without the guesses and
// 1.5-9.8 s (median 3.1 s) with them; one withdrawal (a core of nine
// participants, one of which must break) came after a single conflict.
// Nothing is guessed where the limit is the minima's sum: there it already
// holds each participant to its minimum.
func (b *bounded) guessOwn(own []int) {
	if b.lb0 <= boundSum(own) {
		return
	}
	for p, g := range b.brkOf {
		if k := max(own[p], 0); k < len(g) {
			b.guess = append(b.guess, b.atMostUnder(g, k))
		}
	}
}

// guessOnAll makes b the plain set-up as the search runs it (turn): it
// branches on every variable, under the guesses of guessOwn.
func (b *bounded) guessOnAll(own []int) {
	b.s.branchOnAll()
	b.guessOwn(own)
}

// maxWithdrawn is the most guesses one refutation withdraws one by one;
// a refutation resting on more says the guess is far off, and all of
// them go.
const maxWithdrawn = 20

// solve puts b's question under its guesses until the solver answers it
// outright: a schedule (within the limit: the guesses only narrow it) or
// a refutation that rests on no guess. A refutation that does rest on
// guesses withdraws them, and the search goes on where it was. lUndef:
// stopped.
func (b *bounded) solve() int8 {
	for {
		r := b.s.solve(b.guess)
		if r != lFalse || len(b.s.core) == 0 {
			return r
		}
		n := len(b.guess)
		b.guess = slices.DeleteFunc(b.guess, func(a lit) bool { return slices.Contains(b.s.core, a) })
		if len(b.s.core) > maxWithdrawn || len(b.guess) == n {
			b.guess = nil
		}
		b.withdrawn += n - len(b.guess)
	}
}

// improvePart asks for a schedule with fewer than cost breaks in which
// every held meeting outside the free slots keeps its slot in from (see
// partSearch). lTrue leaves the schedule in b.s.model. On lFalse, whole
// reports that the refutation needed none of the kept meetings: then no
// schedule at all has fewer than cost breaks. lUndef: stopped.
func (b *bounded) improvePart(from []int, free []bool, cost int) (r int8, whole bool) {
	if cost <= 0 {
		return lFalse, true
	}
	b.improveOn(cost)
	var as []lit
	for m, s := range from {
		if s < 0 || free[s] {
			continue
		}
		if x, ok := b.placed(m, s); ok {
			as = append(as, x)
		}
	}
	kept := len(as)
	as = append(as, b.limit(cost-1)...)
	r = b.s.solve(as)
	if r != lFalse {
		return r, false
	}
	for _, l := range b.s.core {
		if slices.Contains(as[:kept], l) {
			return r, false
		}
	}
	return r, true
}
