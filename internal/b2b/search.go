package b2b

import (
	"math"
	"sync"
	"time"
)

// breakSearch is Solve's last phase: with the meetings' places settled and
// a first schedule in hand, it cuts the breaks and proves the bound. Two
// searches run side by side, one per core, sharing the incumbent and the
// proven bound; either may end the search.
//   - The prover climbs from the bound: "at most lb breaks" is either
//     satisfiable (then that is the optimum) or proven impossible, and lb
//     rises by one. It searches in the mode suited to proofs, with counters
//     over the busy participants of each slot and over all breaks, which is
//     what gives short proofs of counting arguments (see prove).
//   - The finder anneals the incumbent and keeps solvers in the
//     schedule-finding mode with the bound as a limit: they find the
//     schedule once the bound is right (and prove bounds too; see find).
//
// The climbing solvers live for the whole search: their bound moves by
// assumptions and what they learn carries over (see bounded). The one-bound
// solvers (newPinned) are rebuilt when the bound moves, but for the solver
// ahead, which is handed over (see adopt). The solvers for the bound's own
// question are pooled between the threads (see pooled and turn).
type breakSearch struct {
	in       *Instance
	dom      [][]int
	opt      Options
	start    time.Time
	deadline time.Time // zero without a time limit
	stop     func() bool
	prm      encodeParams
	own      []int // each participant's own minimum (see participantBound)
	base     int   // their sum, the first bound

	// Set by run before the threads start.
	lb0, cost0 int  // the bound and the incumbent's breaks
	canClimb   bool // see climbable

	mu   sync.Mutex
	best []int // the incumbent, guarded by mu
	cost int   // its breaks, guarded by mu
	lb   int   // the proven bound, guarded by mu
	// favourite is the set-up whose pooled solver refuted the last bound,
	// or -1 when one of the prover's own set-ups did; guarded by mu. Until
	// another set-up refutes a bound, the finder runs only its bound's
	// solver, and the prover's spare budget tries that one first. Which
	// set-up an event needs shows in which one proves its bounds: on
	// forum-13crafc and ticf-13crafc the finding set-up refutes "no break
	// at all" before the proof set-ups do, and it is also the only one
	// that finds their optimum, "at most 1 break", within seconds.
	favourite int

	// setups holds the plain set-up and the finding set-up (see
	// encodeParams.findingSetUp), indexed by setUpOf.
	setups [2]encodeParams
	pool   [3]pooled
}

// pooled is one of the pooled solvers: either thread may run it, one at a
// time, and its search goes on where it stopped, whichever thread runs it,
// rather than starting over in a copy.
type pooled struct {
	run sync.Mutex // held by the thread searching with b
	b   *bounded   // guarded by run
}

// The pooled solvers. The bound's question "at most lb breaks" goes to two
// one-bound solvers, set up differently because each finds quickly what the
// other does not: the plain encoding where tables are not scarce (forum-14
// "at most 2 breaks": 0.7 s against 12 s) and the finding set-up where they
// are (forum-13crafc "at most 1 break": 1.7 s, where the plain one finds
// nothing in 30 s; see encodeParams.finding and branchBusy). Both threads
// search with them: the finder takes turns on them, and the prover spends
// its spare budget on whichever the finder is not running.
//
// A third, in the plain set-up, asks one break more: "at most lb+1"
// (aheadSolver). Where the bound lags one below the optimum, as it does on
// forum-13crafb (5 from 0.5 s, 6 only at 5 s), the bound's solvers cannot
// find the optimum until it is proven, and this one has been looking for it
// since the bound reached 5. When the bound reaches its question, it
// becomes the bound's plain solver (see adopt); when a schedule reaches it
// first, it has nothing left to ask until the bound moves. On the 31
// hardest configurations, eight runs each, 18.25 were proven per run
// without it and 19.9 with it; tic-13crafc.fixed040-Forb went from none of
// eight to eight (README).
const (
	plainSolver   = iota // the bound's question, plain set-up with guesses, branching on every variable
	findingSolver        // the bound's question, finding set-up
	aheadSolver          // one break above the bound, plain set-up with guesses
)

// setUpOf is each pooled solver's set-up, plain (0) or finding (1), which
// are also the indices of the bound's solvers in those set-ups: it says how
// the solver is built (only the plain set-up guesses) and which set-up its
// refutations favour.
var setUpOf = [3]int{plainSolver, findingSolver, plainSolver}

var solverNames = [3]string{"plain", "finding", "plain (ahead)"}

// otherSetUp is the bound's solver in the other set-up than solver i's.
func otherSetUp(i int) int {
	if setUpOf[i] == findingSolver {
		return plainSolver
	}
	return findingSolver
}

// finderOrder is the order in which one of the finder's rounds runs the
// pooled solvers, given the favourite set-up (-1: none). With a favourite,
// the finder runs only that one; while the prover holds it, the rounds that
// ask below the incumbent come sooner (running the other solver meanwhile
// measured no better), and where there are none (the event too big to
// climb), the other solver runs rather than the thread spinning until the
// favourite is free.
func finderOrder(favourite int, canClimb bool) []int {
	switch {
	case favourite >= 0 && canClimb:
		return []int{favourite}
	case favourite >= 0:
		return []int{favourite, otherSetUp(favourite)}
	}
	return []int{plainSolver, aheadSolver, findingSolver}
}

// proverPick is the pooled solver the prover tries first with its spare
// budget (the other set-up's when the finder is running it): the favourite
// if there is one, else the plain set-up while its question is narrowed by
// guesses, else the finding set-up. A second search in the finding set-up
// proved forum-13crafc at d = 2 and 3 when it was a copy of the finder's;
// the guessed plain set-up is the one that finds ticf-13crafb's optimum,
// and the 31 hardest configurations, two runs each, gave 21 and 20 proven with
// this order against 21 and 19 with the finding set-up first and 19 and 18
// without guesses.
func proverPick(favourite int, guessing bool) int {
	switch {
	case favourite >= 0:
		return favourite
	case guessing:
		return plainSolver
	}
	return findingSolver
}

// newBreakSearch sets the search up from a first schedule, best, of cost
// breaks; own holds each participant's own minimum, whose sum is the first
// bound.
func newBreakSearch(in *Instance, dom [][]int, opt Options, start, deadline time.Time, stop func() bool, prm encodeParams, own []int, best []int, cost int) *breakSearch {
	base := boundSum(own)
	bs := &breakSearch{
		in: in, dom: dom, opt: opt, start: start, deadline: deadline, stop: stop,
		prm: prm, own: own, base: base,
		best: best, cost: cost, lb: base, favourite: -1,
	}
	bs.setups = [2]encodeParams{prm, prm.findingSetUp()}
	return bs
}

// run searches until the bound meets the incumbent or stop says so.
func (bs *breakSearch) run() {
	// A short annealing run before the two threads start settles most small
	// events at the bound, and the same way on every run: which thread gets
	// there first is a matter of timing.
	if p, c := anneal(bs.in, bs.dom, bs.best, bs.opt.Fairness, annealOpts{target: bs.lb, iters: 20_000, patience: 20_000}, bs.stop); c >= 0 {
		bs.offer(p, c)
	}
	bs.lb0, bs.cost0 = bs.state()
	bs.canClimb = climbable(bs.in, bs.cost0)
	proverDone := make(chan struct{})
	go func() {
		defer close(proverDone)
		bs.prove()
	}()
	bs.find()
	<-proverDone
}

// offer records a schedule of c breaks.
func (bs *breakSearch) offer(slots []int, c int) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if c < bs.cost {
		bs.best, bs.cost = slots, c
		tracef(bs.start, "new schedule, breaks %d (bound %d)", c, bs.lb)
	}
}

// raise records a proven bound.
func (bs *breakSearch) raise(b int) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if b > bs.lb {
		tracef(bs.start, "bound %d proven (schedule %d)", b, bs.cost)
	}
	bs.lb = max(bs.lb, b)
}

// state returns the bound and the incumbent's breaks.
func (bs *breakSearch) state() (lb, cost int) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	return bs.lb, bs.cost
}

// settled reports whether the search is over: stopped, or the bound met.
func (bs *breakSearch) settled() bool {
	l, c := bs.state()
	return bs.stop() || l >= c
}

// refutedBy makes setUp the favourite (-1: a prover's own set-up).
func (bs *breakSearch) refutedBy(setUp int) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	bs.favourite = setUp
}

// favoured returns the favourite set-up, or -1.
func (bs *breakSearch) favoured() int {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	return bs.favourite
}

// ask puts "at most lb breaks" to b, a solver that climbs by assumptions.
func (bs *breakSearch) ask(b *bounded, budget int64) int8 {
	curLB, curCost := bs.state()
	if curLB >= curCost {
		// The other search settled it since the last look.
		return lTrue
	}
	b.improveOn(curCost)
	limit := b.s.conflicts + budget
	// It gives up as soon as the other thread moves the bound past its
	// question: a refutation that came after would be stale, and would
	// wrongly make the prover's set-ups the favourite again.
	b.s.stop = func() bool {
		l, _ := bs.state()
		return bs.settled() || l > curLB || b.s.conflicts > limit
	}
	r := b.s.solve(b.limit(curLB))
	switch {
	case r == lTrue:
		bs.offer(b.slotsOf(b.s.model), countTrue(b.brk, b.s.model))
	case r == lFalse && len(b.s.core) == 0:
		// Nothing better than the incumbent exists at all.
		bs.raise(curCost)
	case r == lFalse:
		bs.raise(curLB + 1)
	}
	return r
}

// askPart asks b for fewer breaks than the incumbent with only the meetings
// in the free slots moving (see partSearch), within a budget of conflicts
// and until end (unless zero). With every slot free it is the question that
// finds schedules while the bound is still far below them.
func (bs *breakSearch) askPart(b *bounded, free []bool, budget int64, end time.Time) int8 {
	bs.mu.Lock()
	curLB, curCost, from := bs.lb, bs.cost, bs.best
	bs.mu.Unlock()
	if curLB >= curCost {
		return lTrue
	}
	limit := b.s.conflicts + budget
	b.s.stop = func() bool {
		return bs.settled() || b.s.conflicts > limit || !end.IsZero() && time.Now().After(end)
	}
	r, whole := b.improvePart(from, free, curCost)
	switch {
	case r == lTrue:
		bs.offer(b.slotsOf(b.s.model), countTrue(b.brk, b.s.model))
	case whole:
		bs.raise(curCost)
	}
	return r
}

// pinnedAt returns b when it is the solver for the current bound, else a
// new one for it in set-up p (see newPinned).
func (bs *breakSearch) pinnedAt(b *bounded, p encodeParams) *bounded {
	if q, _ := bs.state(); b == nil || b.lb0 != q {
		return newPinned(bs.in, p, bs.own, bs.base, q)
	}
	return b
}

// askPinned puts b's question "at most b.lb0 breaks" with a budget of
// conflicts, and of time unless until is zero; it gives up as soon as the
// bound passes it or the incumbent reaches it (the solver ahead's question
// is above the bound).
func (bs *breakSearch) askPinned(b *bounded, budget int64, until time.Time) int8 {
	q := b.lb0
	limit := b.s.conflicts + budget
	b.s.stop = func() bool {
		l, c := bs.state()
		return bs.stop() || l >= c || l > q || c <= q || b.s.conflicts > limit || !until.IsZero() && time.Now().After(until)
	}
	r := b.solve()
	switch r {
	case lTrue:
		bs.offer(b.slotsOf(b.s.model), countTrue(b.brk, b.s.model))
	case lFalse:
		bs.raise(q + 1)
	}
	return r
}

// adopt hands over the solver ahead when the bound has reached its
// question q (nil if not, or if the other thread is running it).
func (bs *breakSearch) adopt(q int) *bounded {
	if !bs.pool[aheadSolver].run.TryLock() {
		return nil
	}
	defer bs.pool[aheadSolver].run.Unlock()
	b := bs.pool[aheadSolver].b
	if b == nil || b.lb0 != q {
		return nil
	}
	bs.pool[aheadSolver].b = nil
	return b
}

// turn runs pooled solver i for its question (the bound's, or the next for
// the solver ahead), built first if the bound moved, unless the other
// thread is running it or the solver ahead has nothing to ask (then false).
// until and budget are askPinned's.
func (bs *breakSearch) turn(i int, budget int64, until time.Time) (int8, bool) {
	p := &bs.pool[i]
	if !p.run.TryLock() {
		return lUndef, false
	}
	defer p.run.Unlock()
	l, c := bs.state()
	q := l
	if i == aheadSolver {
		if l+1 >= c {
			return lUndef, false
		}
		q = l + 1
	}
	if p.b == nil || p.b.lb0 != q {
		var nb *bounded
		if i == plainSolver {
			nb = bs.adopt(q)
		}
		if nb == nil {
			nb = newPinned(bs.in, bs.setups[setUpOf[i]], bs.own, bs.base, q)
			if setUpOf[i] == plainSolver {
				// The plain set-up branches on every variable and guesses
				// (see guessOwn).
				nb.guessOnAll(bs.own)
			}
		}
		p.b = nb
	}
	r := bs.askPinned(p.b, budget, until)
	if r == lFalse {
		bs.refutedBy(setUpOf[i])
	}
	tracef(bs.start, "%s set-up at %d: %s after %d conflicts (%d guesses left)", solverNames[i], p.b.lb0, answerName(r), p.b.s.conflicts, len(p.b.guess))
	return r, true
}

// guessing reports whether the plain set-up's question is still narrowed by
// guesses (see guessOwn); false while the other thread runs it.
func (bs *breakSearch) guessing() bool {
	p := &bs.pool[plainSolver]
	if !p.run.TryLock() {
		return false
	}
	defer p.run.Unlock()
	return p.b != nil && len(p.b.guess) > 0
}

// prove is the prover's thread. Two proof set-ups take turns, with doubling
// conflict budgets: a solver that climbs from bound to bound by assumptions
// and keeps what it learns, and one per bound that also counts the tables
// of each slot and has the bound as units (newPinned). Each is several
// times faster than the other on some of the hardest published events and
// no faster on the rest.
func (bs *breakSearch) prove() {
	if bs.settled() {
		return
	}
	pp := bs.prm
	pp.proof = true
	var climb *bounded
	if bs.canClimb {
		climb = newBounded(bs.in, pp, bs.own, bs.base, bs.lb0, bs.cost0)
		// With the Hall check, branching on every variable (busy slots,
		// breaks, counters' outputs) halves the climb to the last bound
		// of the crafb forb variants (README).
		climb.s.branchOnAll()
	}
	pt := pp
	pt.countTables = true
	var pin *bounded
	// The set-up that proved the last bound gets more of the budget than
	// the other, as the next bound usually yields to the same argument:
	// four times after the climbing one, which keeps what it learnt on
	// the way up, twice after the pinned one.
	favour := [2]int64{1, 1}
	for budget := int64(5000); !bs.settled(); {
		if bs.favoured() >= 0 {
			// A finder's set-up proved the last bound: neither of these
			// has the lead.
			favour = [2]int64{1, 1}
		}
		// Too big to climb: the one-bound solver alone.
		if climb != nil {
			asked, _ := bs.state()
			r := bs.ask(climb, budget*favour[0])
			tracef(bs.start, "climbing proof set-up: %s after %d conflicts", answerName(r), climb.s.conflicts)
			if moved, _ := bs.state(); r != lUndef || bs.settled() || moved > asked {
				if r == lFalse {
					favour = [2]int64{4, 1}
					bs.refutedBy(-1)
				}
				continue
			}
		}
		pin = bs.pinnedAt(pin, pt)
		r := bs.askPinned(pin, budget*favour[1], time.Time{})
		tracef(bs.start, "pinned proof set-up at %d: %s after %d conflicts", pin.lb0, answerName(r), pin.s.conflicts)
		switch r {
		case lFalse:
			favour = [2]int64{1, 2}
			bs.refutedBy(-1)
		case lUndef:
			// Neither proof set-up refuted the bound within its budget: it
			// may well be the optimum, so this thread looks for the
			// schedule too, in whichever pooled solver the finder is not
			// running (see proverPick). Not once the incumbent is one
			// above the bound: then the bound's question is the only one
			// left, and the finder asks it on the other core already.
			if lb, cost := bs.state(); lb+1 < cost {
				first := proverPick(bs.favoured(), bs.guessing())
				if _, ok := bs.turn(first, budget, time.Time{}); !ok {
					bs.turn(otherSetUp(first), budget, time.Time{})
				}
			}
			budget *= 2
		}
	}
}

// find is the finder's thread. Its turns on the pooled solvers are
// measured in time: a conflict costs several times more in the finding
// set-up.
func (bs *breakSearch) find() {
	var slice [3]time.Duration
	sliceAt := [3]int{-1, -1, -1} // the bound each slice was set for
	var finder *bounded           // built when first needed
	parts := newPartSearch(len(bs.in.Slots), 1)
	budget := int64(12000)
	annealing := true
	for round := 0; !bs.settled(); round++ {
		// Walk the incumbent down by annealing (briefly in the first round,
		// which settles most events, then up to a quarter of the time left,
		// again only while it keeps finding better): a schedule at the
		// proven bound ends the search, and one close to it is what the
		// organiser gets when time runs out. The bounded solver is not
		// steered towards it: far-off incumbents mislead it.
		if annealing {
			annealing = bs.walk(round)
			if bs.settled() {
				break
			}
		}
		// The finder alternates between the bound (often the optimum) and
		// below the incumbent (walking down from above). The bound's
		// question goes to the pooled solvers, each with the bound as units
		// (see newPinned) and kept while the bound stays.
		if round%4 == 3 && bs.canClimb {
			if finder == nil {
				finder = newBounded(bs.in, bs.prm, bs.own, bs.base, bs.lb0, bs.cost0)
			}
			if !parts.whole() {
				// Parts first (see partSearch): a second of questions of a
				// few thousand conflicts each.
				end := time.Now().Add(time.Second)
				for !parts.whole() && !bs.settled() && time.Now().Before(end) {
					parts.record(bs.askPart(finder, parts.next(), 3000, end) == lTrue)
				}
			} else if bs.askPart(finder, parts.next(), budget, time.Time{}) == lUndef {
				budget *= 2
			}
			continue
		}
		// A solver the prover is running is skipped this round: its search
		// goes on all the same.
		fav := bs.favoured()
		for _, i := range finderOrder(fav, bs.canClimb) {
			if bs.settled() {
				break
			}
			if q, _ := bs.state(); sliceAt[i] != q {
				slice[i], sliceAt[i] = time.Second, q
			}
			r, ok := bs.turn(i, math.MaxInt32, time.Now().Add(slice[i]))
			if ok && r == lUndef {
				slice[i] *= 2
			}
			if ok && fav >= 0 {
				break
			}
		}
	}
}

// walk anneals the incumbent for the finder's round, up to a quarter of the
// time left (2.5 s without a limit), and reports whether that found a better
// schedule.
func (bs *breakSearch) walk(round int) bool {
	end := time.Now().Add(2500 * time.Millisecond)
	if !bs.deadline.IsZero() {
		end = time.Now().Add(time.Until(bs.deadline) / 4)
	}
	iters := 1_500_000
	if round == 0 {
		iters = 300_000
	}
	annealStop := func() bool { return bs.settled() || time.Now().After(end) }
	bs.mu.Lock()
	from, target := bs.best, bs.lb
	bs.mu.Unlock()
	// The walks after the first (which starts from the solver's schedule,
	// barely walked) start as cool as one walk cooled over the whole limit
	// would be by now. Restarted at a fresh walk's temperature, each began
	// by climbing far above the good schedule it started from, and the
	// generated roomy events (BenchmarkRoomyEvent) ended at 70 breaks
	// against 57-59.
	hot := 0.0
	if !bs.deadline.IsZero() && round > 0 {
		hot = coolingAt(time.Since(bs.start), bs.opt.TimeLimit)
	}
	t0 := time.Now()
	p, c := anneal(bs.in, bs.dom, from, bs.opt.Fairness, annealOpts{seed: uint64(round), target: target, iters: iters, patience: 400_000, hot: hot}, annealStop)
	if c < 0 {
		return false
	}
	tracef(bs.start, "annealing: %d breaks after %.2f s", c, time.Since(t0).Seconds())
	_, before := bs.state()
	bs.offer(p, c)
	return c < before
}
