package consortium

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The benchmarks in this file solve the benchmark instances a second time with
// the COIN-OR CBC mixed-integer solver (Debian package coinor-cbc), as a
// side-by-side check that the engine is both faster and equally optimal. They
// skip when cbc is not installed. CBC gets the same prepared candidates the
// engine searches and the lexicographic ranking is solved in two phases:
// fewest members, then the best score with that many members.

func cbcPath(tb testing.TB) string {
	tb.Helper()
	p, err := exec.LookPath("cbc")
	if err != nil {
		tb.Skip("cbc not installed (apt-get install coinor-cbc)")
	}
	return p
}

// lpWriter builds a CPLEX LP file, breaking long sums over lines.
type lpWriter struct{ strings.Builder }

func (w *lpWriter) sum(terms []string) {
	for i, t := range terms {
		neg := strings.HasPrefix(t, "-")
		t = strings.TrimPrefix(t, "-")
		switch {
		case neg:
			w.WriteString(" - ")
		case i > 0:
			w.WriteString(" + ")
		}
		if i > 0 && i%8 == 0 {
			w.WriteString("\n  ")
		}
		w.WriteString(t)
	}
}

// solveLP runs cbc on the model and returns the optimal objective value.
func solveLP(tb testing.TB, cbc, model string) float64 {
	tb.Helper()
	dir := tb.TempDir()
	lp, sol := filepath.Join(dir, "m.lp"), filepath.Join(dir, "m.sol")
	if err := os.WriteFile(lp, []byte(model), 0o644); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(cbc, lp, "threads", "1", "ratioGap", "0", "allowableGap", "0", "solve", "solu", sol).CombinedOutput()
	if err != nil {
		tb.Fatalf("cbc: %v\n%s", err, out)
	}
	b, err := os.ReadFile(sol)
	if err != nil {
		tb.Fatalf("cbc solution: %v\n%s", err, out)
	}
	first, _, _ := strings.Cut(string(b), "\n")
	if !strings.HasPrefix(first, "Optimal") {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(first[strings.LastIndex(first, " "):]), 64)
	if err != nil {
		tb.Fatalf("cbc objective %q: %v", first, err)
	}
	return v
}

func volumeModel(pr *volPrep, ds []Delivery, maxM int, members int) string {
	var w lpWriter
	var ys, obj []string
	for i, c := range pr.cands {
		ys = append(ys, fmt.Sprintf("y%d", i))
		for j := range ds {
			obj = append(obj, fmt.Sprintf("%d x%d_%d", c.eff, i, j))
		}
	}
	w.WriteString("Minimize\n obj: ")
	if members == 0 {
		w.sum(ys)
	} else {
		w.sum(obj)
	}
	w.WriteString("\nSubject To\n size: ")
	w.sum(ys)
	if members == 0 {
		fmt.Fprintf(&w, " <= %d\n", maxM)
	} else {
		fmt.Fprintf(&w, " = %d\n", members)
	}
	for j, d := range ds {
		var xs []string
		for i := range pr.cands {
			xs = append(xs, fmt.Sprintf("x%d_%d", i, j))
		}
		fmt.Fprintf(&w, " d%d: ", j)
		w.sum(xs)
		fmt.Fprintf(&w, " = %d\n", d.Quantity)
	}
	for i, c := range pr.cands {
		var xs []string
		for j := range ds {
			xs = append(xs, fmt.Sprintf("x%d_%d", i, j))
			fmt.Fprintf(&w, " c%d_%d: %s - %d y%d <= 0\n", i, j, strings.Join(xs, " + "), c.cum[j], i)
		}
		fmt.Fprintf(&w, " hi%d: %s - %d y%d <= 0\n", i, strings.Join(xs, " + "), c.hi, i)
		fmt.Fprintf(&w, " lo%d: %s - %d y%d >= 0\n", i, strings.Join(xs, " + "), c.lo, i)
	}
	for b := range pr.countryBits {
		var in []string
		for i, c := range pr.cands {
			if c.cbit == 1<<b {
				in = append(in, fmt.Sprintf("y%d", i))
			}
		}
		if len(in) > 0 {
			fmt.Fprintf(&w, " ctry%d: ", b)
			w.sum(in)
			w.WriteString(" >= 1\n")
		}
	}
	w.WriteString("Generals\n")
	for i := range pr.cands {
		for j := range ds {
			fmt.Fprintf(&w, " x%d_%d\n", i, j)
		}
	}
	w.WriteString("Binaries\n")
	for _, y := range ys {
		fmt.Fprintf(&w, " %s\n", y)
	}
	w.WriteString("End\n")
	return w.String()
}

func tenderModel(tp *tenderPrep, spec TenderSpec, wts Weights, maxM, members int) string {
	var w lpWriter
	var ys, obj []string
	countries := map[string][]string{}
	for i, c := range tp.cands {
		y := fmt.Sprintf("y%d", i)
		ys = append(ys, y)
		obj = append(obj, fmt.Sprintf("%d %s", c.fit, y))
		countries[c.country] = append(countries[c.country], y)
	}
	bonus := int64(math.Round(1e6 * wts.CrossBorder))
	var zs []string
	for c := range countries {
		z := "z" + c
		zs = append(zs, z)
		obj = append(obj, fmt.Sprintf("%d %s", bonus, z))
	}
	if members == 0 {
		w.WriteString("Minimize\n obj: ")
		w.sum(ys)
	} else {
		w.WriteString("Maximize\n obj: ")
		w.sum(obj)
	}
	w.WriteString("\nSubject To\n size: ")
	w.sum(ys)
	if members == 0 {
		fmt.Fprintf(&w, " <= %d\n", maxM)
	} else {
		fmt.Fprintf(&w, " = %d\n", members)
	}
	for q := range spec.Requirements {
		var cov []string
		for i, c := range tp.cands {
			if c.mask&(1<<q) != 0 {
				cov = append(cov, fmt.Sprintf("y%d", i))
			}
		}
		fmt.Fprintf(&w, " req%d: ", q)
		w.sum(cov)
		w.WriteString(" >= 1\n")
	}
	var turn, lead []string
	for i, c := range tp.cands {
		turn = append(turn, fmt.Sprintf("%.0f y%d", c.turnover, i))
		if c.lead {
			lead = append(lead, fmt.Sprintf("y%d", i))
		}
	}
	w.WriteString(" turnover: ")
	w.sum(turn)
	fmt.Fprintf(&w, " >= %.0f\n lead: ", spec.MinTurnover)
	w.sum(lead)
	w.WriteString(" >= 1\n")
	for b := range tp.countryBits {
		var in []string
		for i, c := range tp.cands {
			if c.cbit == 1<<b {
				in = append(in, fmt.Sprintf("y%d", i))
			}
		}
		fmt.Fprintf(&w, " ctry%d: ", b)
		w.sum(in)
		w.WriteString(" >= 1\n")
	}
	// A country counts towards the cross-border bonus only if a member is from it.
	for c, in := range countries {
		fmt.Fprintf(&w, " has%s: ", c)
		w.sum(in)
		fmt.Fprintf(&w, " - z%s >= 0\n", c)
	}
	// The bonus is for countries beyond the first, so one z is free of charge.
	w.WriteString(" first: ")
	w.sum(zs)
	w.WriteString(" >= 1\nBinaries\n")
	for _, y := range append(ys, zs...) {
		fmt.Fprintf(&w, " %s\n", y)
	}
	w.WriteString("End\n")
	return w.String()
}

func cbcSizes() []int {
	if os.Getenv("CLUSTERBRIDGE_LONG") == "1" {
		return []int{100, 1000, 10000}
	}
	return []int{100, 1000}
}

func BenchmarkCBCVolume(b *testing.B) {
	cbc := cbcPath(b)
	for _, n := range cbcSizes() {
		o, ps := benchVolume(n, 42, 10_000)
		ds, maxM, err := o.normalise()
		if err != nil {
			b.Fatal(err)
		}
		pr, err := prepareVolume(o, ds, ps, DefaultWeights())
		if err != nil {
			b.Fatal(err)
		}
		res, err := Volume(context.Background(), o, ps, Options{K: 1})
		if err != nil || len(res.Consortia) == 0 {
			b.Fatalf("engine: %v, %d consortia", err, len(res.Consortia))
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var size, score float64
			for b.Loop() {
				size = solveLP(b, cbc, volumeModel(pr, ds, maxM, 0))
				score = solveLP(b, cbc, volumeModel(pr, ds, maxM, int(size)))
			}
			if int(size) != len(res.Consortia[0].Members) || math.Abs(score-float64(res.Consortia[0].Score)) > 1e-6*score {
				b.Errorf("cbc: %v members, score %.0f; engine: %d members, score %d", size, score, len(res.Consortia[0].Members), res.Consortia[0].Score)
			}
		})
	}
}

func BenchmarkCBCTender(b *testing.B) {
	cbc := cbcPath(b)
	for _, n := range cbcSizes() {
		spec, fs := benchTender(n, 42)
		w := DefaultWeights()
		maxM, err := spec.validate()
		if err != nil {
			b.Fatal(err)
		}
		// No dominance filtering for CBC: it gets every firm.
		tp, err := prepareTender(spec, fs, w, math.MaxInt)
		if err != nil {
			b.Fatal(err)
		}
		res, err := Tender(context.Background(), spec, fs, Options{K: 1})
		if err != nil || len(res.Consortia) == 0 {
			b.Fatalf("engine: %v, %d consortia", err, len(res.Consortia))
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var size, fit float64
			for b.Loop() {
				size = solveLP(b, cbc, tenderModel(tp, spec, w, maxM, 0))
				fit = solveLP(b, cbc, tenderModel(tp, spec, w, maxM, int(size)))
			}
			// CBC's objective counts the bonus for every country; the engine
			// counts countries beyond the first.
			fit -= float64(int64(math.Round(1e6 * w.CrossBorder)))
			if int(size) != len(res.Consortia[0].Members) || math.Abs(fit-float64(res.Consortia[0].Fit)) > 0.5 {
				b.Errorf("cbc: %v members, fit %.0f; engine: %d members, fit %d", size, fit, len(res.Consortia[0].Members), res.Consortia[0].Fit)
			}
		})
	}
}
