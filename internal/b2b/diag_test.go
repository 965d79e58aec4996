package b2b

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// These two tests are measuring tools for whoever works on the proofs; they
// skip unless their variable is set. Both take FILE.dzn:FAIRNESS:BOUND and
// put the question "at most BOUND breaks" as the prover does (newPinned).
//
// CLUSTERBRIDGE_B2B_PROVE times the question in the prover's set-up;
// COUNT_TABLES=1 counts tables too, PLAIN=1 uses the plain encoding,
// FIND=1 the finder's (encodeParams.finding; it branches on busy slots
// unless NOBUSY=1),
// STABLE=1 the schedule-finding mode, NOPROBE=1 turns probing off,
// ALLDEC=1 lets the solver branch on every variable, not only on where the
// meetings go (see branchOnAuxiliaries for the other kinds), GUESS=1 narrows
// the question by the participants' own minima as the plain set-up does
// (bounded.guessOwn),
// ALLCOUNT=1 states every cardinality constraint through a counter, as the
// DIMACS output does (to compare with an outside solver on the same clauses),
// NOMATCH=1 leaves out the proof set-up's check of the seats against the
// busy participants' matchings (matchCheck), NOHALL=1 the check of each
// participant's meetings against its slots (hallCheck), MORETABLES=S,T,...
// opens one more table in each of those 0-based slots (to see which slots'
// seats a proof rests on), CLIMB=1 asks the prover's climbing set-up
// instead (see diagClimb; NOMATCH, NOHALL, MORETABLES, SHAPES, ALLDEC,
// SEED and LIMIT apply),
// SHAPES=1 adds the participants' own shapes as Solve does (ownDay.shapes); SEED=N
// perturbs the activities (runs of satisfiable questions vary a lot, so
// compare over several), LIMIT=DURATION replaces the 60 s limit. A schedule
// found is summarised: meetings per slot and breaks per participant.
//
// CLUSTERBRIDGE_B2B_DIMACS=...:OUT.cnf writes the question in DIMACS, every
// cardinality constraint as a counter, for an outside solver to compare
// with (this is how the value of counters and of probing was found).

func diagQuestion(t *testing.T, spec string, countTables bool) (*bounded, []string) {
	t.Helper()
	q := diagSetUp(t, spec, countTables)
	return newPinned(q.in, q.prm, q.own, q.base, q.k), q.rest
}

// diagSpec is a measuring question read from FILE.dzn:FAIRNESS:BOUND and
// the variables above, before a solver is built for it.
type diagSpec struct {
	in   *Instance
	prm  encodeParams
	own  []int
	base int
	k    int
	rest []string
}

func diagSetUp(t *testing.T, spec string, countTables bool) diagSpec {
	t.Helper()
	f := strings.Split(spec, ":")
	if len(f) < 3 {
		t.Fatalf("want FILE.dzn:FAIRNESS:BOUND, got %q", spec)
	}
	in := loadDZN(t, f[0])
	d, err1 := strconv.Atoi(f[1])
	k, err2 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil {
		t.Fatalf("fairness and bound must be numbers: %q", spec)
	}
	if v := os.Getenv("MORETABLES"); v != "" {
		for _, f := range strings.Split(v, ",") {
			sl, _ := strconv.Atoi(f)
			in.Slots[sl].Tables = in.tablesIn(sl) + 1
		}
	}
	own, _ := participantBound(in, func() bool { return false })
	base := boundSum(own)
	prm := encodeParams{fairness: d, requireAll: true, proof: os.Getenv("PLAIN") == "", countTables: countTables}
	if os.Getenv("FIND") != "" {
		prm.proof = false
		prm = prm.findingSetUp()
		// The finding set-up branches on busy slots
		// (encodeParams.branchBusy); NOBUSY=1 measures it without.
		prm.branchBusy = os.Getenv("NOBUSY") == ""
	}
	prm.noMatchCheck = os.Getenv("NOMATCH") != ""
	prm.noHallCheck = os.Getenv("NOHALL") != ""
	if os.Getenv("SHAPES") != "" {
		t0 := time.Now()
		_, prm.shapes, _ = ownDays(in, true, fairnessCap(in, d), nil)
		n := 0
		for _, r := range prm.shapes {
			n += len(r)
		}
		t.Logf("%d shape rules in %v", n, time.Since(t0))
	}
	return diagSpec{in: in, prm: prm, own: own, base: base, k: k, rest: f[3:]}
}

func TestDiagProve(t *testing.T) {
	spec := os.Getenv("CLUSTERBRIDGE_B2B_PROVE")
	if spec == "" {
		t.Skip("set CLUSTERBRIDGE_B2B_PROVE=FILE.dzn:FAIRNESS:BOUND")
	}
	start := time.Now()
	if os.Getenv("CLIMB") != "" {
		diagClimb(t, spec, start)
		return
	}
	b, _ := diagQuestion(t, spec, os.Getenv("COUNT_TABLES") == "1")
	if os.Getenv("STABLE") != "" {
		b.s.focused = false
	}
	if os.Getenv("ALLCOUNT") != "" {
		countAll(b.s)
	}
	if os.Getenv("NOPROBE") != "" {
		b.s.probing = false
	}
	if kind := os.Getenv("ALLDEC"); kind != "" {
		branchOnAuxiliaries(t, b, kind)
	}
	diagRun(b.s, start)
	if os.Getenv("GUESS") != "" {
		own, _ := participantBound(b.in, func() bool { return false })
		b.guessOwn(own)
	}
	r := b.solve()
	if r == lTrue {
		sl := b.slotsOf(b.s.model)
		use := make([]int, len(b.in.Slots))
		for _, x := range sl {
			use[x]++
		}
		t.Logf("per slot %v tables %d", use, b.in.tablesIn(0))
		t.Logf("breaks %v", breaksOf(b.in, sl))
	}
	t.Logf("answer %d (1 sat, -1 unsat, 0 unknown) after %d conflicts, %d probes, %d propagations, %v", r, b.s.conflicts, b.s.probes, b.s.props, time.Since(start))
}

// diagRun applies SEED (an ordering of ties) and LIMIT (default 60 s from
// start) to s.
func diagRun(s *solver, start time.Time) {
	if v := os.Getenv("SEED"); v != "" {
		seed, _ := strconv.Atoi(v)
		s.perturb(uint64(seed))
	}
	lim := 60 * time.Second
	if v := os.Getenv("LIMIT"); v != "" {
		lim, _ = time.ParseDuration(v)
	}
	deadline := start.Add(lim)
	s.stop = func() bool { return time.Now().After(deadline) }
}

// diagClimb asks the prover's climbing set-up "at most b breaks" for each b
// from the participants' own bound up to BOUND, as the prover does
// (CLIMB=1; its first incumbent taken as CLIMB_FROM, default 15 breaks).
func diagClimb(t *testing.T, spec string, start time.Time) {
	q := diagSetUp(t, spec, false)
	from := 15
	if v := os.Getenv("CLIMB_FROM"); v != "" {
		from, _ = strconv.Atoi(v)
	}
	b := newBounded(q.in, q.prm, q.own, q.base, q.base, from)
	if os.Getenv("ALLDEC") != "" {
		b.s.branchOnAll()
	}
	diagRun(b.s, start)
	for lb := q.base; lb <= q.k; lb++ {
		r := b.s.solve(b.limit(lb))
		t.Logf("at most %d: answer %d after %d conflicts in all, %v", lb, r, b.s.conflicts, time.Since(start))
		if r != lFalse {
			return
		}
	}
}

// branchOnAuxiliaries makes variables the encoding defines (see
// encoding.auxOnly) decisions of b's solver: kind "1" all of them, "busy"
// the busy slots, "breaks" the break literals, "busy+breaks" both, "rest"
// all but those two (the counters' outputs and the guesses' padding),
// "all-but-busy" all but the busy slots.
func branchOnAuxiliaries(t *testing.T, b *bounded, kind string) {
	t.Helper()
	if kind == "1" {
		b.s.branchOnAll()
		return
	}
	busy := map[int]bool{}
	for _, row := range b.u {
		for _, l := range row {
			busy[l.v()] = true
		}
	}
	brk := map[int]bool{}
	for _, l := range b.brk {
		brk[l.v()] = true
	}
	want := map[string]func(v int) bool{
		"busy":         func(v int) bool { return busy[v] },
		"breaks":       func(v int) bool { return brk[v] },
		"busy+breaks":  func(v int) bool { return busy[v] || brk[v] },
		"rest":         func(v int) bool { return !busy[v] && !brk[v] },
		"all-but-busy": func(v int) bool { return !busy[v] },
	}[kind]
	if want == nil {
		t.Fatalf("ALLDEC=%s: want 1, busy, breaks, busy+breaks, rest or all-but-busy", kind)
	}
	for v := range b.s.numVars() {
		if want(v) {
			b.s.branchOn(v)
		}
	}
}

// countAll restates every native cardinality constraint of s through a
// counter, so that the question is clauses only.
func countAll(s *solver) {
	amks := s.amks
	s.amks = nil
	for i := range s.amkOcc {
		s.amkOcc[i] = nil
	}
	for _, a := range amks {
		s.addAtMostCounted(a.lits, a.k)
	}
}

func TestDiagDIMACS(t *testing.T) {
	spec := os.Getenv("CLUSTERBRIDGE_B2B_DIMACS")
	if spec == "" {
		t.Skip("set CLUSTERBRIDGE_B2B_DIMACS=FILE.dzn:FAIRNESS:BOUND:OUT.cnf")
	}
	b, rest := diagQuestion(t, spec, true)
	if len(rest) != 1 {
		t.Fatal("missing :OUT.cnf")
	}
	s := b.s
	countAll(s)
	var cls [][]lit
	for _, c := range s.clauses {
		cls = append(cls, s.lits(c))
	}
	for _, l := range s.trail {
		cls = append(cls, []lit{l})
	}
	out, err := os.Create(rest[0])
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	w := bufio.NewWriter(out)
	fmt.Fprintf(w, "p cnf %d %d\n", s.numVars(), len(cls))
	for _, c := range cls {
		for _, l := range c {
			v := l.v() + 1
			if l.sign() {
				v = -v
			}
			fmt.Fprintf(w, "%d ", v)
		}
		fmt.Fprintln(w, "0")
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d variables, %d clauses", s.numVars(), len(cls))
}

// CLUSTERBRIDGE_B2B_ANNEAL=FILE.dzn:FAIRNESS runs the annealing alone for
// eight seconds from the first schedule the solver finds.
func TestDiagAnneal(t *testing.T) {
	spec := os.Getenv("CLUSTERBRIDGE_B2B_ANNEAL")
	if spec == "" {
		t.Skip("set CLUSTERBRIDGE_B2B_ANNEAL=FILE.dzn:FAIRNESS")
	}
	f := strings.Split(spec, ":")
	in := loadDZN(t, f[0])
	d, _ := strconv.Atoi(f[1])
	enc := encode(in, encodeParams{fairness: d, requireAll: true})
	if enc.s.solve(nil) != lTrue {
		t.Fatal("no first schedule")
	}
	slots := enc.slotsOf(enc.s.model)
	t.Logf("first schedule: %d breaks", countTrue(enc.brk, enc.s.model))
	start := time.Now()
	end := start.Add(8 * time.Second)
	for round := 0; time.Now().Before(end); round++ {
		p, c := anneal(in, enc.dom, slots, d, annealOpts{seed: uint64(round), iters: 1_500_000, patience: 400_000}, func() bool { return time.Now().After(end) })
		if c >= 0 {
			slots = p
		}
		t.Logf("round %d: %d breaks at %v", round, c, time.Since(start))
	}
}

// TestTraceTimeline checks the measuring hook that CLUSTERBRIDGE_B2B_TRACE=1
// turns on in TestPublishedOptima: it sees the searches' milestones, and
// the last schedule it reports is the one the organiser gets.
func TestTraceTimeline(t *testing.T) {
	ev := roomyEvents[0]
	in, err := Generate(ev.seed, ev.spec)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var lines []string
	traceSolve = func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprintf(format, args...))
	}
	defer func() { traceSolve = nil }()
	opt := DefaultOptions()
	opt.TimeLimit = 2 * time.Second
	res, err := Solve(context.Background(), in, opt)
	if err != nil {
		t.Fatal(err)
	}
	last := -1
	for _, l := range lines {
		var secs float64
		var b, lb int
		if n, _ := fmt.Sscanf(l, "%f s  new schedule, breaks %d (bound %d)", &secs, &b, &lb); n == 3 {
			last = b
		}
	}
	if last < 0 {
		t.Fatalf("no schedule in the trace:\n%s", strings.Join(lines, "\n"))
	}
	if last != res.Breaks {
		t.Errorf("last traced schedule has %d breaks, the answer %d", last, res.Breaks)
	}
}
