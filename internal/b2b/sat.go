package b2b

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// This file holds a small CDCL satisfiability solver with native at-most-k
// constraints. Scheduling is dominated by cardinality limits (tables per
// slot, one meeting per person per slot, the break budget), and counting
// them natively keeps the encoding small and the propagation as strong as a
// sorting-network encoding would give, without the auxiliary variables.

type lit int32

func mkLit(v int, neg bool) lit {
	if neg {
		return lit(2*v + 1)
	}
	return lit(2 * v)
}

func (l lit) v() int     { return int(l >> 1) }
func (l lit) not() lit   { return l ^ 1 }
func (l lit) sign() bool { return l&1 == 1 }

const (
	lUndef int8 = 0
	lTrue  int8 = 1
	lFalse int8 = -1
)

// A clause lives in the solver's arena (solver.arena), a flat array of
// literals: a header of clauseHeader words (length and flags, LBD, and the
// activity's two halves), then its literals. It is named by its offset, a
// cref. Propagation's watchers then hold four bytes for it instead of a
// pointer, and clauses lie one after the other, a three-literal clause in
// 28 bytes, where each had its own 64-byte allocation somewhere on the
// heap.
type cref uint32

const (
	clauseHeader = 4
	// noClause is no clause: the arena's first words are never one.
	noClause cref = 0
	// binWatch marks, in a watcher, a two-literal clause (see watcher).
	binWatch cref = 1 << 31

	learntFlag  = 1 << 30
	deletedFlag = 1 << 29
	sizeMask    = deletedFlag - 1
)

// newClause copies ls into the arena.
func (s *solver) newClause(ls []lit, learnt bool) cref {
	if need := len(s.arena) + clauseHeader + len(ls); need > cap(s.arena) {
		// Doubling, by hand: append grows a large slice by a quarter, and
		// each growth is fresh memory the system must map, which cost a
		// fifth of the search's time on a virtual machine.
		a := make([]lit, max(len(s.arena), clauseHeader), max(2*cap(s.arena), need, 1<<16))
		copy(a, s.arena)
		s.arena = a
	}
	c := cref(len(s.arena))
	h := lit(len(ls))
	if learnt {
		h |= learntFlag
	}
	s.arena = append(s.arena, h, 0, 0, 0)
	s.arena = append(s.arena, ls...)
	return c
}

// lits returns clause c's literals, in the arena: valid until the next
// clause is added.
func (s *solver) lits(c cref) []lit {
	n := cref(s.arena[c] & sizeMask)
	return s.arena[c+clauseHeader : c+clauseHeader+n : c+clauseHeader+n]
}

func (s *solver) isLearnt(c cref) bool           { return s.arena[c]&learntFlag != 0 }
func (s *solver) isDeleted(c cref) bool          { return s.arena[c]&deletedFlag != 0 }
func (s *solver) markDeleted(c cref)             { s.arena[c] |= deletedFlag }
func (s *solver) clauseLBD(c cref) int32         { return int32(s.arena[c+1]) }
func (s *solver) setClauseLBD(c cref, lbd int32) { s.arena[c+1] = lit(lbd) }

func (s *solver) clauseAct(c cref) float64 {
	return math.Float64frombits(uint64(uint32(s.arena[c+2])) | uint64(uint32(s.arena[c+3]))<<32)
}

func (s *solver) setClauseAct(c cref, a float64) {
	b := math.Float64bits(a)
	s.arena[c+2], s.arena[c+3] = lit(int32(uint32(b))), lit(int32(uint32(b>>32)))
}

type atMost struct {
	lits  []lit
	k     int
	count int
	// held lists the constraint's true literals in the order propagation
	// processed them (the first count entries are current). The first k
	// are the reason of every literal the constraint implies, so a reason
	// is read off rather than searched for among all the literals.
	held []lit
}

type watcher struct {
	// c is the clause, with binWatch set for a two-literal clause: the
	// blocker is then its other literal, so propagation never has to load
	// the clause itself.
	c       cref
	blocker lit
}

type solver struct {
	// vals holds the value of each literal, both polarities, so that
	// propagation reads a literal's value with one load and no branch; a
	// variable's value is that of its positive literal (see assign).
	vals  []int8
	level []int32
	pos   []int32
	// An implied variable's reason is a clause (reasonC), or reasonA: the
	// index of an at-most-k constraint, or below -1 the other literal of a
	// two-literal clause (see binReason); -1 for a decision.
	reasonC  []cref
	reasonA  []int32
	trail    []lit
	trailLim []int
	qhead    int

	watches [][]watcher
	amkOcc  [][]int32
	amks    []atMost

	arena   []lit
	spare   []lit // the arena before the last compaction (see compact)
	clauses []cref
	learnts []cref
	// wasted counts the arena's words held by deleted clauses; reduceDB
	// compacts it when they are a quarter of it, unless keepArena (a
	// test's: compaction must not change the search).
	wasted    int
	keepArena bool

	activity []float64
	varInc   float64
	claInc   float64
	heap     varHeap
	phase    []bool // saved polarity: true means the variable was last true
	// decision marks the variables the search branches on; the others are
	// defined by them and only get a value by propagation, or at the very
	// end when nothing constrains them.
	decision []bool
	// target holds the values of the longest conflict-free trail since the
	// last restart; decisions follow it, which steers satisfiable searches
	// back towards nearly complete schedules.
	target    []int8
	targetLen int
	seen      []bool

	ok    bool
	model []bool

	conflicts int64
	decisions int64
	// focused switches from the default, schedule-finding search (Luby
	// restarts, decisions that follow the longest conflict-free trail) to
	// one suited to proofs: restart as soon as the last learnt clauses are
	// markedly worse than the average, keep only saved phases.
	focused     bool
	nextRephase int64
	lbdRecent   [50]int32
	lbdRecentN  int
	lbdRecentS  int64
	lbdSum      int64
	lbdCount    int64
	// core lists, after an unsatisfiable answer under assumptions, the
	// assumptions that together cannot hold (empty: unsatisfiable outright).
	core []lit
	// check, when set, is asked at each point where propagation is done:
	// it returns a clause that the assignment falsifies and that every
	// solution keeps, or nil. It carries reasoning that clauses do badly
	// (see matchCheck and hallCheck).
	check func(*solver) []lit
	// checkLow is the shortest the trail has been since a check last set
	// it: the trail from there on holds every literal set since.
	checkLow int
	// tallies[i] counts the true literals of tally i among those
	// propagation has processed; tallyOf[l] is l's tally + 1, or 0.
	tallies []int32
	tallyOf []int32
	// tallyAdds[i] counts every time a literal of tally i was counted in,
	// never down: unchanged, the tally's true literals can only have
	// become fewer.
	tallyAdds []int64
	// stop is polled every few hundred conflicts; returning true aborts the
	// search with an unknown answer.
	stop func() bool

	bbuf [2]lit // the reason of an implication by a two-literal clause
	abuf []lit
	// rcache keeps the explanation of a cardinality-implied variable once
	// computed; analysis asks for the same reasons over and over.
	rcache  [][]lit
	rcached []bool
	stamp   []int64
	stampN  int64
	stack   []lit
	mstack  []lit
	// analyze's buffers, reused from conflict to conflict.
	learntBuf, curBuf []lit
	mnext             []int
	// failed marks, during one analysis, literals known not to follow from
	// the learnt clause (see redundant); fstack lists them.
	failed []bool
	fstack []lit

	// Failed-literal probing (see probeNext).
	probing     bool
	probeActive bool
	probeList   []lit
	probeIdx    int
	probeEnd    int64
	nextProbe   int64
	props       int64
	lastProps   int64
	keepPhase   bool
	probes      int64
}

func newSolver() *solver {
	s := &solver{ok: true, varInc: 1, claInc: 1}
	s.heap.act = &s.activity
	return s
}

func (s *solver) newVar() int {
	v := s.numVars()
	s.vals = append(s.vals, lUndef, lUndef)
	s.level = append(s.level, 0)
	s.pos = append(s.pos, 0)
	s.reasonC = append(s.reasonC, noClause)
	s.reasonA = append(s.reasonA, -1)
	s.watches = append(s.watches, nil, nil)
	s.amkOcc = append(s.amkOcc, nil, nil)
	s.activity = append(s.activity, 0)
	s.phase = append(s.phase, false)
	s.decision = append(s.decision, true)
	s.target = append(s.target, lUndef)
	s.seen = append(s.seen, false)
	s.failed = append(s.failed, false)
	s.rcache = append(s.rcache, nil)
	s.rcached = append(s.rcached, false)
	s.stamp = append(s.stamp, 0)
	s.heap.insert(v)
	return v
}

// addTally starts counting how many of lits are true (see tallies) and
// returns the tally's index. A literal belongs to one tally at most.
func (s *solver) addTally(lits []lit) int {
	s.cancelUntil(0)
	if n := len(s.vals); len(s.tallyOf) < n {
		s.tallyOf = append(s.tallyOf, make([]int32, n-len(s.tallyOf))...)
	}
	i := len(s.tallies)
	s.tallies = append(s.tallies, 0)
	s.tallyAdds = append(s.tallyAdds, 0)
	for _, l := range lits {
		s.tallyOf[l] = int32(i + 1)
		if s.value(l) == lTrue && int(s.pos[l.v()]) < s.qhead {
			s.tallies[i]++
		}
	}
	return i
}

// setAuxiliary excludes v from branching.
func (s *solver) setAuxiliary(v int) {
	s.decision[v] = false
	if s.heap.contains(v) {
		s.heap.remove(v)
	}
}

// branchOn undoes setAuxiliary: v is branched on again.
func (s *solver) branchOn(v int) {
	if !s.decision[v] {
		s.decision[v] = true
		s.heap.insert(v)
	}
}

// branchOnAll makes every variable so far a decision, the defined ones
// included (see setAuxiliary).
func (s *solver) branchOnAll() {
	for v := range s.numVars() {
		s.branchOn(v)
	}
}

func (s *solver) numVars() int { return len(s.vals) / 2 }

// assign is the value of variable v.
func (s *solver) assign(v int) int8 { return s.vals[2*v] }

func (s *solver) value(l lit) int8 {
	return s.vals[l]
}

func (s *solver) decisionLevel() int { return len(s.trailLim) }

func (s *solver) enqueue(l lit, rc cref, ra int32) {
	v := l.v()
	s.vals[l], s.vals[l.not()] = lTrue, lFalse
	s.level[v] = int32(s.decisionLevel())
	s.pos[v] = int32(len(s.trail))
	s.reasonC[v] = rc
	s.reasonA[v] = ra
	s.trail = append(s.trail, l)
}

// addClause adds a permanent clause at decision level 0.
func (s *solver) addClause(lits []lit) {
	if !s.ok {
		return
	}
	s.cancelUntil(0)
	ls := make([]lit, 0, len(lits))
	sort.Slice(lits, func(i, j int) bool { return lits[i] < lits[j] })
	prev := lit(-1)
	for _, l := range lits {
		switch {
		case s.value(l) == lTrue || l == prev.not() && prev >= 0:
			return
		case s.value(l) == lFalse || l == prev:
			continue
		}
		ls = append(ls, l)
		prev = l
	}
	switch len(ls) {
	case 0:
		s.ok = false
	case 1:
		s.enqueue(ls[0], noClause, -1)
		if s.propagate() != nil {
			s.ok = false
		}
	default:
		c := s.newClause(ls, false)
		s.clauses = append(s.clauses, c)
		s.attach(c)
	}
}

// addAtLeast states that at least k of lits are true, as at most
// len(lits)-k of their negations.
func (s *solver) addAtLeast(lits []lit, k int) {
	neg := make([]lit, len(lits))
	for i, l := range lits {
		neg[i] = l.not()
	}
	s.addAtMost(neg, len(neg)-k)
}

// addAtMost adds the permanent constraint "at most k of lits are true".
func (s *solver) addAtMost(lits []lit, k int) {
	if !s.ok {
		return
	}
	s.cancelUntil(0)
	sorted := append([]lit(nil), lits...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	ls := make([]lit, 0, len(sorted))
	for i := 0; i < len(sorted); i++ {
		l := sorted[i]
		if i+1 < len(sorted) && sorted[i+1] == l {
			// A repeated literal counts twice; keep it simple by forbidding
			// it unless the bound allows both copies.
			if k < 2 {
				s.addClause([]lit{l.not()})
				if !s.ok {
					return
				}
				continue
			}
		}
		if i+1 < len(sorted) && sorted[i+1] == l.not() {
			// Exactly one of a complementary pair is true.
			k--
			i++
			continue
		}
		switch s.value(l) {
		case lTrue:
			k--
			continue
		case lFalse:
			continue
		}
		ls = append(ls, l)
	}
	if k < 0 {
		s.ok = false
		return
	}
	if k >= len(ls) {
		return
	}
	if k == 0 {
		for _, l := range ls {
			s.addClause([]lit{l.not()})
		}
		return
	}
	if k == 1 && len(ls) <= 6 {
		for i := range ls {
			for j := i + 1; j < len(ls); j++ {
				s.addClause([]lit{ls[i].not(), ls[j].not()})
			}
		}
		return
	}
	idx := int32(len(s.amks))
	s.amks = append(s.amks, atMost{lits: ls, k: k, held: make([]lit, len(ls))})
	for _, l := range ls {
		s.amkOcc[l] = append(s.amkOcc[l], idx)
	}
}

func (s *solver) attach(c cref) {
	ls := s.lits(c)
	w := c
	if len(ls) == 2 {
		w |= binWatch
	}
	s.watches[ls[0].not()] = append(s.watches[ls[0].not()], watcher{w, ls[1]})
	s.watches[ls[1].not()] = append(s.watches[ls[1].not()], watcher{w, ls[0]})
}

// propagate runs unit propagation and returns the literals of a falsified
// constraint, or nil.
func (s *solver) propagate() []lit {
	for s.qhead < len(s.trail) {
		p := s.trail[s.qhead]
		s.qhead++
		s.props++
		if int(p) < len(s.tallyOf) {
			if t := s.tallyOf[p]; t != 0 {
				s.tallies[t-1]++
				s.tallyAdds[t-1]++
			}
		}
		occ := s.amkOcc[p]
		for _, ci := range occ {
			a := &s.amks[ci]
			a.held[a.count] = p
			a.count++
		}
		for _, ci := range occ {
			a := &s.amks[ci]
			if a.count < a.k {
				continue
			}
			if confl := s.propagateAtMost(ci); confl != nil {
				return confl
			}
		}

		ws := s.watches[p]
		i, j := 0, 0
		falseLit := p.not()
		for i < len(ws) {
			w := ws[i]
			i++
			bv := s.value(w.blocker)
			if bv == lTrue {
				ws[j] = w
				j++
				continue
			}
			c := w.c
			if c&binWatch != 0 {
				ws[j] = w
				j++
				if bv == lFalse {
					for i < len(ws) {
						ws[j] = ws[i]
						i++
						j++
					}
					s.watches[p] = ws[:j]
					return s.lits(c &^ binWatch)
				}
				s.enqueue(w.blocker, noClause, binReason(falseLit))
				continue
			}
			// reduceDB drops the watchers of the clauses it deletes, so c
			// is live.
			ls := s.lits(c)
			if ls[0] == falseLit {
				ls[0], ls[1] = ls[1], ls[0]
			}
			first := ls[0]
			if first != w.blocker && s.value(first) == lTrue {
				ws[j] = watcher{c, first}
				j++
				continue
			}
			found := false
			for k := 2; k < len(ls); k++ {
				if s.value(ls[k]) != lFalse {
					ls[1], ls[k] = ls[k], ls[1]
					s.watches[ls[1].not()] = append(s.watches[ls[1].not()], watcher{c, first})
					found = true
					break
				}
			}
			if found {
				continue
			}
			ws[j] = watcher{c, first}
			j++
			if s.value(first) == lFalse {
				for i < len(ws) {
					ws[j] = ws[i]
					i++
					j++
				}
				s.watches[p] = ws[:j]
				return ls
			}
			s.enqueue(first, c, -1)
		}
		s.watches[p] = ws[:j]
	}
	return nil
}

// propagateAtMost is called when constraint ci has reached its bound among
// processed literals: every other literal must be false.
func (s *solver) propagateAtMost(ci int32) []lit {
	a := &s.amks[ci]
	if a.count > a.k {
		return s.atMostConflict(a)
	}
	for _, l := range a.lits {
		switch s.value(l) {
		case lUndef:
			s.enqueue(l.not(), noClause, ci)
		case lTrue:
			if int(s.pos[l.v()]) >= s.qhead {
				return s.atMostConflict(a)
			}
		}
	}
	return nil
}

func (s *solver) atMostConflict(a *atMost) []lit {
	s.abuf = s.abuf[:0]
	for _, l := range a.lits {
		if s.value(l) == lTrue {
			s.abuf = append(s.abuf, l.not())
		}
	}
	return s.abuf
}

// reason returns the clause that implied variable v, implied literal first.
// The slice is valid until the next call: callers copy it or finish with it
// first.
func (s *solver) reason(v int) []lit {
	if c := s.reasonC[v]; c != noClause {
		return s.lits(c)
	}
	ci := s.reasonA[v]
	if ci < -1 {
		// A two-literal clause: its other literal is kept with the
		// variable, so neither propagation nor analysis loads the clause
		// (that load was a cache miss per implication, and a sixth of the
		// plain set-up's time in analysis).
		s.bbuf[0] = mkLit(v, s.assign(v) == lFalse)
		s.bbuf[1] = lit(-2 - ci)
		return s.bbuf[:]
	}
	if ci < 0 {
		return nil
	}
	if s.rcached[v] {
		return s.rcache[v]
	}
	a := &s.amks[ci]
	buf := s.rcache[v][:0]
	implied := mkLit(v, s.assign(v) == lFalse)
	buf = append(buf, implied)
	// The constraint implied v when its k-th true literal was processed
	// (a (k+1)-th already on the trail would have been a conflict), and
	// those k stay first in held for as long as v keeps its value.
	for _, l := range a.held[:a.k] {
		buf = append(buf, l.not())
	}
	s.rcache[v] = buf
	s.rcached[v] = true
	return buf
}

// hasReason reports whether v was implied rather than decided, without
// building the reason.
func (s *solver) hasReason(v int) bool {
	return s.reasonC[v] != noClause || s.reasonA[v] != -1
}

// binReason encodes, for reasonA, an implication by a two-literal clause
// whose other literal is other.
func binReason(other lit) int32 { return -2 - int32(other) }

// analyzeFinal returns the assumptions that force assumption p false,
// p included.
func (s *solver) analyzeFinal(p lit) []lit {
	core := []lit{p}
	if s.decisionLevel() == 0 || s.level[p.v()] == 0 {
		return core
	}
	s.seen[p.v()] = true
	for i := len(s.trail) - 1; i >= s.trailLim[0]; i-- {
		v := s.trail[i].v()
		if !s.seen[v] {
			continue
		}
		s.seen[v] = false
		r := s.reason(v)
		if r == nil {
			core = append(core, s.trail[i])
			continue
		}
		for _, q := range r[1:] {
			if s.level[q.v()] > 0 {
				s.seen[q.v()] = true
			}
		}
	}
	return core
}

func (s *solver) cancelUntil(lvl int) {
	if s.decisionLevel() <= lvl {
		return
	}
	lim := s.trailLim[lvl]
	for i := len(s.trail) - 1; i >= lim; i-- {
		l := s.trail[i]
		v := l.v()
		if i < s.qhead {
			for _, ci := range s.amkOcc[l] {
				s.amks[ci].count--
			}
			if int(l) < len(s.tallyOf) {
				if t := s.tallyOf[l]; t != 0 {
					s.tallies[t-1]--
				}
			}
		}
		if !s.keepPhase {
			s.phase[v] = !l.sign()
		}
		// The reasons are left as they are: enqueue sets them anew, and
		// nothing reads them while the variable has no value.
		s.vals[l], s.vals[l.not()] = lUndef, lUndef
		s.rcached[v] = false
		if s.decision[v] && !s.heap.contains(v) {
			s.heap.insert(v)
		}
	}
	if s.qhead > lim {
		s.qhead = lim
	}
	s.checkLow = min(s.checkLow, lim)
	s.trail = s.trail[:lim]
	s.trailLim = s.trailLim[:lvl]
}

func (s *solver) bumpVar(v int) {
	s.activity[v] += s.varInc
	if s.activity[v] > 1e100 {
		for i := range s.activity {
			s.activity[i] *= 1e-100
		}
		s.varInc *= 1e-100
	}
	if s.heap.contains(v) {
		s.heap.up(s.heap.idx[v])
	}
}

// perturb adds a tiny random amount to every variable's activity, which
// only reorders the ties of a fresh solver: two solvers of the same
// encoding then search differently. The measuring tools use it (SEED in
// diag_test.go) to see how much a question's time varies with the order.
func (s *solver) perturb(seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	for v := range s.activity {
		s.activity[v] += rng.Float64() * 1e-5
		if s.heap.contains(v) {
			s.heap.up(s.heap.idx[v])
		}
	}
}

func (s *solver) bumpClause(c cref) {
	a := s.clauseAct(c) + s.claInc
	s.setClauseAct(c, a)
	if a > 1e20 {
		for _, l := range s.learnts {
			s.setClauseAct(l, s.clauseAct(l)*1e-20)
		}
		s.claInc *= 1e-20
	}
}

// analyze derives a first-UIP learnt clause from a conflict and returns it
// with the level to jump back to. The clause is valid until the next call:
// the caller copies it.
func (s *solver) analyze(confl []lit) ([]lit, int) {
	out := append(s.learntBuf[:0], 0)
	pathC := 0
	p := lit(-1)
	idx := len(s.trail) - 1
	cur := append(s.curBuf[:0], confl...)
	dl := int32(s.decisionLevel())
	for {
		start := 0
		if p >= 0 {
			start = 1
		}
		for _, q := range cur[start:] {
			v := q.v()
			if !s.seen[v] && s.level[v] > 0 {
				s.bumpVar(v)
				s.seen[v] = true
				if s.level[v] >= dl {
					pathC++
				} else {
					out = append(out, q)
				}
			}
		}
		for !s.seen[s.trail[idx].v()] {
			idx--
		}
		p = s.trail[idx]
		idx--
		s.seen[p.v()] = false
		pathC--
		if pathC <= 0 {
			break
		}
		r := s.reason(p.v())
		if c := s.reasonC[p.v()]; c != noClause && s.isLearnt(c) {
			s.bumpClause(c)
		}
		cur = append(cur[:0], r...)
	}
	out[0] = p.not()

	// Drop literals implied by the rest of the clause: their reasons lead,
	// through implied literals only, back to literals already in it.
	s.stack = append(s.stack[:0], out...)
	var levels uint64
	for _, l := range out[1:] {
		levels |= 1 << (uint(s.level[l.v()]) & 63)
	}
	j := 1
	for i := 1; i < len(out); i++ {
		if !s.hasReason(out[i].v()) || !s.redundant(out[i], levels) {
			out[j] = out[i]
			j++
		}
	}
	s.clearMarks()
	out = out[:j]

	bt := 0
	if len(out) > 1 {
		maxI := 1
		for i := 2; i < len(out); i++ {
			if s.level[out[i].v()] > s.level[out[maxI].v()] {
				maxI = i
			}
		}
		out[1], out[maxI] = out[maxI], out[1]
		bt = int(s.level[out[1].v()])
	}
	s.learntBuf, s.curBuf = out, cur
	return out, bt
}

// redundant reports whether literal p of a learnt clause follows from the
// others (marked seen), walking its reasons depth first. A literal whose
// reasons all follow is marked seen and listed in s.stack, so later checks
// stop there; one that does not follow, and every literal on the path that
// led to it, is marked failed and listed in s.fstack, so later checks stop
// there too. Without the failed marks every check walked again what an
// earlier one had failed on: in the plain set-up with guesses, 28 % of the
// time went into these walks (15 % now). The clause learnt is the same either way.
func (s *solver) redundant(p lit, levels uint64) bool {
	s.mstack = append(s.mstack[:0], p)
	s.mnext = append(s.mnext[:0], 1)
	for len(s.mstack) > 0 {
		top := len(s.mstack) - 1
		q := s.mstack[top]
		r := s.reason(q.v())
		i := s.mnext[top]
		if i >= len(r) {
			// Everything q rests on follows from the clause.
			if top > 0 {
				s.seen[q.v()] = true
				s.stack = append(s.stack, q)
			}
			s.mstack, s.mnext = s.mstack[:top], s.mnext[:top]
			continue
		}
		s.mnext[top] = i + 1
		l := r[i]
		v := l.v()
		if s.seen[v] || s.level[v] == 0 {
			continue
		}
		if !s.failed[v] && s.hasReason(v) && levels&(1<<(uint(s.level[v])&63)) != 0 {
			s.mstack = append(s.mstack, l)
			s.mnext = append(s.mnext, 1)
			continue
		}
		for _, c := range s.mstack {
			if !s.failed[c.v()] {
				s.failed[c.v()] = true
				s.fstack = append(s.fstack, c)
			}
		}
		return false
	}
	return true
}

// clearMarks ends an analysis: the clause's literals and those redundant
// marked are unmarked.
func (s *solver) clearMarks() {
	for _, l := range s.stack {
		s.seen[l.v()] = false
	}
	for _, l := range s.fstack {
		s.failed[l.v()] = false
	}
	s.fstack = s.fstack[:0]
}

func (s *solver) lbd(ls []lit) int32 {
	s.stampN++
	for len(s.stamp) <= s.decisionLevel() {
		s.stamp = append(s.stamp, 0)
	}
	n := int32(0)
	for _, l := range ls {
		lv := s.level[l.v()]
		if s.stamp[lv] != s.stampN {
			s.stamp[lv] = s.stampN
			n++
		}
	}
	return n
}

func (s *solver) reduceDB() {
	sort.Slice(s.learnts, func(i, j int) bool {
		a, b := s.learnts[i], s.learnts[j]
		if la, lb := s.clauseLBD(a), s.clauseLBD(b); la != lb {
			return la > lb
		}
		return s.clauseAct(a) < s.clauseAct(b)
	})
	half := len(s.learnts) / 2
	kept := s.learnts[:0]
	for i, c := range s.learnts {
		ls := s.lits(c)
		locked := s.reasonC[ls[0].v()] == c && s.value(ls[0]) == lTrue
		if i < half && s.clauseLBD(c) > 2 && !locked {
			s.markDeleted(c)
			s.wasted += clauseHeader + len(ls)
			continue
		}
		kept = append(kept, c)
	}
	s.learnts = kept
	for l := range s.watches {
		ws := s.watches[l]
		j := 0
		for _, w := range ws {
			if w.c&binWatch != 0 || !s.isDeleted(w.c) {
				ws[j] = w
				j++
			}
		}
		s.watches[l] = ws[:j]
	}
	if s.wasted*4 >= len(s.arena) && !s.keepArena {
		s.compact()
	}
}

// compact copies the live clauses into a new arena, in the order they
// were added, and renames them wherever they are held: watchers, reasons
// and the clause lists. Each old header's LBD word then holds the
// clause's new name.
func (s *solver) compact() {
	old := s.arena
	// The new arena reuses the one before, kept aside for this, when it
	// is big enough: fresh memory costs more than the copying (see
	// newClause).
	if cap(s.spare) < len(old) {
		s.spare = make([]lit, 0, cap(old))
	}
	s.arena = s.spare[:clauseHeader]
	move := func(c cref) cref {
		nc := cref(len(s.arena))
		n := cref(old[c] & sizeMask)
		s.arena = append(s.arena, old[c:c+clauseHeader+n]...)
		old[c+1] = lit(nc)
		return nc
	}
	// The problem clauses first, then the learnt ones, each in the order
	// they came.
	for i, c := range s.clauses {
		s.clauses[i] = move(c)
	}
	learnts := slices.Clone(s.learnts)
	slices.Sort(learnts)
	for _, c := range learnts {
		move(c)
	}
	to := func(c cref) cref { return cref(old[c+1]) }
	for i, c := range s.learnts {
		s.learnts[i] = to(c)
	}
	for l := range s.watches {
		for i, w := range s.watches[l] {
			s.watches[l][i].c = to(w.c&^binWatch) | w.c&binWatch
		}
	}
	for v, c := range s.reasonC {
		if c == noClause {
			continue
		}
		if old[c]&deletedFlag != 0 {
			s.reasonC[v] = noClause
			continue
		}
		s.reasonC[v] = to(c)
	}
	s.wasted = 0
	s.spare = old[:0]
}

func luby(y float64, x int) float64 {
	size, seq := 1, 0
	for size < x+1 {
		seq++
		size = 2*size + 1
	}
	for size-1 != x {
		size = (size - 1) >> 1
		seq--
		x = x % size
	}
	r := 1.0
	for ; seq > 0; seq-- {
		r *= y
	}
	return r
}

// solve searches for a model under the given assumptions. It returns lTrue
// (model in s.model), lFalse (unsatisfiable under the assumptions) or lUndef
// when stopped.
func (s *solver) solve(assumps []lit) int8 {
	s.core = nil
	if !s.ok {
		return lFalse
	}
	s.cancelUntil(0)
	if s.propagate() != nil {
		s.ok = false
		return lFalse
	}
	nextReduce := int64(4000) + s.conflicts
	for restart := 0; ; restart++ {
		budget := int64(luby(2, restart) * 100)
		r := s.search(budget, assumps, &nextReduce)
		if r != lUndef {
			s.cancelUntil(0)
			return r
		}
		if s.stop != nil && s.stop() {
			s.cancelUntil(0)
			return lUndef
		}
	}
}

func (s *solver) search(budget int64, assumps []lit, nextReduce *int64) int8 {
	var n int64
	for {
		confl := s.propagate()
		if confl == nil && s.check != nil {
			if cl := s.check(s); cl != nil {
				lv := int32(0)
				for _, l := range cl {
					lv = max(lv, s.level[l.v()])
				}
				s.cancelUntil(int(lv))
				confl = cl
			}
		}
		if confl != nil {
			s.conflicts++
			n++
			if s.decisionLevel() == 0 {
				s.ok = false
				return lFalse
			}
			if lim := s.trailLim[s.decisionLevel()-1]; !s.focused && lim > s.targetLen {
				s.targetLen = lim
				for _, l := range s.trail[:lim] {
					s.target[l.v()] = s.assign(l.v())
				}
			}
			learnt, bt := s.analyze(confl)
			s.cancelUntil(bt)
			if len(learnt) == 1 {
				s.enqueue(learnt[0], noClause, -1)
			} else {
				c := s.newClause(learnt, true)
				lbd := s.lbd(learnt)
				s.setClauseLBD(c, lbd)
				s.noteLBD(lbd)
				s.learnts = append(s.learnts, c)
				s.attach(c)
				s.bumpClause(c)
				s.enqueue(learnt[0], c, -1)
			}
			s.varInc /= 0.95
			s.claInc /= 0.999
			if n%256 == 0 && s.stop != nil && s.stop() {
				return lUndef
			}
			continue
		}
		if s.focused && s.lbdRecentN == len(s.lbdRecent) && s.lbdRecentS*4*s.lbdCount > 5*int64(len(s.lbdRecent))*s.lbdSum || !s.focused && n >= budget {
			// The target trail survives restarts for a while: decisions
			// keep returning to the most complete schedule seen, and only
			// now and then start afresh (measured: forgetting it at every
			// restart, or never, both find schedules slower).
			if s.conflicts >= s.nextRephase {
				s.targetLen = 0
				s.nextRephase = s.conflicts + 10000
			}
			s.lbdRecentN, s.lbdRecentS = 0, 0
			s.cancelUntil(0)
			return lUndef
		}
		if s.conflicts >= *nextReduce {
			*nextReduce = s.conflicts + 4000 + int64(len(s.learnts))/4
			s.reduceDB()
		}
		var next lit = -1
		for s.decisionLevel() < len(assumps) {
			p := assumps[s.decisionLevel()]
			switch s.value(p) {
			case lTrue:
				s.trailLim = append(s.trailLim, len(s.trail))
				continue
			case lFalse:
				s.core = s.analyzeFinal(p)
				return lFalse
			}
			next = p
			break
		}
		if next < 0 && s.probing {
			next = s.probeNext(len(assumps))
		}
		if next < 0 {
			for {
				v := s.heap.pop()
				if v < 0 {
					for u := range s.numVars() {
						if s.assign(u) == lUndef {
							v = u
							break
						}
					}
				}
				if v < 0 {
					s.model = make([]bool, s.numVars())
					for i := range s.model {
						s.model[i] = s.assign(i) == lTrue
					}
					return lTrue
				}
				if s.assign(v) == lUndef {
					t := s.target[v]
					if s.focused {
						t = lUndef
					}
					switch t {
					case lTrue:
						next = mkLit(v, false)
					case lFalse:
						next = mkLit(v, true)
					default:
						next = mkLit(v, !s.phase[v])
					}
					break
				}
			}
		}
		s.decisions++
		if s.decisions%2048 == 0 && s.stop != nil && s.stop() {
			return lUndef
		}
		s.trailLim = append(s.trailLim, len(s.trail))
		s.enqueue(next, noClause, -1)
	}
}

// noteLBD records a learnt clause's quality for focused restarts.
func (s *solver) noteLBD(lbd int32) {
	i := int(s.lbdCount % int64(len(s.lbdRecent)))
	if s.lbdRecentN == len(s.lbdRecent) {
		s.lbdRecentS -= int64(s.lbdRecent[i])
	} else {
		s.lbdRecentN++
	}
	s.lbdRecent[i] = lbd
	s.lbdRecentS += int64(lbd)
	s.lbdSum += int64(lbd)
	s.lbdCount++
}

// varHeap orders unassigned variables by activity, highest first.
type varHeap struct {
	act  *[]float64
	heap []int
	idx  []int
}

func (h *varHeap) less(a, b int) bool { return (*h.act)[a] > (*h.act)[b] }

func (h *varHeap) contains(v int) bool { return v < len(h.idx) && h.idx[v] >= 0 }

func (h *varHeap) insert(v int) {
	for len(h.idx) <= v {
		h.idx = append(h.idx, -1)
	}
	h.idx[v] = len(h.heap)
	h.heap = append(h.heap, v)
	h.up(h.idx[v])
}

func (h *varHeap) up(i int) {
	v := h.heap[i]
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(v, h.heap[p]) {
			break
		}
		h.heap[i] = h.heap[p]
		h.idx[h.heap[i]] = i
		i = p
	}
	h.heap[i] = v
	h.idx[v] = i
}

func (h *varHeap) down(i int) {
	v := h.heap[i]
	n := len(h.heap)
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h.less(h.heap[c+1], h.heap[c]) {
			c++
		}
		if !h.less(h.heap[c], v) {
			break
		}
		h.heap[i] = h.heap[c]
		h.idx[h.heap[i]] = i
		i = c
	}
	h.heap[i] = v
	h.idx[v] = i
}

func (h *varHeap) remove(v int) {
	i := h.idx[v]
	last := h.heap[len(h.heap)-1]
	h.heap = h.heap[:len(h.heap)-1]
	h.idx[v] = -1
	if i < len(h.heap) {
		h.heap[i] = last
		h.idx[last] = i
		h.up(i)
		h.down(h.idx[last])
	}
}

func (h *varHeap) pop() int {
	if len(h.heap) == 0 {
		return -1
	}
	v := h.heap[0]
	last := h.heap[len(h.heap)-1]
	h.heap = h.heap[:len(h.heap)-1]
	h.idx[v] = -1
	if len(h.heap) > 0 {
		h.heap[0] = last
		h.idx[last] = 0
		h.down(0)
	}
	return v
}

// counter returns o where o[i] is true exactly when at least i+1 of ls are,
// for i < k (a totalizer cut at k). Unlike addAtMost it introduces
// variables, and that is its point: clauses learnt over "at least i of
// these" can state a counting argument (more people wanting an unbroken day
// than a slot has seats) in a few lines, where clauses over the meeting
// variables alone need exponentially many. The new variables are decisions
// unless aux is set.
func (s *solver) counter(ls []lit, k int, aux bool) []lit {
	parts := make([][]lit, len(ls))
	for i := range ls {
		parts[i] = ls[i : i+1]
	}
	return s.sum(parts, k, aux)
}

// sum is counter over counts: each part is a unary count (part[i] true
// exactly when at least i+1 of something), and o[i] is true exactly when
// the parts add up to at least i+1, for i < k. The parts are merged
// pairwise in a balanced tree, in their order, so each node counts a run
// of consecutive parts.
func (s *solver) sum(parts [][]lit, k int, aux bool) []lit {
	if len(parts) == 0 || k <= 0 {
		return nil
	}
	if len(parts) == 1 {
		return append([]lit(nil), parts[0][:min(len(parts[0]), k)]...)
	}
	a := s.sum(parts[:len(parts)/2], k, aux)
	b := s.sum(parts[len(parts)/2:], k, aux)
	r := make([]lit, min(len(a)+len(b), k))
	for i := range r {
		r[i] = mkLit(s.newVar(), false)
		if aux {
			s.setAuxiliary(r[i].v())
		}
	}
	for i := 0; i <= len(a); i++ {
		for j := 0; j <= len(b); j++ {
			// i of a and j of b make at least i+j (capped at k).
			if i+j > 0 {
				c := []lit{r[min(i+j, len(r))-1]}
				if i > 0 {
					c = append(c, a[i-1].not())
				}
				if j > 0 {
					c = append(c, b[j-1].not())
				}
				s.addClause(c)
			}
			// Fewer than i+1 of a and fewer than j+1 of b make fewer than
			// i+j+1.
			if i+j < len(r) {
				c := []lit{r[i+j].not()}
				if i < len(a) {
					c = append(c, a[i])
				}
				if j < len(b) {
					c = append(c, b[j])
				}
				s.addClause(c)
			}
		}
	}
	return r
}

// addAtMostCounted is addAtMost through a counter: slower to propagate,
// but it lets the solver prove what native counting cannot (see counter).
// A counter's clauses grow with len(ls)·k: past maxCounted the native
// constraint is used instead (a slot with 400 tables in a fair of 1,000
// participants would take millions of clauses, more than the rest of the
// model, where the published events need a few thousand).
func (s *solver) addAtMostCounted(ls []lit, k int) {
	if k >= len(ls) {
		return
	}
	if len(ls)*(k+1) > maxCounted {
		s.addAtMost(ls, k)
		return
	}
	if k <= 0 {
		for _, l := range ls {
			s.addClause([]lit{l.not()})
		}
		return
	}
	o := s.counter(ls, k+1, false)
	s.addClause([]lit{o[k].not()})
}

// atMost adds "at most k of ls" through a counter when counted is set,
// natively otherwise.
func (s *solver) atMost(ls []lit, k int, counted bool) {
	if counted {
		s.addAtMostCounted(ls, k)
	} else {
		s.addAtMost(ls, k)
	}
}

// maxCounted bounds len(ls)·(k+1) for a counted at-most-k; the published
// events stay below 10,000.
const maxCounted = 50_000

// probeNext returns the next literal to probe, or -1 when no probing round
// is due. A probe is a decision right after the assumptions: when it leads
// to a conflict, the ordinary analysis learns a clause that refutes it
// (a unit when no assumption took part), which is how counting arguments
// that no branching heuristic happens upon get learnt early. Rounds start
// every few thousand conflicts, at a restart, and stop after a small share
// of the propagation work of the search since the last round.
func (s *solver) probeNext(base int) lit {
	if !s.probeActive {
		if s.decisionLevel() != base || s.conflicts < s.nextProbe {
			return -1
		}
		s.probeActive = true
		s.probeEnd = s.props + max((s.props-s.lastProps)/10, 200_000)
		if len(s.probeList) == 0 || s.probeIdx >= len(s.probeList) {
			s.probeList = s.probeCandidates(s.probeList[:0])
			s.probeIdx = 0
		}
	}
	// Called with the assumptions in place: anything above them is the
	// previous probe, which found nothing.
	if s.decisionLevel() > base {
		s.keepPhase = true
		s.cancelUntil(base)
		s.keepPhase = false
	}
	for s.probeIdx < len(s.probeList) && s.props < s.probeEnd {
		l := s.probeList[s.probeIdx]
		s.probeIdx++
		if s.value(l) == lUndef {
			s.probes++
			return l
		}
	}
	s.probeActive = false
	s.lastProps = s.props
	s.nextProbe = s.conflicts + 5000
	return -1
}

// probeCandidates lists the literals worth probing: decision variables in
// each polarity that propagates something. Probing only the roots of the
// binary implications, as general-purpose solvers do, was three times
// slower on forum-13crafc's "no break at all" question (7.5 s against
// 2.5 s): here the useful failures are often of implied literals.
func (s *solver) probeCandidates(out []lit) []lit {
	hasBin := func(l lit) bool {
		for _, w := range s.watches[l] {
			if w.c&binWatch != 0 {
				return true
			}
		}
		return false
	}
	for v := range s.numVars() {
		if !s.decision[v] || s.assign(v) != lUndef {
			continue
		}
		for _, l := range []lit{mkLit(v, false), mkLit(v, true)} {
			if hasBin(l) || len(s.amkOcc[l]) > 0 {
				out = append(out, l)
			}
		}
	}
	return out
}
