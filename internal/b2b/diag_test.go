package b2b

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// These two tests are measuring tools for whoever works on the proofs; they
// skip unless their variable is set. Both take FILE.dzn:FAIRNESS:BOUND and
// put the question "at most BOUND breaks" as the prover does (newPinned).
//
// CLUSTERBRIDGE_B2B_PROVE times the question in the prover's two set-ups
// (COUNT_TABLES=1 for the one that counts tables too).
//
// CLUSTERBRIDGE_B2B_DIMACS=...:OUT.cnf writes the question in DIMACS, every
// cardinality constraint as a counter, for an outside solver to compare
// with (this is how the value of counters and of probing was found).

func diagQuestion(t *testing.T, spec string, countTables bool) (*bounded, []string) {
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
	own, _ := participantBound(in, func() bool { return false })
	base := 0
	for _, b := range own {
		base += max(b, 0)
	}
	prm := encodeParams{fairness: d, requireAll: true, proof: true, countTables: countTables}
	return newPinned(in, prm, own, base, k), f[3:]
}

func TestDiagProve(t *testing.T) {
	spec := os.Getenv("CLUSTERBRIDGE_B2B_PROVE")
	if spec == "" {
		t.Skip("set CLUSTERBRIDGE_B2B_PROVE=FILE.dzn:FAIRNESS:BOUND")
	}
	start := time.Now()
	b, _ := diagQuestion(t, spec, os.Getenv("COUNT_TABLES") == "1")
	deadline := start.Add(60 * time.Second)
	b.s.stop = func() bool { return time.Now().After(deadline) }
	r := b.s.solve(nil)
	t.Logf("answer %d (1 sat, -1 unsat, 0 unknown) after %d conflicts, %d probes, %v", r, b.s.conflicts, b.s.probes, time.Since(start))
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
	amks := s.amks
	s.amks = nil
	for i := range s.amkOcc {
		s.amkOcc[i] = nil
	}
	for _, a := range amks {
		s.addAtMostCounted(a.lits, a.k)
	}
	var cls [][]lit
	for _, c := range s.clauses {
		cls = append(cls, c.lits)
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
