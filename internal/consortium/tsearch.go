package consortium

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
)

type tenderSol struct {
	members []int
	ids     []string
	fit     int64
	lead    int
}

// tenderLess is the ranking within one size: higher fit, then member IDs in order.
func tenderLess(a, b *tenderSol) bool {
	if a.fit != b.fit {
		return a.fit > b.fit
	}
	return slices.Compare(a.ids, b.ids) < 0
}

type tenderSearch struct {
	ctx        context.Context
	c          []firmCand
	cov        [][]int // per requirement: covering candidates, best fit first
	prefFit    []int64 // prefix sums of fit in candidate order (best first)
	topTurn    []float64
	maxPop     int
	anyLead    bool
	lastCtry   []int
	crossBonus int64
	nCountries int
	ctryIdx    []int
	full       uint64
	reqCtry    uint64
	minTurn    float64

	m, k      int
	best      []*tenderSol
	chosen    []int
	inSet     []bool
	ctryCount []int
	distinct  int
	nodes     int
	err       error
}

func newTenderSearch(ctx context.Context, tp *tenderPrep, spec TenderSpec, w Weights, relaxed bool) *tenderSearch {
	n := len(tp.cands)
	s := &tenderSearch{ctx: ctx, c: tp.cands, full: tp.fullMask, inSet: make([]bool, n)}
	if !relaxed {
		s.reqCtry = tp.reqMask
		s.minTurn = spec.MinTurnover
		s.crossBonus = int64(math.Round(1e6 * w.CrossBorder))
	}
	s.cov = make([][]int, len(spec.Requirements))
	s.prefFit = make([]int64, n+1)
	turns := make([]float64, n)
	idx := map[string]int{}
	s.lastCtry = make([]int, len(tp.countryBits))
	for b := range s.lastCtry {
		s.lastCtry[b] = -1
	}
	for i, c := range tp.cands {
		for b := c.mask; b != 0; b &= b - 1 {
			q := bits.TrailingZeros64(b)
			s.cov[q] = append(s.cov[q], i)
		}
		s.prefFit[i+1] = s.prefFit[i] + c.fit
		turns[i] = c.turnover
		s.maxPop = max(s.maxPop, bits.OnesCount64(c.mask))
		s.anyLead = s.anyLead || c.lead || relaxed
		if _, ok := idx[c.country]; !ok {
			idx[c.country] = len(idx)
		}
		s.ctryIdx = append(s.ctryIdx, idx[c.country])
		if c.cbit != 0 {
			s.lastCtry[bits.TrailingZeros64(c.cbit)] = i
		}
	}
	s.nCountries = len(idx)
	s.ctryCount = make([]int, len(idx))
	slices.SortFunc(turns, func(a, b float64) int {
		switch {
		case a > b:
			return -1
		case a < b:
			return 1
		}
		return 0
	})
	s.topTurn = make([]float64, n+1)
	for i, t := range turns {
		s.topTurn[i+1] = s.topTurn[i] + t
	}
	return s
}

func (s *tenderSearch) topFit(r int) int64 {
	// Fits are sorted best first, so the first r are the largest r.
	return s.prefFit[min(r, len(s.c))]
}

func (s *tenderSearch) countryBound(r int) int64 {
	d := min(s.distinct+r, s.nCountries)
	return s.crossBonus * int64(max(d-1, 0))
}

func (s *tenderSearch) worst() (int64, bool) {
	if len(s.best) < s.k {
		return 0, false
	}
	return s.best[len(s.best)-1].fit, true
}

func (s *tenderSearch) run(m, k int) []*tenderSol {
	s.m, s.k = m, k
	s.best = s.best[:0]
	s.dfs(0, 0, 0, false, 0, 0)
	return s.best
}

func (s *tenderSearch) push(c int) {
	s.chosen = append(s.chosen, c)
	s.inSet[c] = true
	ci := s.ctryIdx[c]
	if s.ctryCount[ci] == 0 {
		s.distinct++
	}
	s.ctryCount[ci]++
}

func (s *tenderSearch) pop() {
	c := s.chosen[len(s.chosen)-1]
	s.chosen = s.chosen[:len(s.chosen)-1]
	s.inSet[c] = false
	ci := s.ctryIdx[c]
	s.ctryCount[ci]--
	if s.ctryCount[ci] == 0 {
		s.distinct--
	}
}

// admissible reports whether adding c can still lead to a consortium with
// r−1 further members, on turnover, lead and country rules.
func (s *tenderSearch) admissible(c, r int, turn float64, hasLead bool, cmask uint64) bool {
	x := &s.c[c]
	if turn+x.turnover+s.topTurn[min(r-1, len(s.c))] < s.minTurn {
		return false
	}
	if !hasLead && !x.lead && (r == 1 || !s.anyLead) {
		return false
	}
	need := s.reqCtry &^ (cmask | x.cbit)
	if bits.OnesCount64(need) > r-1 {
		return false
	}
	for b := need; b != 0; b &= b - 1 {
		if s.lastCtry[bits.TrailingZeros64(b)] < 0 {
			return false
		}
	}
	return true
}

// dfs first covers requirements, always branching on the uncovered one with
// fewest coverers (every valid consortium contains one of them), then fills
// any remaining seats with free members in candidate order. A consortium can
// be reached along more than one path; leaf insertion drops repeats.
func (s *tenderSearch) dfs(covered uint64, turn float64, fitSum int64, hasLead bool, cmask uint64, freeFrom int) {
	if s.err != nil {
		return
	}
	s.nodes++
	if s.nodes&4095 == 0 {
		if err := s.ctx.Err(); err != nil {
			s.err = err
			return
		}
	}
	r := s.m - len(s.chosen)
	unc := s.full &^ covered
	if r == 0 {
		if unc == 0 {
			s.leaf(turn, fitSum, hasLead, cmask)
		}
		return
	}
	if unc != 0 {
		if s.maxPop == 0 || (bits.OnesCount64(unc)+s.maxPop-1)/s.maxPop > r {
			return
		}
		q, fewest := -1, math.MaxInt
		for b := unc; b != 0; b &= b - 1 {
			if i := bits.TrailingZeros64(b); len(s.cov[i]) < fewest {
				q, fewest = i, len(s.cov[i])
			}
		}
		for _, c := range s.cov[q] {
			if w, full := s.worst(); full && fitSum+s.c[c].fit+s.topFit(r-1)+s.countryBound(r) < w {
				break
			}
			if !s.admissible(c, r, turn, hasLead, cmask) {
				continue
			}
			x := &s.c[c]
			s.push(c)
			s.dfs(covered|x.mask, turn+x.turnover, fitSum+x.fit, hasLead || x.lead, cmask|x.cbit, 0)
			s.pop()
		}
		return
	}
	n := len(s.c)
	for c := freeFrom; c < n; c++ {
		if s.inSet[c] {
			continue
		}
		if w, full := s.worst(); full {
			// Later candidates have no better fit, so the r best after c bound every completion.
			ub := fitSum + s.prefFit[min(c+r, n)] - s.prefFit[c] + s.countryBound(r)
			if ub < w {
				break
			}
		}
		if !s.admissible(c, r, turn, hasLead, cmask) {
			continue
		}
		x := &s.c[c]
		s.push(c)
		s.dfs(covered, turn+x.turnover, fitSum+x.fit, hasLead || x.lead, cmask|x.cbit, c+1)
		s.pop()
	}
}

func (s *tenderSearch) leaf(turn float64, fitSum int64, hasLead bool, cmask uint64) {
	if !hasLead || turn < s.minTurn || cmask&s.reqCtry != s.reqCtry {
		return
	}
	fit := fitSum + s.crossBonus*int64(max(s.distinct-1, 0))
	if w, full := s.worst(); full && fit < w {
		return
	}
	sol := &tenderSol{members: slices.Clone(s.chosen), fit: fit, lead: -1}
	for _, c := range s.chosen {
		sol.ids = append(sol.ids, s.c[c].id)
	}
	slices.Sort(sol.ids)
	for _, b := range s.best {
		if slices.Equal(b.ids, sol.ids) {
			return
		}
	}
	if len(s.best) == s.k && !tenderLess(sol, s.best[len(s.best)-1]) {
		return
	}
	pos, _ := slices.BinarySearchFunc(s.best, sol, func(a, b *tenderSol) int {
		if tenderLess(a, b) {
			return -1
		}
		return 1
	})
	s.best = slices.Insert(s.best, pos, sol)
	if len(s.best) > s.k {
		s.best = s.best[:s.k]
	}
}

func searchTender(ctx context.Context, tp *tenderPrep, spec TenderSpec, w Weights, maxM, k int, relaxed bool) ([]*tenderSol, error) {
	s := newTenderSearch(ctx, tp, spec, w, relaxed)
	for _, c := range s.cov {
		if len(c) == 0 {
			return nil, nil
		}
	}
	start := 1
	if !relaxed {
		start = max(start, len(tp.countryBits))
	}
	if s.maxPop > 0 {
		start = max(start, (bits.OnesCount64(s.full)+s.maxPop-1)/s.maxPop)
	}
	var out []*tenderSol
	for m := start; m <= maxM && m <= len(s.c) && len(out) < k; m++ {
		got := s.run(m, k-len(out))
		if s.err != nil {
			return nil, fmt.Errorf("consortium search: %w", s.err)
		}
		out = append(out, got...)
	}
	return out, nil
}

// Tender finds up to opts.K consortia that cover every requirement of the
// tender, best first. Ranking: fewest partners, then higher fit (see
// Weights), then member IDs in order; the answers are optimal under it. When
// none exists, Reasons and Uncovered say what is missing and who comes
// closest. Bad input returns a *FieldError.
func Tender(ctx context.Context, spec TenderSpec, firms []Firm, opts Options) (TenderResult, error) {
	if err := ctx.Err(); err != nil {
		return TenderResult{}, fmt.Errorf("consortium search: %w", err)
	}
	k, w, err := opts.resolved()
	if err != nil {
		return TenderResult{}, err
	}
	maxM, err := spec.validate()
	if err != nil {
		return TenderResult{}, err
	}
	tp, err := prepareTender(spec, firms, w, k+maxM-1)
	if err != nil {
		return TenderResult{}, err
	}
	sols, err := searchTender(ctx, tp, spec, w, maxM, k, false)
	if err != nil {
		return TenderResult{}, err
	}
	res := TenderResult{Consortia: []TenderConsortium{}}
	for i, s := range sols {
		res.Consortia = append(res.Consortia, describeTender(i+1, s, tp, spec, firms))
	}
	if len(sols) == 0 {
		if err := diagnoseTender(ctx, &res, tp, spec, firms, w, maxM); err != nil {
			return TenderResult{}, err
		}
	}
	return res, nil
}

func describeTender(rank int, s *tenderSol, tp *tenderPrep, spec TenderSpec, fs []Firm) TenderConsortium {
	tc := TenderConsortium{Rank: rank, Fit: s.fit}
	countries := map[string]bool{}
	leadTurn := -1.0
	for _, c := range s.members {
		x := tp.cands[c]
		f := fs[x.src]
		m := TenderMember{ID: f.ID, Name: f.Name, Country: f.Country, Turnover: f.Turnover, Reliability: f.Reliability, DistanceKm: math.Round(x.dist*10) / 10, Covers: []string{}}
		for b, r := range spec.Requirements {
			if x.mask&(1<<b) != 0 {
				m.Covers = append(m.Covers, r.Competence)
			}
		}
		// The lead is the eligible member with the largest turnover, which is
		// what contracting authorities usually expect of a lead partner.
		if x.lead && (f.Turnover > leadTurn || (f.Turnover == leadTurn && f.ID < tc.Lead)) {
			tc.Lead, leadTurn = f.ID, f.Turnover
		}
		tc.TotalTurnover += f.Turnover
		countries[x.country] = true
		tc.Members = append(tc.Members, m)
	}
	tc.Countries = len(countries)
	slices.SortFunc(tc.Members, func(a, b TenderMember) int { return strings.Compare(a.ID, b.ID) })
	for b, r := range spec.Requirements {
		a := Assignment{Competence: r.Competence, References: -1}
		for _, c := range s.members {
			x := tp.cands[c]
			if x.mask&(1<<b) == 0 {
				continue
			}
			n, _ := refsFor(fs[x.src], r.Competence)
			if n > a.References || (n == a.References && x.id < a.MemberID) {
				a.MemberID, a.References = x.id, n
			}
		}
		tc.Assignments = append(tc.Assignments, a)
	}
	return tc
}

func diagnoseTender(ctx context.Context, res *TenderResult, tp *tenderPrep, spec TenderSpec, fs []Firm, w Weights, maxM int) error {
	closest := func(r Requirement, exclude map[int]bool) []Closest {
		type cand struct {
			id   string
			refs int
		}
		var cs []cand
		for _, x := range tp.all {
			if exclude[x.src] {
				continue
			}
			if n, ok := refsFor(fs[x.src], r.Competence); ok {
				cs = append(cs, cand{x.id, n})
			}
		}
		slices.SortFunc(cs, func(a, b cand) int {
			if a.refs != b.refs {
				return b.refs - a.refs
			}
			return strings.Compare(a.id, b.id)
		})
		var out []Closest
		for _, c := range cs[:min(3, len(cs))] {
			out = append(out, Closest{ID: c.id, References: c.refs})
		}
		return out
	}
	addUncovered := func(r Requirement, cl []Closest) {
		res.Uncovered = append(res.Uncovered, Uncovered{Competence: r.Competence, MinReferences: r.MinReferences, Closest: cl})
		var parts []string
		for _, c := range cl {
			parts = append(parts, fmt.Sprintf("%s (%d)", c.ID, c.References))
		}
		res.Reasons = append(res.Reasons, reason(UncoveredRequirement, "competence", r.Competence, "min_references", itoa(int64(r.MinReferences)), "closest", strings.Join(parts, ", ")))
	}
	var all uint64
	for _, x := range tp.all {
		all |= x.mask
	}
	for b, r := range spec.Requirements {
		if all&(1<<b) == 0 {
			addUncovered(r, closest(r, nil))
		}
	}
	if len(res.Reasons) > 0 {
		return nil
	}
	anyLead := false
	for _, x := range tp.all {
		anyLead = anyLead || x.lead
	}
	if !anyLead {
		res.Reasons = append(res.Reasons, reason(NoEligibleLead))
		return nil
	}
	for b, c := range tp.countryBits {
		found := false
		for _, x := range tp.all {
			found = found || x.cbit == 1<<b
		}
		if !found {
			res.Reasons = append(res.Reasons, reason(NoCandidateFromCountry, "country", c))
		}
	}
	if len(res.Reasons) > 0 {
		return nil
	}
	// Smallest pure cover, ignoring turnover, lead and country rules.
	covers, err := searchTender(ctx, tp, spec, w, len(spec.Requirements), 1, true)
	if err != nil {
		return err
	}
	if len(covers) == 1 && len(covers[0].members) > maxM {
		res.Reasons = append(res.Reasons, reason(CoverNeedsMorePartners, "needed", itoa(int64(len(covers[0].members))), "max_members", itoa(int64(maxM))))
		// Show what the best maxM-partner start of that cover leaves open.
		var got uint64
		used := map[int]bool{}
		for _, c := range covers[0].members[:maxM] {
			got |= tp.cands[c].mask
			used[tp.cands[c].src] = true
		}
		for b, r := range spec.Requirements {
			if got&(1<<b) == 0 {
				res.Uncovered = append(res.Uncovered, Uncovered{Competence: r.Competence, MinReferences: r.MinReferences, Closest: closest(r, used)})
			}
		}
		return nil
	}
	turns := make([]float64, 0, len(tp.all))
	for _, x := range tp.all {
		turns = append(turns, x.turnover)
	}
	slices.Sort(turns)
	var top float64
	for i := len(turns) - 1; i >= 0 && i >= len(turns)-maxM; i-- {
		top += turns[i]
	}
	if top < spec.MinTurnover {
		res.Reasons = append(res.Reasons, reason(TurnoverShort, "members", itoa(int64(maxM)), "best", fmt.Sprintf("%.0f", top), "needed", fmt.Sprintf("%.0f", spec.MinTurnover)))
		return nil
	}
	res.Reasons = append(res.Reasons, reason(NoCompatibleCombination))
	return nil
}
