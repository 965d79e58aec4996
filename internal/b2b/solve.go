package b2b

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Status says how far the search got.
type Status int

const (
	// Unknown: the time ran out before any schedule was found.
	Unknown Status = iota
	// Optimal: the schedule is proven best.
	Optimal
	// Feasible: the best schedule found in time; LowerBound is proven.
	Feasible
	// Infeasible: proven that no schedule meets every hard rule.
	Infeasible
)

func (s Status) String() string {
	switch s {
	case Optimal:
		return "optimal"
	case Feasible:
		return "feasible"
	case Infeasible:
		return "infeasible"
	}
	return "unknown"
}

// Options tune one Solve call.
type Options struct {
	// Fairness d: no participant may have more than d breaks more than any
	// other. Negative disables the rule. The published benchmark uses 2.
	Fairness int
	// TimeLimit bounds the search; 0 means only ctx bounds it.
	TimeLimit time.Duration
	// RequireAll makes every requested meeting mandatory: when they cannot
	// all be placed the answer is Infeasible. Otherwise as many as possible
	// are placed, higher priority first.
	RequireAll bool
}

// DefaultOptions are the benchmark's rules with a ten-second limit.
func DefaultOptions() Options {
	return Options{Fairness: 2, TimeLimit: 10 * time.Second}
}

// Result is a schedule with its objective values.
type Result struct {
	Status Status
	// Slots[m] is the 0-based slot of meeting m, or -1 when unscheduled.
	Slots []int
	// Tables[m] is the 0-based table of meeting m, or -1.
	Tables []int
	// Scheduled counts placed meetings, Requested all meetings.
	Scheduled, Requested int
	// Breaks is the total over participants; BreaksOf per participant.
	Breaks   int
	BreaksOf []int
	// LowerBound is a proven lower bound on Breaks for the achieved number
	// of scheduled meetings; equal to Breaks when Status is Optimal.
	LowerBound int
	// TableMoves counts the walks between tables: over participants, the
	// meetings held at another table than the participant's meeting in the
	// slot before.
	TableMoves int
	// Reasons explain infeasibility or unscheduled meetings.
	Reasons []Reason
	Elapsed time.Duration
}

// Solve schedules the instance. It honours ctx cancellation and
// opt.TimeLimit, returning the best schedule found so far when stopped.
func Solve(ctx context.Context, in *Instance, opt Options) (Result, error) {
	start := time.Now()
	if err := in.Validate(); err != nil {
		return Result{}, err
	}
	var deadline, searchEnd time.Time
	if opt.TimeLimit > 0 {
		deadline = start.Add(opt.TimeLimit)
		// The search ends a fiftieth of the limit early and the tables'
		// shuffles stop at the limit: on an event of 400 meetings, settling
		// and shuffling the tables of the last schedule took 0.6 s after a
		// search that had used the whole limit.
		searchEnd = deadline.Add(-opt.TimeLimit / 50)
	}
	stop := func() bool {
		if ctx.Err() != nil {
			return true
		}
		return !searchEnd.IsZero() && time.Now().After(searchEnd)
	}

	res := Result{Requested: len(in.Meetings)}
	finish := func(slots []int) (Result, error) {
		if slots != nil {
			res.Slots = slots
			res.Tables, res.TableMoves = assignTables(in, slots, deadline)
			res.BreaksOf = breaksOf(in, slots)
			res.Breaks = 0
			for _, b := range res.BreaksOf {
				res.Breaks += b
			}
			for _, s := range slots {
				if s >= 0 {
					res.Scheduled++
				}
			}
		}
		if res.Status == Infeasible || slots != nil && res.Scheduled < res.Requested {
			res.Reasons = explain(in, opt, res.Slots, stop)
		}
		res.Elapsed = time.Since(start)
		return res, nil
	}

	dom := in.domains()
	if opt.RequireAll {
		// A flow shows at once when the tables or a participant's slots
		// cannot take every meeting (see capacity.go); the search can take
		// exponentially long to prove it.
		if n, _ := holdBound(in, dom, meetingsAt(in, nil)); n < len(in.Meetings) {
			res.Status = Infeasible
			return finish(nil)
		}
	}
	seedSlots := greedy(in, dom)
	improve(in, dom, seedSlots, opt.Fairness, stop)

	repaired := func(stop func() bool) []int { return madeFair(in, dom, seedSlots, opt, stop) }
	// goal is the bound on the breaks once known: a walk stops there.
	var goal atomic.Int64
	// walkEnd is when the annealing that settles the breaks ends: the time
	// left but a tenth (at least half a second, for the tables and the
	// answer).
	walkEnd := func() time.Time {
		if deadline.IsZero() {
			return time.Now().Add(5 * time.Second)
		}
		left := time.Until(deadline)
		return time.Now().Add(left - max(left/10, 500*time.Millisecond))
	}
	// walk anneals slots until end (see fallback).
	walk := func(slots []int, end time.Time, stopToo func() bool) []int {
		walkStop := func() bool { return stop() || stopToo() || time.Now().After(end) }
		if p, c := anneal(in, dom, slots, opt.Fairness, annealOpts{seed: 1, iters: math.MaxInt, patience: math.MaxInt, until: end, goal: func() int { return int(goal.Load()) }}, walkStop); c >= 0 {
			return p
		}
		return slots
	}
	// On events with a big exact search, the repaired constructive schedule
	// is walked on the other core while the search places the meetings
	// (see big below): early delivers it before the walk, walked after,
	// and earlyDone ends the walk when the search's schedule holds more.
	var early, walked chan []int
	var earlyDone atomic.Bool
	defer func() {
		if walked != nil {
			earlyDone.Store(true)
			<-walked
		}
	}()
	// fallback answers from the constructive schedule, or from the exact
	// search's schedule when that holds more meetings (from, nil if none;
	// counted when the search proved that no schedule holds more, never
	// without from), with
	// the breaks left to the annealing: for events too big for the exact
	// search, or when it has nothing in time.
	fallback := func(from []int, counted bool) (Result, error) {
		var slots []int
		if early != nil {
			slots = <-early
		} else {
			slots = repaired(stop)
		}
		switch {
		case from != nil && (slots == nil || holdsMore(in, from, slots) || walked == nil && betterHeld(in, from, slots)):
			slots = append([]int(nil), from...)
			if walked != nil {
				earlyDone.Store(true)
				<-walked
				walked = nil
			}
		case slots == nil:
			res.Status = Unknown
			return finish(nil)
		}
		// Every meeting held means each participant's own minimum holds as
		// a bound. On an event this size it takes seconds, so it is worked
		// out on the other core while the annealing runs.
		held := !slices.Contains(slots, -1)
		bound := make(chan struct{})
		settleBound := func() {
			defer close(bound)
			if held {
				own, _ := participantBound(in, stop)
				goal.Store(int64(boundSum(own)))
			}
		}
		go settleBound()
		if walked != nil {
			// The walk of the constructive schedule goes on.
			slots = <-walked
			walked = nil
		} else {
			// Annealing cuts the schedule's breaks. It cools by the clock,
			// so that the organiser's time limit buys a better schedule on
			// any machine: the walk keeps finding better schedules for as
			// long as it is given.
			slots = walk(slots, walkEnd(), func() bool { return false })
		}
		res.Status = Feasible
		out, err := finish(slots)
		<-bound
		out.LowerBound = int(goal.Load())
		if (held || counted) && out.Breaks == out.LowerBound {
			// Every meeting is held (or as many as can be) and no
			// participant can do better alone: nothing can.
			out.Status = Optimal
		}
		// The time reported is the whole solve, the bound included.
		out.Elapsed = time.Since(start)
		return out, err
	}
	// Past 200,000 meeting-slot pairs the clause database alone takes
	// longer to build and search than an organiser waits. Past 7,000, when
	// the constructive schedule already holds every meeting fairly, only
	// the breaks are left to improve, and the annealing cooled over the
	// time limit does that far better than the exact search's short walks
	// (generated events of 400 to 5,000 meetings, 8,000 to 80,000 pairs:
	// 1 break against 9, 3 against 14, 26 against 57, 137 against 285, in
	// 6.7 s against 10 s). The line is drawn just above the published
	// events (6,644 pairs at most), whose proofs need the exact search.
	pairs := len(in.Meetings) * len(in.Slots)
	if pairs > 200_000 || pairs > 7_000 && !slices.Contains(seedSlots, -1) && fair(in, seedSlots, opt.Fairness) {
		return fallback(nil, false)
	}
	// Between the two sizes, when the constructive schedule leaves meetings
	// out or is unfair, the exact search places the meetings, within half
	// the time limit, and the annealing takes the breaks over the rest, as
	// above. Left to the two searches below, a fair of 500 participants
	// and 2,000 meetings ended at 17 breaks where this reaches 1, and one
	// of 1,000 and 5,000 got a raw first schedule (1,179 breaks, 55
	// meetings left out where the constructive schedule made fair leaves
	// 8): its meeting counts took the whole 10 s.
	big := pairs > 7_000 && !deadline.IsZero()
	searchStop := stop
	if big {
		half := start.Add(opt.TimeLimit / 2)
		searchStop = func() bool { return stop() || time.Now().After(half) }
		// Meanwhile the other core anneals the repaired constructive
		// schedule: on the fair of 5,000 meetings it is what the organiser
		// gets, and with that core idle until half the limit it ended at
		// about twice the breaks.
		early, walked = make(chan []int, 1), make(chan []int, 1)
		end := walkEnd()
		go func() {
			slots := repaired(func() bool { return stop() || earlyDone.Load() })
			early <- slots
			if slots != nil {
				slots = walk(slots, end, earlyDone.Load)
			}
			walked <- slots
		}()
	}
	prm := encodeParams{fairness: opt.Fairness, requireAll: opt.RequireAll, maxUnscheduled: map[int]int{}}

	var best []int
	proven := true
	var reuse *encoding
	if !opt.RequireAll {
		// Highest priority first: assume every meeting of the level is held
		// and let the cores say how many cannot be.
		enc := encode(in, prm)
		enc.s.stop = searchStop
		enc.seed(seedSlots)
		if r := enc.s.solve(nil); r == lTrue {
			best = enc.slotsOf(enc.s.model)
		} else {
			proven = false
		}
		// Meetings of the levels settled so far, and how many of them are
		// held (their proven maximum).
		var settledMs []int
		settledHeld := 0
		for _, level := range priorityLevels(in) {
			if !proven {
				break
			}
			var held []lit
			for m, mt := range in.Meetings {
				if mt.Priority == level {
					held = append(held, enc.sel[m])
				}
			}
			// The flows' bound on this level's meetings (see capacity.go):
			// a schedule that holds that many needs no proof from the
			// search, which on an overbooked event would need
			// exponentially long for it. The question is put once, with
			// a budget; when it is not answered, the search below proves
			// the level as before.
			ms := meetingsAt(in, &level)
			settledMs = append(settledMs, ms...)
			ub, _ := holdBound(in, dom, settledMs)
			alone, _ := holdBound(in, dom, ms)
			ub = min(ub-settledHeld, alone)
			reached := func() bool { return best != nil && len(ms)-unscheduledAt(in, best, level) >= ub }
			if !reached() {
				most := enc.s.counter(enc.unscheduledLits(level), len(ms)-ub+1, false)
				limit := enc.s.conflicts + flowQuestionBudget
				enc.s.stop = func() bool { return searchStop() || enc.s.conflicts > limit }
				if enc.s.solve([]lit{most[len(ms)-ub].not()}) == lTrue {
					best = enc.slotsOf(enc.s.model)
				}
				enc.s.stop = searchStop
			}
			o := newOLLLits(enc, held)
			for !reached() {
				r := enc.s.solve(o.assumptions())
				if r == lUndef {
					proven = false
					break
				}
				if r == lTrue {
					best = enc.slotsOf(enc.s.model)
					break
				}
				if len(enc.s.core) == 0 {
					return res, fmt.Errorf("b2b: internal error: empty core while placing meetings")
				}
				o.relax(o.shrink(append([]lit(nil), enc.s.core...), searchStop))
			}
			if !proven {
				break
			}
			k := unscheduledAt(in, best, level)
			settledHeld += len(ms) - k
			prm.maxUnscheduled[level] = k
			enc.s.addAtMost(enc.unscheduledLits(level), k)
		}
		if best != nil && !proven {
			for _, l := range priorityLevels(in) {
				prm.maxUnscheduled[l] = unscheduledAt(in, best, l)
			}
		}
		if proven {
			// When the meetings held are the most a flow allows, every
			// schedule that holds them fills the flow's minimum cut: rules
			// the search would otherwise have to find for itself, over
			// which meetings to leave out (see forcedByFlows). Over 300
			// overbooked generated events in partial mode with the
			// default options, 12 were left unproven in 10 s with them,
			// against 18 without (README: BenchmarkPartialEvents).
			prm.forced = forcedByFlows(in, dom, settledHeld)
		}
		if enc.s.ok {
			reuse = enc
		}
	}

	enc := reuse
	var first *encoding // the encoding whose model answered first
	var r int8
	if enc == nil {
		// The first schedule (or the proof that there is none) is raced
		// between two encodings, one per core: one set up for proofs (see
		// encodeParams.proof) and a plain one in the schedule-finding mode.
		// Each is sometimes far faster than the other.
		plain := encode(in, prm)
		plain.seed(pick(best, seedSlots))
		// A short attempt on the plain encoding alone comes first: small
		// events are answered there, and the same way on every run, which
		// a race between two threads cannot promise.
		plain.s.stop = func() bool { return searchStop() || plain.s.conflicts > 2000 }
		if r = plain.s.solve(nil); r != lUndef {
			first = plain
			plain.s.stop = searchStop
		} else {
			cp := prm
			cp.proof, cp.countTables = true, true
			enc = encode(in, cp)
			first, r = race(enc, plain, searchStop)
		}
	} else {
		enc.s.stop = searchStop
		r = enc.s.solve(nil)
		first = enc
	}
	cost, lb := -1, 0
	switch r {
	case lUndef:
		proven = false
	case lFalse:
		if best == nil {
			res.Status = Infeasible
			return finish(nil)
		}
		// The meeting-count phase proved this encoding satisfiable, so an
		// unsatisfiable answer here cannot happen.
		return res, fmt.Errorf("b2b: internal error: schedule lost between phases")
	case lTrue:
		best = first.slotsOf(first.s.model)
		cost = countTrue(first.brk, first.s.model)
		// Local moves often remove many of a first schedule's breaks; a
		// better incumbent guides the bounded searches and is what the
		// organiser gets if time runs out.
		if p, c := polish(in, dom, best, opt.Fairness, searchStop); c < cost {
			best, cost = p, c
		}
	}
	if big {
		// The meeting counts are proven when the search finished them
		// and found its schedule.
		return fallback(best, proven && r == lTrue)
	}
	// Two searches run side by side, one per core, sharing the incumbent
	// and the proven bound; either may end the search.
	//   - The prover climbs from the bound: "at most lb breaks" is either
	//     satisfiable (then that is the optimum) or proven impossible, and
	//     lb rises by one. It searches in the mode suited to proofs, with
	//     counters over the busy participants of each slot and over all
	//     breaks, which is what gives short proofs of counting arguments.
	//   - The finder anneals the incumbent and keeps solvers in the
	//     schedule-finding mode with the bound as a limit: they find the
	//     schedule once the bound is right (and prove bounds too).
	// Both solvers live for the whole search: the bound moves by
	// assumptions, so what they learn carries over (see bounded).
	if r == lTrue && lb < cost {
		// With every meeting required, what each participant's own
		// meetings force on its day goes to every search as rules (see
		// ownDay.shapes): over the 58 published configurations that took
		// over 1.2 s or were unproven, 40 proven within 10 s with them,
		// against 33 without.
		own, shapes, _ := ownDays(in, opt.RequireAll, fairnessCap(in, opt.Fairness), stop)
		prm.shapes = shapes
		allHeld := true
		for _, k := range prm.maxUnscheduled {
			allHeld = allHeld && k == 0
		}
		if !opt.RequireAll && !allHeld {
			// The relaxation assumes every meeting is held.
			own = make([]int, len(in.Participants))
		}
		lb = boundSum(own)
		var mu sync.Mutex // guards best, cost and lb from here on
		// offer records a schedule; raise records a proven bound.
		offer := func(slots []int, c int) {
			mu.Lock()
			defer mu.Unlock()
			if c < cost {
				best, cost = slots, c
				tracef(start, "new schedule, breaks %d (bound %d)", c, lb)
			}
		}
		raise := func(b int) {
			mu.Lock()
			defer mu.Unlock()
			if b > lb {
				tracef(start, "bound %d proven (schedule %d)", b, cost)
			}
			lb = max(lb, b)
		}
		state := func() (int, int) {
			mu.Lock()
			defer mu.Unlock()
			return lb, cost
		}
		settled := func() bool {
			l, c := state()
			return stop() || l >= c
		}
		base := lb
		// A short annealing run before the two threads start settles most
		// small events at the bound, and the same way on every run: which
		// thread gets there first is a matter of timing.
		if p, c := anneal(in, dom, best, opt.Fairness, annealOpts{target: lb, iters: 20_000, patience: 20_000}, stop); c >= 0 {
			offer(p, c)
		}
		lb0, cost0 := state()
		canClimb := climbable(in, cost0)
		// ask puts "at most lb breaks" to b.
		ask := func(b *bounded, budget int64) int8 {
			curLB, curCost := state()
			if curLB >= curCost {
				// The other search settled it since the last look.
				return lTrue
			}
			b.improveOn(curCost)
			limit := b.s.conflicts + budget
			b.s.stop = func() bool { return settled() || b.s.conflicts > limit }
			r := b.s.solve(b.limit(curLB))
			switch {
			case r == lTrue:
				offer(b.slotsOf(b.s.model), countTrue(b.brk, b.s.model))
			case r == lFalse && len(b.s.core) == 0:
				// Nothing better than the incumbent exists at all.
				raise(curCost)
			case r == lFalse:
				raise(curLB + 1)
			}
			return r
		}

		// askPart asks b for fewer breaks than the incumbent with only the
		// meetings in the free slots moving (see partSearch), within a
		// budget of conflicts and until end (unless zero). With every slot
		// free it is the question that finds schedules while the bound is
		// still far below them.
		askPart := func(b *bounded, free []bool, budget int64, end time.Time) int8 {
			mu.Lock()
			curLB, curCost, from := lb, cost, best
			mu.Unlock()
			if curLB >= curCost {
				return lTrue
			}
			limit := b.s.conflicts + budget
			b.s.stop = func() bool {
				return settled() || b.s.conflicts > limit || !end.IsZero() && time.Now().After(end)
			}
			r, whole := b.improvePart(from, free, curCost)
			switch {
			case r == lTrue:
				offer(b.slotsOf(b.s.model), countTrue(b.brk, b.s.model))
			case whole:
				raise(curCost)
			}
			return r
		}

		// pinnedAt returns b when it is the solver for the current bound,
		// else a new one for it (see newPinned).
		pinnedAt := func(b *bounded, p encodeParams) *bounded {
			if q, _ := state(); b == nil || b.lb0 != q {
				return newPinned(in, p, own, base, q)
			}
			return b
		}
		// askPinned puts b's question "at most b.lb0 breaks" with a budget
		// of conflicts, and of time unless until is zero; it gives up as
		// soon as the bound passes it or the incumbent reaches it (the
		// solver ahead's question is above the bound).
		askPinned := func(b *bounded, budget int64, until time.Time) int8 {
			q := b.lb0
			limit := b.s.conflicts + budget
			b.s.stop = func() bool {
				l, c := state()
				return settled() || l > q || c <= q || b.s.conflicts > limit || !until.IsZero() && time.Now().After(until)
			}
			r := b.solve()
			switch r {
			case lTrue:
				offer(b.slotsOf(b.s.model), countTrue(b.brk, b.s.model))
			case lFalse:
				raise(q + 1)
			}
			return r
		}

		fp := prm.findingSetUp()
		// The bound's question "at most lb breaks" goes to two one-bound
		// solvers, set up differently because each finds quickly what the
		// other does not: the plain encoding where tables are not scarce
		// (forum-14 "at most 2 breaks": 0.7 s against 12 s) and the
		// finding set-up where they are (forum-13crafc "at most 1 break":
		// 1.7 s, where the plain one finds nothing in 30 s; see
		// encodeParams.finding and branchBusy). Both threads search with
		// them: the finder takes turns on the two, and the prover spends
		// its spare budget on whichever the finder is not running. A
		// solver's search thus goes on where it stopped, whichever thread
		// runs it, rather than starting over in a copy.
		//
		// A third, in the plain set-up, asks one break more: "at most
		// lb+1" (ahead). Where the bound lags one below the optimum, as it
		// does on forum-13crafb (5 from 0.5 s, 6 only at 5 s), the bound's
		// solvers cannot find the optimum until it is proven, and this one
		// has been looking for it since the bound reached 5. When the bound
		// reaches its question, it becomes the bound's plain solver (see
		// adopt); when a schedule reaches it first, it has nothing left to
		// ask until the bound moves. On the 31 hardest configurations,
		// eight runs each, 18.25 were proven per run without it and 19.9
		// with it; tic-13crafc.fixed040-Forb went from none of eight to
		// eight (README).
		const plain, finding, ahead = 0, 1, 2 // the pooled solvers
		// setUpOf is each pooled solver's set-up, plain or finding: it says
		// how the solver is built (only the plain set-up guesses) and which
		// set-up its refutations favour.
		setUpOf := [3]int{plain, finding, plain}
		setups := [2]encodeParams{prm, fp}
		var pool [3]struct {
			run sync.Mutex // held by the thread searching with b
			b   *bounded   // guarded by run
		}
		// The set-up whose pooled solver refuted the last bound (-1: one of
		// the prover's own set-ups did) is the favourite: until another
		// set-up refutes a bound, the finder runs only its bound's solver,
		// and the prover's spare budget tries that one first. Which set-up
		// an event needs shows in which one proves its bounds: on forum-13crafc and ticf-13crafc
		// the finding set-up refutes "no break at all" before the proof
		// set-ups do, and it is also the only one that finds their
		// optimum, "at most 1 break", within seconds.
		favourite := -1 // guarded by mu
		refutedBy := func(i int) {
			mu.Lock()
			defer mu.Unlock()
			favourite = i
		}
		favoured := func() int {
			mu.Lock()
			defer mu.Unlock()
			return favourite
		}
		// other is the bound's solver in the other set-up than i's.
		other := func(i int) int {
			if setUpOf[i] == finding {
				return plain
			}
			return finding
		}
		// adopt hands over the solver ahead when the bound has reached its
		// question q (nil if not, or if the other thread is running it).
		adopt := func(q int) *bounded {
			if !pool[ahead].run.TryLock() {
				return nil
			}
			defer pool[ahead].run.Unlock()
			b := pool[ahead].b
			if b == nil || b.lb0 != q {
				return nil
			}
			pool[ahead].b = nil
			return b
		}
		// turn runs pooled solver i for its question (the bound's, or the
		// next for the solver ahead), built first if the bound moved,
		// unless the other thread is running it or the solver ahead has
		// nothing to ask (then false). until and budget are askPinned's.
		turn := func(i int, budget int64, until time.Time) (int8, bool) {
			if !pool[i].run.TryLock() {
				return lUndef, false
			}
			defer pool[i].run.Unlock()
			l, c := state()
			q := l
			if i == ahead {
				if l+1 >= c {
					return lUndef, false
				}
				q = l + 1
			}
			if b := pool[i].b; b == nil || b.lb0 != q {
				var nb *bounded
				if i == plain {
					nb = adopt(q)
				}
				if nb == nil {
					nb = newPinned(in, setups[setUpOf[i]], own, base, q)
					if setUpOf[i] == plain {
						// The plain set-up guesses (see guessOwn).
						nb.guessOwn(own)
					}
				}
				pool[i].b = nb
			}
			r := askPinned(pool[i].b, budget, until)
			if r == lFalse {
				refutedBy(setUpOf[i])
			}
			tracef(start, "%s set-up at %d: %s after %d conflicts (%d guesses left)", [3]string{"plain", "finding", "plain (ahead)"}[i], pool[i].b.lb0, answerName(r), pool[i].b.s.conflicts, len(pool[i].b.guess))
			return r, true
		}

		// guessing reports whether the plain set-up's question is still
		// narrowed by guesses (see guessOwn).
		guessing := func() bool {
			if !pool[plain].run.TryLock() {
				return false
			}
			defer pool[plain].run.Unlock()
			return pool[plain].b != nil && len(pool[plain].b.guess) > 0
		}

		proverDone := make(chan struct{})
		go func() {
			defer close(proverDone)
			if settled() {
				return
			}
			// Two proof set-ups take turns, with doubling conflict budgets:
			// a solver that climbs from bound to bound by assumptions and
			// keeps what it learns, and one per bound that also counts the
			// tables of each slot and has the bound as units (newPinned).
			// Each is several times faster than the other on some of the
			// hardest published events and no faster on the rest.
			pp := prm
			pp.proof = true
			var climb *bounded
			if canClimb {
				climb = newBounded(in, pp, own, base, lb0, cost0)
			}
			pt := pp
			pt.countTables = true
			var pin *bounded
			// The set-up that proved the last bound gets twice the budget of
			// the other: the next bound usually yields to the same argument.
			favour := [2]int64{1, 1}
			for budget := int64(5000); !settled(); {
				// Too big to climb: the one-bound solver alone.
				if climb != nil {
					r := ask(climb, budget*favour[0])
					tracef(start, "climbing proof set-up: %s after %d conflicts", answerName(r), climb.s.conflicts)
					if r != lUndef || settled() {
						if r == lFalse {
							favour = [2]int64{2, 1}
							refutedBy(-1)
						}
						continue
					}
				}
				pin = pinnedAt(pin, pt)
				r := askPinned(pin, budget*favour[1], time.Time{})
				tracef(start, "pinned proof set-up at %d: %s after %d conflicts", pin.lb0, answerName(r), pin.s.conflicts)
				switch r {
				case lFalse:
					favour = [2]int64{1, 2}
					refutedBy(-1)
				case lUndef:
					// Neither proof set-up refuted the bound within its
					// budget: it may well be the optimum, so this thread
					// looks for the schedule too, in whichever of the
					// finder's solvers the finder is not running (when both
					// are free, the favourite if there is one, else the
					// plain set-up while its question is narrowed by
					// guesses, else the finding set-up: a second search in
					// that set-up proved forum-13crafc at d = 2 and 3 when it
					// was a copy of the finder's; the guessed plain set-up
					// is the one that finds ticf-13crafb's optimum, and
					// the 31 hardest configurations, two runs each, gave
					// 21 and 20 proven with this order against 21 and 19
					// with the finding set-up first and 19 and 18 without
					// guesses).
					if !settled() {
						first := finding
						if fav := favoured(); fav >= 0 {
							first = fav
						} else if guessing() {
							first = plain
						}
						if _, ok := turn(first, budget, time.Time{}); !ok {
							turn(other(first), budget, time.Time{})
						}
					}
					budget *= 2
				}
			}
		}()

		// The finder's turns are measured in time: a conflict costs several
		// times more in the finding set-up.
		var slice [3]time.Duration
		sliceAt := [3]int{-1, -1, -1} // the bound each slice was set for
		var finder *bounded           // built when first needed
		parts := newPartSearch(len(in.Slots), 1)
		budget := int64(12000)
		annealing := true
		for round := 0; !settled(); round++ {
			// Walk the incumbent down by annealing (briefly in the first
			// round, which settles most events, then up to a quarter of the
			// time left, again only while it keeps finding better): a
			// schedule at the proven bound ends the search, and one close to
			// it is what the organiser gets when time runs out. The bounded
			// solver is not steered towards it: far-off incumbents mislead it.
			if annealing {
				annealing = false
				end := time.Now().Add(2500 * time.Millisecond)
				if !deadline.IsZero() {
					end = time.Now().Add(time.Until(deadline) / 4)
				}
				iters := 1_500_000
				if round == 0 {
					iters = 300_000
				}
				annealStop := func() bool { return settled() || time.Now().After(end) }
				mu.Lock()
				from, target := best, lb
				mu.Unlock()
				// The walks after the first (which starts from the solver's
				// schedule, barely walked) start as cool as one walk cooled
				// over the whole limit would be by now. Restarted at a fresh
				// walk's temperature, each began by climbing far above the
				// good schedule it started from, and the generated roomy
				// events (BenchmarkRoomyEvent) ended at 70 breaks against
				// 57-59.
				hot := 0.0
				if !deadline.IsZero() && round > 0 {
					hot = coolingAt(time.Since(start), opt.TimeLimit)
				}
				t0 := time.Now()
				if p, c := anneal(in, dom, from, opt.Fairness, annealOpts{seed: uint64(round), target: target, iters: iters, patience: 400_000, hot: hot}, annealStop); c >= 0 {
					tracef(start, "annealing: %d breaks after %.2f s", c, time.Since(t0).Seconds())
					_, before := state()
					offer(p, c)
					annealing = c < before
				}
				if settled() {
					break
				}
			}
			// The finder alternates between the bound (often the optimum)
			// and below the incumbent (walking down from above). The
			// bound's question goes to the pooled solvers above, each with
			// the bound as units (see newPinned) and kept while the bound
			// stays.
			if round%4 == 3 && canClimb {
				if finder == nil {
					finder = newBounded(in, prm, own, base, lb0, cost0)
				}
				if !parts.whole() {
					// Parts first (see partSearch): a second of questions
					// of a few thousand conflicts each.
					end := time.Now().Add(time.Second)
					for !parts.whole() && !settled() && time.Now().Before(end) {
						parts.record(askPart(finder, parts.next(), 3000, end) == lTrue)
					}
				} else if askPart(finder, parts.next(), budget, time.Time{}) == lUndef {
					budget *= 2
				}
				continue
			}
			// A solver the prover is running is skipped this round: its
			// search goes on all the same. With a favourite, the finder
			// runs only that one; while the prover holds it, the rounds
			// that ask below the incumbent come sooner (running the other
			// solver meanwhile measured no better), and where there are
			// none (too big to climb), the other solver runs rather than
			// the thread spinning until the favourite is free.
			fav := favoured()
			order := []int{plain, ahead, finding}
			switch {
			case fav >= 0 && canClimb:
				order = []int{fav}
			case fav >= 0:
				order = []int{fav, other(fav)}
			}
			for _, i := range order {
				if settled() {
					break
				}
				if q, _ := state(); sliceAt[i] != q {
					slice[i], sliceAt[i] = time.Second, q
				}
				r, ok := turn(i, math.MaxInt32, time.Now().Add(slice[i]))
				if ok && r == lUndef {
					slice[i] *= 2
				}
				if ok && fav >= 0 {
					break
				}
			}
		}
		<-proverDone
		if lb < cost {
			proven = false
		}
	}
	if best == nil {
		return fallback(nil, false)
	}
	if cost < 0 {
		// The breaks phase found nothing in time; the schedule from the
		// meeting-count phase still stands.
		proven = false
	}
	if proven {
		res.Status = Optimal
	} else {
		res.Status = Feasible
	}
	out, err := finish(best)
	if err != nil {
		return out, err
	}
	out.LowerBound = lb
	if proven {
		out.LowerBound = out.Breaks
	}
	if cost >= 0 && cost != out.Breaks {
		return out, fmt.Errorf("b2b: internal error: encoded breaks %d differ from counted %d", cost, out.Breaks)
	}
	return out, nil
}

// traceSolve, when set, receives the search's milestones: each schedule
// and bound the two threads share, and what each solver answered. It is a
// measuring tool for whoever works on the search (published_test.go sets it
// with CLUSTERBRIDGE_B2B_TRACE=1): where the time of a hard event goes shows
// only in such a timeline. Nil otherwise, and set only between solves.
var traceSolve func(format string, args ...any)

// tracef hands one milestone to traceSolve, with the seconds since start.
func tracef(start time.Time, format string, args ...any) {
	if traceSolve != nil {
		traceSolve("%6.2f s  "+format, append([]any{time.Since(start).Seconds()}, args...)...)
	}
}

// race solves two encodings of the same rules at once and returns the one
// that answered first, with its answer; the other is stopped.
func race(a, b *encoding, stop func() bool) (*encoding, int8) {
	var once sync.Once
	var winner *encoding
	var answer int8
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, e := range []*encoding{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.s.stop = func() bool {
				select {
				case <-done:
					return true
				default:
					return stop()
				}
			}
			if r := e.s.solve(nil); r != lUndef {
				once.Do(func() {
					winner, answer = e, r
					close(done)
				})
			}
		}()
	}
	wg.Wait()
	if winner == nil {
		return a, lUndef
	}
	a.s.stop, b.s.stop = stop, stop
	return winner, answer
}

func pick(a, b []int) []int {
	if a != nil {
		return a
	}
	return b
}

func countTrue(ls []lit, model []bool) int {
	n := 0
	for _, l := range ls {
		if model[l.v()] != l.sign() {
			n++
		}
	}
	return n
}

// flowQuestionBudget bounds, in conflicts, the search for a schedule that
// holds as many meetings of a priority level as the flows allow.
const flowQuestionBudget = 20_000

// meetingsAt lists the meetings of a priority level, or all with nil.
func meetingsAt(in *Instance, level *int) []int {
	var out []int
	for m, mt := range in.Meetings {
		if level == nil || mt.Priority == *level {
			out = append(out, m)
		}
	}
	return out
}

func priorityLevels(in *Instance) []int {
	seen := map[int]bool{}
	var out []int
	for _, m := range in.Meetings {
		if !seen[m.Priority] {
			seen[m.Priority] = true
			out = append(out, m.Priority)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out
}

// madeFair returns a copy of the constructive schedule made fair by
// leaving out the fewest meetings, or nil when that cannot be (or when
// every meeting is required and some are left out).
func madeFair(in *Instance, dom [][]int, made []int, opt Options, stop func() bool) []int {
	slots := append([]int(nil), made...)
	if !opt.RequireAll && !fair(in, slots, opt.Fairness) {
		// Take out the fewest meetings that restore fairness, then let
		// the local moves put back whatever fits without breaking it.
		dropUntilFair(in, slots, opt.Fairness)
		improve(in, dom, slots, opt.Fairness, stop)
		dropUntilFair(in, slots, opt.Fairness)
	}
	if !fair(in, slots, opt.Fairness) || opt.RequireAll && slices.Contains(slots, -1) {
		return nil
	}
	return slots
}

// holdsMore reports whether schedule a holds more meetings than b, level
// by level from the highest priority.
func holdsMore(in *Instance, a, b []int) bool {
	for _, l := range priorityLevels(in) {
		if ua, ub := unscheduledAt(in, a, l), unscheduledAt(in, b, l); ua != ub {
			return ua < ub
		}
	}
	return false
}

// betterHeld reports whether a holds more meetings than b, or as many
// with fewer breaks.
func betterHeld(in *Instance, a, b []int) bool {
	return holdsMore(in, a, b) || !holdsMore(in, b, a) && boundSum(breaksOf(in, a)) < boundSum(breaksOf(in, b))
}

func unscheduledAt(in *Instance, slots []int, level int) int {
	n := 0
	for m, mt := range in.Meetings {
		if mt.Priority == level && slots[m] < 0 {
			n++
		}
	}
	return n
}

// breaksOf counts each participant's breaks: maximal idle runs between two
// of its meetings on the same day.
func breaksOf(in *Instance, slots []int) []int {
	busy := make([][]bool, len(in.Participants))
	for p := range busy {
		busy[p] = make([]bool, len(in.Slots))
	}
	for m, s := range slots {
		if s >= 0 {
			busy[in.Meetings[m].A][s] = true
			busy[in.Meetings[m].B][s] = true
		}
	}
	out := make([]int, len(in.Participants))
	for p := range busy {
		for _, day := range in.days() {
			seen, idle := false, false
			for _, s := range day {
				if busy[p][s] {
					if seen && idle {
						out[p]++
					}
					seen, idle = true, false
				} else if seen {
					idle = true
				}
			}
		}
	}
	return out
}

// dropUntilFair unschedules, while the fairness rule is broken, the meeting
// whose removal most reduces the breaks of the participant with the most.
func dropUntilFair(in *Instance, slots []int, d int) {
	for !fair(in, slots, d) {
		bo := breaksOf(in, slots)
		worst := 0
		for p, b := range bo {
			if b > bo[worst] {
				worst = p
			}
		}
		// Prefer a removal that cuts a break; otherwise trim the shortest run
		// of meetings, which a later round then removes entirely.
		runLen := func(s int) int {
			n := 1
			for t := s - 1; t >= 0 && in.Slots[t].Day == in.Slots[s].Day && busyAt(in, slots, worst, t); t-- {
				n++
			}
			for t := s + 1; t < len(in.Slots) && in.Slots[t].Day == in.Slots[s].Day && busyAt(in, slots, worst, t); t++ {
				n++
			}
			return n
		}
		bestM, bestB, bestRun := -1, 0, 0
		for m, mt := range in.Meetings {
			if slots[m] < 0 || mt.FixedSlot > 0 || mt.A != worst && mt.B != worst {
				continue
			}
			s := slots[m]
			run := runLen(s)
			slots[m] = -1
			b := breaksOf(in, slots)[worst]
			slots[m] = s
			if bestM < 0 || b < bestB || b == bestB && run < bestRun {
				bestM, bestB, bestRun = m, b, run
			}
		}
		if bestM < 0 {
			return
		}
		slots[bestM] = -1
	}
}

func busyAt(in *Instance, slots []int, p, s int) bool {
	for m, mt := range in.Meetings {
		if slots[m] == s && (mt.A == p || mt.B == p) {
			return true
		}
	}
	return false
}

// polish runs the local moves on a copy of a schedule and returns it with
// its breaks, or the original when the moves broke fairness.
func polish(in *Instance, dom [][]int, slots []int, d int, stop func() bool) ([]int, int) {
	total := func(sl []int) int {
		n := 0
		for _, b := range breaksOf(in, sl) {
			n += b
		}
		return n
	}
	cand := append([]int(nil), slots...)
	improve(in, dom, cand, d, stop)
	// Keep the set of held meetings: it was optimised first, and the
	// breaks are compared for that set only.
	for m := range cand {
		if (cand[m] < 0) != (slots[m] < 0) {
			return slots, total(slots)
		}
	}
	if !fair(in, cand, d) {
		return slots, total(slots)
	}
	return cand, total(cand)
}

// answerName reads a solver's answer for traces.
func answerName(r int8) string {
	switch r {
	case lTrue:
		return "schedule"
	case lFalse:
		return "refuted"
	}
	return "no answer"
}
