package consortium

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

// combinations calls fn with every subset of {0..n-1} of size 1..m.
func combinations(n, m int, fn func([]int)) {
	var cur []int
	var rec func(start int)
	rec = func(start int) {
		if len(cur) > 0 {
			fn(cur)
		}
		if len(cur) == m {
			return
		}
		for i := start; i < n; i++ {
			cur = append(cur, i)
			rec(i + 1)
			cur = cur[:len(cur)-1]
		}
	}
	rec(0)
}

// At these sizes pruning and dominance do most of the work, so this is where
// a bound that is too eager would show. Single deliveries are priced by the
// textbook rule (everyone their minimum, then cheapest first), which the small
// exhaustive test confirms against full allocation enumeration.
func TestVolumeMediumMatchesEnumeration(t *testing.T) {
	runs := 60
	if os.Getenv("CLUSTERBRIDGE_LONG") == "1" {
		runs = 1500
	}
	r := rand.New(rand.NewPCG(21, 8))
	feasible := 0
	for run := 0; run < runs; run++ {
		o, ps := benchVolume(20+r.IntN(20), uint64(run), 0)
		o.Deliveries = nil
		o.Quantity = int64(2000 + r.IntN(30000))
		o.DueDate = jan1 + Date(60+r.IntN(60))
		o.MaxMembers = 1 + r.IntN(4)
		o.EachCountry = o.EachCountry[:r.IntN(3)]
		o.MaxMembers = max(o.MaxMembers, len(o.EachCountry))
		if r.IntN(2) == 0 {
			o.MaxShare = 0
		}
		k := 1 + r.IntN(8)
		w := DefaultWeights()
		cs := bruteProducers(o, []Delivery{{o.DueDate, o.Quantity}}, o.Quantity, ps, w)
		var want []bruteSol
		combinations(len(cs), o.MaxMembers, func(set []int) {
			var sumLo, sumHi int64
			mem := make([]bruteProd, len(set))
			for a, i := range set {
				mem[a] = cs[i]
				if !cs[i].ok || cs[i].lo > min(cs[i].hi, cs[i].avail[0]) {
					return
				}
				sumLo += cs[i].lo
				sumHi += min(cs[i].hi, cs[i].avail[0])
			}
			for _, c := range o.EachCountry {
				if !slices.ContainsFunc(mem, func(x bruteProd) bool { return x.p.Country == c }) {
					return
				}
			}
			if sumLo > o.Quantity || sumHi < o.Quantity {
				return
			}
			slices.SortFunc(mem, func(a, b bruteProd) int { return int(a.eff - b.eff) })
			rem := o.Quantity - sumLo
			s := bruteSol{size: len(set)}
			for _, x := range mem {
				add := min(min(x.hi, x.avail[0])-x.lo, rem)
				rem -= add
				s.score += (x.lo + add) * x.eff
				s.relSum += x.rel
				s.ids = append(s.ids, x.p.ID)
			}
			slices.Sort(s.ids)
			want = append(want, s)
		})
		slices.SortFunc(want, bruteKey)
		want = want[:min(k, len(want))]
		res, err := Volume(context.Background(), o, ps, Options{K: k})
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if len(want) > 0 {
			feasible++
		}
		var got []bruteSol
		for _, c := range res.Consortia {
			s := bruteSol{size: len(c.Members), score: c.Score}
			for _, m := range c.Members {
				s.ids = append(s.ids, m.ID)
				s.relSum += int64(m.Reliability*1e6 + 0.5)
			}
			slices.Sort(s.ids)
			got = append(got, s)
		}
		if !slices.EqualFunc(got, want, func(a, b bruteSol) bool { return bruteKey(a, b) == 0 }) {
			t.Fatalf("run %d (n=%d, q=%d, m=%d, k=%d):\ngot  %v\nwant %v", run, len(ps), o.Quantity, o.MaxMembers, k, got, want)
		}
	}
	if feasible < runs/4 || feasible == runs {
		t.Errorf("feasible instances %d of %d; the generator has drifted", feasible, runs)
	}
}

func TestTenderMediumMatchesEnumeration(t *testing.T) {
	runs := 40
	if os.Getenv("CLUSTERBRIDGE_LONG") == "1" {
		runs = 1000
	}
	r := rand.New(rand.NewPCG(4, 4))
	feasible := 0
	for run := 0; run < runs; run++ {
		spec, fs := benchTender(20+r.IntN(15), uint64(run))
		spec.MaxMembers = 2 + r.IntN(3)
		spec.Requirements = spec.Requirements[:2+r.IntN(4)]
		spec.MinTurnover = float64(r.IntN(40)) * 1e6
		spec.EachCountry = spec.EachCountry[:r.IntN(3)]
		if r.IntN(2) == 0 {
			spec.Lead = LeadRule{MinTurnover: float64(r.IntN(10)) * 1e6}
		}
		k := 1 + r.IntN(8)
		w := DefaultWeights()
		// Ten identical copies of one firm make dominance do real work.
		if r.IntN(2) == 0 {
			for c := 0; c < 10; c++ {
				d := fs[0]
				d.ID = fmt.Sprintf("copy%02d", c)
				fs = append(fs, d)
			}
		}
		var want []bruteTender
		combinations(len(fs), spec.MaxMembers, func(set []int) {
			mem := make([]Firm, len(set))
			for a, i := range set {
				mem[a] = fs[i]
			}
			if s, ok := bruteTenderEval(spec, mem, w); ok {
				want = append(want, s)
			}
		})
		slices.SortFunc(want, bruteTenderKey)
		want = want[:min(k, len(want))]
		res, err := Tender(context.Background(), spec, fs, Options{K: k})
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if len(want) > 0 {
			feasible++
		}
		var got []bruteTender
		for _, c := range res.Consortia {
			s := bruteTender{size: len(c.Members), fit: c.Fit}
			for _, m := range c.Members {
				s.ids = append(s.ids, m.ID)
			}
			got = append(got, s)
		}
		if !slices.EqualFunc(got, want, func(a, b bruteTender) bool { return bruteTenderKey(a, b) == 0 }) {
			t.Fatalf("run %d (n=%d, m=%d, k=%d):\ngot  %v\nwant %v", run, len(fs), spec.MaxMembers, k, got, want)
		}
	}
	if feasible < runs/4 || feasible == runs {
		t.Errorf("feasible instances %d of %d; the generator has drifted", feasible, runs)
	}
}
