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
	// The breaks: two searches, one per core (see breakSearch).
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
		bs := newBreakSearch(in, dom, opt, start, deadline, stop, prm, own, best, cost)
		bs.run()
		best, cost, lb = bs.best, bs.cost, bs.lb
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
