package consortium

import (
	"cmp"
	"container/heap"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Competence is something a firm does, with the number of similar past
// contracts it can cite.
type Competence struct {
	Code       string `json:"code"`
	References int    `json:"references"`
}

// Firm is one candidate partner for a tender.
type Firm struct {
	ID          string       `json:"id"`
	Name        string       `json:"name,omitempty"`
	Country     string       `json:"country"`
	Lat         float64      `json:"lat"`
	Lon         float64      `json:"lon"`
	Competences []Competence `json:"competences"`
	// Turnover is annual turnover in the tender's currency.
	Turnover    float64 `json:"turnover"`
	Reliability float64 `json:"reliability"`
}

// Requirement is one competence the tender asks for. A partner covers it when
// it holds the competence with at least MinReferences references of its own.
type Requirement struct {
	Competence    string `json:"competence"`
	MinReferences int    `json:"min_references,omitempty"`
}

// LeadRule is what the lead partner must meet on its own.
type LeadRule struct {
	MinTurnover float64 `json:"min_turnover,omitempty"`
	// Competences the lead must hold, each with at least MinReferences references.
	Competences   []string `json:"competences,omitempty"`
	MinReferences int      `json:"min_references,omitempty"`
	// Countries the lead may come from; empty means any.
	Countries []string `json:"countries,omitempty"`
}

// TenderSpec is a public tender's conditions for a joint bid.
type TenderSpec struct {
	Title        string        `json:"title,omitempty"`
	Requirements []Requirement `json:"requirements"`
	// MinTurnover is the minimum combined annual turnover of the consortium.
	MinTurnover float64  `json:"min_turnover,omitempty"`
	Lead        LeadRule `json:"lead"`
	EachCountry []string `json:"each_country,omitempty"`
	// MaxMembers defaults to 8.
	MaxMembers int     `json:"max_members,omitempty"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
}

// TenderMember is one partner of a tender consortium.
type TenderMember struct {
	ID          string   `json:"id"`
	Name        string   `json:"name,omitempty"`
	Country     string   `json:"country"`
	Turnover    float64  `json:"turnover"`
	Reliability float64  `json:"reliability"`
	DistanceKm  float64  `json:"distance_km"`
	Covers      []string `json:"covers"`
}

// Assignment names the partner put forward for one requirement: of the
// members that cover it, the one with most references (then lowest ID).
type Assignment struct {
	Competence string `json:"competence"`
	MemberID   string `json:"member_id"`
	References int    `json:"references"`
}

// TenderConsortium is one ranked answer.
type TenderConsortium struct {
	Rank          int            `json:"rank"`
	Lead          string         `json:"lead"`
	Members       []TenderMember `json:"members"`
	Assignments   []Assignment   `json:"assignments"`
	TotalTurnover float64        `json:"total_turnover"`
	Countries     int            `json:"countries"`
	// Fit is the ranking's fit in millionths (higher is better); see Weights.
	Fit int64 `json:"fit"`
}

// Closest is a candidate that nearly fills an uncovered requirement.
type Closest struct {
	ID         string `json:"id"`
	References int    `json:"references"`
}

// Uncovered names a requirement no admissible consortium covers.
type Uncovered struct {
	Competence    string    `json:"competence"`
	MinReferences int       `json:"min_references"`
	Closest       []Closest `json:"closest,omitempty"`
}

// TenderResult holds the best consortia, or why there are none.
type TenderResult struct {
	Consortia []TenderConsortium `json:"consortia"`
	Reasons   []Reason           `json:"reasons,omitempty"`
	Uncovered []Uncovered        `json:"uncovered,omitempty"`
}

type firmCand struct {
	src      int
	id       string
	mask     uint64 // requirements it covers
	turnover float64
	fit      int64 // reliability and proximity part of the fit, in millionths
	cbit     uint64
	country  string
	lead     bool
	dist     float64
}

func (s TenderSpec) validate() (int, error) {
	if len(s.Requirements) == 0 {
		return 0, fieldErr("tender.requirements", "must list at least one requirement")
	}
	if len(s.Requirements) > 64 {
		return 0, fieldErr("tender.requirements", "at most 64 requirements, got %d", len(s.Requirements))
	}
	seen := map[string]int{}
	for i, r := range s.Requirements {
		f := fmt.Sprintf("tender.requirements[%d]", i)
		c := strings.ToLower(strings.TrimSpace(r.Competence))
		if c == "" {
			return 0, fieldErr(f+".competence", "must name a competence")
		}
		if j, ok := seen[c]; ok {
			return 0, fieldErr(f+".competence", "%q repeats requirements[%d]", r.Competence, j)
		}
		seen[c] = i
		if r.MinReferences < 0 {
			return 0, fieldErr(f+".min_references", "must not be negative, got %d", r.MinReferences)
		}
	}
	if !finite(s.MinTurnover) || s.MinTurnover < 0 {
		return 0, fieldErr("tender.min_turnover", "must be a non-negative number, got %v", s.MinTurnover)
	}
	if !finite(s.Lead.MinTurnover) || s.Lead.MinTurnover < 0 {
		return 0, fieldErr("tender.lead.min_turnover", "must be a non-negative number, got %v", s.Lead.MinTurnover)
	}
	if s.Lead.MinReferences < 0 {
		return 0, fieldErr("tender.lead.min_references", "must not be negative, got %d", s.Lead.MinReferences)
	}
	if err := checkLatLon("tender", s.Lat, s.Lon); err != nil {
		return 0, err
	}
	m := s.MaxMembers
	if m == 0 {
		m = 8
	}
	if m < 1 || m > maxMembersCap {
		return 0, fieldErr("tender.max_members", "must be between 1 and %d, got %d", maxMembersCap, s.MaxMembers)
	}
	for i, c := range s.EachCountry {
		if strings.TrimSpace(c) == "" {
			return 0, fieldErr(fmt.Sprintf("tender.each_country[%d]", i), "must be a country code")
		}
	}
	if len(s.EachCountry) > m {
		return 0, fieldErr("tender.each_country", "asks for %d countries but at most %d members are allowed", len(s.EachCountry), m)
	}
	return m, nil
}

func checkFirm(i int, f Firm) error {
	// The field prefix is built only on failure: formatting it for every one of
	// ten thousand valid firms would cost more than the search.
	p := func() string { return fmt.Sprintf("firms[%d]", i) }
	if strings.TrimSpace(f.ID) == "" {
		return fieldErr(p()+".id", "must not be empty")
	}
	if !finite(f.Lat) || f.Lat < -90 || f.Lat > 90 || !finite(f.Lon) || f.Lon < -180 || f.Lon > 180 {
		return checkLatLon(p(), f.Lat, f.Lon)
	}
	if !finite(f.Turnover) || f.Turnover < 0 || f.Turnover > 1e15 {
		return fieldErr(p()+".turnover", "must be between 0 and 1e15, got %v", f.Turnover)
	}
	if !finite(f.Reliability) || f.Reliability < 0 || f.Reliability > 1 {
		return fieldErr(p()+".reliability", "must be between 0 and 1, got %v", f.Reliability)
	}
	for j, c := range f.Competences {
		if c.References < 0 {
			return fieldErr(fmt.Sprintf("%s.competences[%d].references", p(), j), "must not be negative, got %d", c.References)
		}
	}
	return nil
}

func normCode(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func refsFor(f Firm, code string) (int, bool) {
	best, ok := 0, false
	for _, c := range f.Competences {
		if strings.EqualFold(strings.TrimSpace(c.Code), strings.TrimSpace(code)) {
			best, ok = max(best, c.References), true
		}
	}
	return best, ok
}

func countryIn(c string, list []string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(c)) {
			return true
		}
	}
	return false
}

type tenderPrep struct {
	cands       []firmCand
	all         []firmCand // before dominance, for diagnosis
	countryBits []string
	reqMask     uint64
	fullMask    uint64
}

func prepareTender(spec TenderSpec, fs []Firm, w Weights, keep int) (*tenderPrep, error) {
	if len(fs) > MaxCandidates {
		return nil, fieldErr("firms", "at most %d candidates, got %d", MaxCandidates, len(fs))
	}
	tp := &tenderPrep{fullMask: uint64(1)<<len(spec.Requirements) - 1}
	if len(spec.Requirements) == 64 {
		tp.fullMask = math.MaxUint64
	}
	countryBit := map[string]uint64{}
	for _, c := range spec.EachCountry {
		c = strings.ToUpper(strings.TrimSpace(c))
		if _, ok := countryBit[c]; !ok {
			countryBit[c] = 1 << len(tp.countryBits)
			tp.countryBits = append(tp.countryBits, c)
		}
	}
	tp.reqMask = uint64(1)<<len(tp.countryBits) - 1
	reqOf := map[string][]int{}
	for b, r := range spec.Requirements {
		reqOf[normCode(r.Competence)] = append(reqOf[normCode(r.Competence)], b)
	}
	leadOf := map[string]int{}
	for _, c := range spec.Lead.Competences {
		if _, ok := leadOf[normCode(c)]; !ok && len(leadOf) < 64 {
			leadOf[normCode(c)] = len(leadOf)
		}
	}
	leadAll := uint64(1)<<len(leadOf) - 1
	if len(leadOf) == 64 {
		leadAll = math.MaxUint64
	}
	seen := make(map[string]int, len(fs))
	for i, f := range fs {
		if err := checkFirm(i, f); err != nil {
			return nil, err
		}
		if j, dup := seen[f.ID]; dup {
			return nil, fieldErr(fmt.Sprintf("firms[%d].id", i), "%q repeats firms[%d]", f.ID, j)
		}
		seen[f.ID] = i
		c := firmCand{src: i, id: f.ID, turnover: f.Turnover, country: strings.ToUpper(strings.TrimSpace(f.Country))}
		c.cbit = countryBit[c.country]
		c.lead = f.Turnover >= spec.Lead.MinTurnover && (len(spec.Lead.Countries) == 0 || countryIn(f.Country, spec.Lead.Countries))
		var leadHeld uint64
		for _, comp := range f.Competences {
			code := normCode(comp.Code)
			for _, b := range reqOf[code] {
				if comp.References >= spec.Requirements[b].MinReferences {
					c.mask |= 1 << b
				}
			}
			if b, ok := leadOf[code]; ok && comp.References >= spec.Lead.MinReferences {
				leadHeld |= 1 << b
			}
		}
		if leadHeld != leadAll {
			c.lead = false
		}
		c.dist = haversineKm(spec.Lat, spec.Lon, f.Lat, f.Lon)
		c.fit = int64(math.Round(1e6 * (w.Reliability*f.Reliability - w.Proximity*c.dist/100)))
		tp.all = append(tp.all, c)
	}
	tp.cands = dominanceFilter(tp.all, keep)
	slices.SortFunc(tp.cands, func(a, b firmCand) int {
		return cmp.Or(cmp.Compare(b.fit, a.fit), strings.Compare(a.id, b.id))
	})
	return tp, nil
}

// dominanceFilter drops a firm when at least keep other firms cover the same
// requirements, come from the same country, are at least as eligible to lead,
// have at least its turnover, and rank ahead of it on fit (then ID). Any
// consortium containing such a firm could swap it for keep different better
// firms, so with keep = k + maxMembers − 1 at least k strictly better
// consortia exist and the firm is in none of the best k.
func dominanceFilter(all []firmCand, keep int) []firmCand {
	type group struct {
		mask uint64
		c    string
		lead bool
	}
	groups := map[group][]int{}
	for i, c := range all {
		g := group{c.mask, c.country, c.lead}
		groups[g] = append(groups[g], i)
	}
	out := make([]firmCand, 0, len(all))
	for _, idx := range groups {
		slices.SortFunc(idx, func(a, b int) int {
			return cmp.Or(cmp.Compare(all[b].fit, all[a].fit), strings.Compare(all[a].id, all[b].id))
		})
		// Among firms already seen (all rank ahead), keep the keep largest
		// turnovers; if the smallest of those still reaches this firm's
		// turnover, keep firms dominate it.
		h := &floatMinHeap{}
		for _, i := range idx {
			if h.Len() == keep && (*h)[0] >= all[i].turnover {
				continue
			}
			out = append(out, all[i])
			heap.Push(h, all[i].turnover)
			if h.Len() > keep {
				heap.Pop(h)
			}
		}
	}
	return out
}

type floatMinHeap []float64

func (h floatMinHeap) Len() int           { return len(h) }
func (h floatMinHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h floatMinHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *floatMinHeap) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *floatMinHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
