package consortium

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

type bruteTender struct {
	size int
	fit  int64
	ids  []string
}

func bruteTenderKey(a, b bruteTender) int {
	return cmp.Or(cmp.Compare(a.size, b.size), cmp.Compare(b.fit, a.fit), slices.Compare(a.ids, b.ids))
}

// bruteTenderSearch checks every subset against the tender's definitions.
func bruteTenderSearch(t *testing.T, spec TenderSpec, fs []Firm, w Weights, k int) []bruteTender {
	t.Helper()
	maxM := spec.MaxMembers
	if maxM == 0 {
		maxM = 8
	}
	var out []bruteTender
	n := len(fs)
	for set := 1; set < 1<<n; set++ {
		var mem []Firm
		for i := 0; i < n; i++ {
			if set&(1<<i) != 0 {
				mem = append(mem, fs[i])
			}
		}
		if len(mem) > maxM {
			continue
		}
		if s, ok := bruteTenderEval(spec, mem, w); ok {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, bruteTenderKey)
	return out[:min(k, len(out))]
}

// bruteTenderEval checks one member set against the tender's definitions.
func bruteTenderEval(spec TenderSpec, mem []Firm, w Weights) (bruteTender, bool) {
	refs := func(f Firm, code string) int {
		best := -1
		for _, c := range f.Competences {
			if c.Code == code {
				best = max(best, c.References)
			}
		}
		return best
	}
	ok := true
	for _, r := range spec.Requirements {
		covered := false
		for _, f := range mem {
			covered = covered || refs(f, r.Competence) >= r.MinReferences
		}
		ok = ok && covered
	}
	var turn float64
	lead := false
	countries := map[string]bool{}
	var fit int64
	for _, f := range mem {
		turn += f.Turnover
		countries[f.Country] = true
		l := f.Turnover >= spec.Lead.MinTurnover && (len(spec.Lead.Countries) == 0 || slices.Contains(spec.Lead.Countries, f.Country))
		for _, c := range spec.Lead.Competences {
			l = l && refs(f, c) >= spec.Lead.MinReferences
		}
		lead = lead || l
		fit += int64(math.Round(1e6 * (w.Reliability*f.Reliability - w.Proximity*haversineKm(spec.Lat, spec.Lon, f.Lat, f.Lon)/100)))
	}
	for _, c := range spec.EachCountry {
		ok = ok && countries[c]
	}
	if !ok || !lead || turn < spec.MinTurnover {
		return bruteTender{}, false
	}
	fit += int64(math.Round(1e6*w.CrossBorder)) * int64(len(countries)-1)
	s := bruteTender{size: len(mem), fit: fit}
	for _, f := range mem {
		s.ids = append(s.ids, f.ID)
	}
	slices.Sort(s.ids)
	return s, true
}

var competenceCodes = []string{"design", "civil", "electrical", "hvac", "supervision"}

func randomTender(r *rand.Rand) (TenderSpec, []Firm, Options) {
	spec := TenderSpec{Lat: 42.7, Lon: 23.3, MaxMembers: 1 + r.IntN(4)}
	for _, i := range r.Perm(len(competenceCodes))[:1+r.IntN(4)] {
		spec.Requirements = append(spec.Requirements, Requirement{Competence: competenceCodes[i], MinReferences: r.IntN(3)})
	}
	if r.IntN(2) == 0 {
		spec.MinTurnover = float64(r.IntN(20)) * 1e5
	}
	if r.IntN(2) == 0 {
		spec.Lead.MinTurnover = float64(r.IntN(8)) * 1e5
	}
	if r.IntN(4) == 0 {
		spec.Lead.Competences = []string{competenceCodes[r.IntN(len(competenceCodes))]}
		spec.Lead.MinReferences = r.IntN(3)
	}
	if r.IntN(5) == 0 {
		spec.Lead.Countries = []string{"BG"}
	}
	if r.IntN(4) == 0 {
		spec.EachCountry = []string{"BG", "RS"}[:1+r.IntN(2)]
		spec.MaxMembers = max(spec.MaxMembers, len(spec.EachCountry))
	}
	n := 1 + r.IntN(8)
	var fs []Firm
	for i := 0; i < n; i++ {
		if i > 0 && r.IntN(6) == 0 {
			d := fs[r.IntN(len(fs))]
			d.ID = fmt.Sprintf("f%d", i)
			fs = append(fs, d)
			continue
		}
		f := Firm{
			ID: fmt.Sprintf("f%d", i), Country: []string{"BG", "RS", "MK"}[r.IntN(3)],
			Lat: 42 + r.Float64()*2, Lon: 21 + r.Float64()*3,
			Turnover: float64(r.IntN(10)) * 1e5, Reliability: float64(r.IntN(5)) / 4,
		}
		for _, ci := range r.Perm(len(competenceCodes))[:r.IntN(4)] {
			f.Competences = append(f.Competences, Competence{Code: competenceCodes[ci], References: r.IntN(5)})
		}
		fs = append(fs, f)
	}
	opts := Options{K: 1 + r.IntN(6)}
	switch r.IntN(4) {
	case 0:
		opts.Weights = &Weights{Reliability: float64(r.IntN(3)), Proximity: float64(r.IntN(3)) / 10, CrossBorder: float64(r.IntN(3))}
	case 1:
		// Zero weights make every fit tie, so only the ID order decides.
		opts.Weights = &Weights{}
	}
	return spec, fs, opts
}

func TestTenderMatchesExhaustiveSearch(t *testing.T) {
	runs := 4000
	if os.Getenv("CLUSTERBRIDGE_LONG") == "1" {
		runs = 80000
	}
	r := rand.New(rand.NewPCG(3, 5))
	feasible := 0
	for run := 0; run < runs; run++ {
		spec, fs, opts := randomTender(r)
		k, w, _ := opts.resolved()
		want := bruteTenderSearch(t, spec, fs, w, k)
		res, err := Tender(context.Background(), spec, fs, opts)
		if err != nil {
			t.Fatalf("run %d: Tender: %v", run, err)
		}
		var got []bruteTender
		for _, c := range res.Consortia {
			s := bruteTender{size: len(c.Members), fit: c.Fit}
			for _, m := range c.Members {
				s.ids = append(s.ids, m.ID)
			}
			slices.Sort(s.ids)
			got = append(got, s)
			checkTenderConsortium(t, run, spec, fs, c)
		}
		if len(want) > 0 {
			feasible++
		}
		if !slices.EqualFunc(got, want, func(a, b bruteTender) bool { return bruteTenderKey(a, b) == 0 }) {
			t.Fatalf("run %d: spec %+v\nfirms %+v\ngot  %v\nwant %v", run, spec, fs, got, want)
		}
		if len(want) == 0 && len(res.Reasons) == 0 {
			t.Fatalf("run %d: no consortium and no reason given", run)
		}
	}
	if feasible < runs/5 || feasible > runs*9/10 {
		t.Errorf("feasible instances %d of %d; the generator has drifted", feasible, runs)
	}
}

func checkTenderConsortium(t *testing.T, run int, spec TenderSpec, fs []Firm, c TenderConsortium) {
	t.Helper()
	byID := map[string]Firm{}
	for _, f := range fs {
		byID[f.ID] = f
	}
	inSet := map[string]bool{}
	for _, m := range c.Members {
		inSet[m.ID] = true
	}
	if !inSet[c.Lead] {
		t.Fatalf("run %d: lead %q is not a member", run, c.Lead)
	}
	if lf := byID[c.Lead]; lf.Turnover < spec.Lead.MinTurnover {
		t.Fatalf("run %d: lead %s turnover %v below %v", run, lf.ID, lf.Turnover, spec.Lead.MinTurnover)
	}
	if len(c.Assignments) != len(spec.Requirements) {
		t.Fatalf("run %d: %d assignments for %d requirements", run, len(c.Assignments), len(spec.Requirements))
	}
	for i, a := range c.Assignments {
		r := spec.Requirements[i]
		if !inSet[a.MemberID] || a.References < r.MinReferences {
			t.Fatalf("run %d: requirement %s assigned to %s with %d references", run, r.Competence, a.MemberID, a.References)
		}
	}
}
