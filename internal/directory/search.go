package directory

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"clusterbridge/internal/translit"
)

// Query is a directory search: a text and facet filters, as they appear in a shareable URL.
type Query struct {
	Q            string
	Country      string
	District     string // district code
	Municipality string // place code (or a name in any script, resolved)
	Kind         string
	Sector       string // sector slug
	Size         string
	Cluster      string // slug of a cluster organisation
	Sort         string // relevance | name | newest
	Page         int
	PerPage      int
	// Hidden includes organisations that are not public (administrators).
	Hidden bool
}

// ParseQuery reads a query from URL parameters.
func ParseQuery(v url.Values) Query {
	q := Query{Q: strings.TrimSpace(v.Get("q")), Country: strings.ToUpper(v.Get("country")), District: v.Get("district"),
		Municipality: v.Get("municipality"), Kind: v.Get("kind"), Sector: v.Get("sector"), Size: v.Get("size"),
		Cluster: v.Get("cluster"), Sort: v.Get("sort")}
	q.Page, _ = strconv.Atoi(v.Get("page"))
	q.PerPage, _ = strconv.Atoi(v.Get("per_page"))
	return q
}

// Values writes a query back as URL parameters (empty ones left out), for links and pagination.
func (q Query) Values() url.Values {
	v := url.Values{}
	set := func(k, x string) {
		if x != "" {
			v.Set(k, x)
		}
	}
	set("q", q.Q)
	set("country", q.Country)
	set("district", q.District)
	set("municipality", q.Municipality)
	set("kind", q.Kind)
	set("sector", q.Sector)
	set("size", q.Size)
	set("cluster", q.Cluster)
	if q.Sort != "" && q.Sort != q.defaultSort() {
		v.Set("sort", q.Sort)
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.PerPage != 0 && q.PerPage != DefaultPerPage {
		v.Set("per_page", strconv.Itoa(q.PerPage))
	}
	return v
}

func (q Query) defaultSort() string {
	if q.Q != "" {
		return "relevance"
	}
	return "name"
}

// With returns the query with one parameter changed and the page reset, for facet links.
func (q Query) With(key, value string) Query {
	switch key {
	case "country":
		q.Country = value
	case "district":
		q.District = value
	case "municipality":
		q.Municipality = value
	case "kind":
		q.Kind = value
	case "sector":
		q.Sector = value
	case "size":
		q.Size = value
	case "cluster":
		q.Cluster = value
	case "sort":
		q.Sort = value
	}
	q.Page = 0
	return q
}

// Pagination limits.
const (
	DefaultPerPage = 20
	MaxPerPage     = 100
)

// FacetValue is one value of a facet with the number of organisations it would show.
type FacetValue struct {
	Value string
	Count int
}

// Result is a page of organisations with the total and the facet counts.
type Result struct {
	Items   []Organization
	Total   int
	Page    int
	PerPage int
	Facets  map[string][]FacetValue
}

// Pages is the number of pages.
func (r Result) Pages() int { return (r.Total + r.PerPage - 1) / r.PerPage }

// queryTerms folds a text into prefix terms. A long word ending in a vowel also matches with the
// vowel dropped, so that "Sofia" finds "Софийска" (sofiska) as well as "София" (sofia): names
// decline, and the nominative's last vowel is the part that changes.
func queryTerms(text string) []string {
	words := translit.FoldWords(text)
	out := make([]string, 0, len(words))
	for _, w := range words {
		if len(w) >= 5 && strings.ContainsRune("aeiou", rune(w[len(w)-1])) {
			w = w[:len(w)-1]
		}
		out = append(out, w)
	}
	if len(out) > 8 {
		out = out[:8]
	}
	return out
}

// Search runs a query: the page of organisations, the total and the facet counts. The
// database's full-text engine decides which organisations match the text; the facet index
// (index.go) filters, counts and ranks them, so results are the same on both engines by
// construction.
func (s *Service) Search(ctx context.Context, q Query) (Result, error) {
	if q.PerPage <= 0 {
		q.PerPage = DefaultPerPage
	}
	if q.PerPage > MaxPerPage {
		q.PerPage = MaxPerPage
	}
	if q.Page < 1 {
		q.Page = 1
	}
	res := Result{Page: q.Page, PerPage: q.PerPage, Facets: map[string][]FacetValue{}}
	terms := queryTerms(q.Q)
	if q.Q != "" && len(terms) == 0 {
		return res, nil // only punctuation: nothing can match
	}
	snap, err := s.snapshot(ctx)
	if err != nil {
		return res, err
	}
	var candidates []*entry
	if len(terms) > 0 {
		ids, err := s.matches(ctx, snap, terms)
		if err != nil {
			return res, err
		}
		candidates = make([]*entry, 0, len(ids))
		for _, id := range ids {
			if id > 0 && id < int64(len(snap.pos)) && snap.pos[id] > 0 {
				candidates = append(candidates, &snap.entries[snap.pos[id]-1])
			}
		}
	} else {
		// Without a text every organisation is a candidate, taken in the order asked for, so the
		// matches come out sorted.
		order := snap.byName
		if q.Sort == "newest" {
			order = snap.byNewest
		}
		candidates = snap.ordered(order)
	}
	f := s.resolveFilters(q)
	counts := snap.newCounts()
	var matched []*entry
	unfiltered := len(terms) == 0 && f == (filters{hidden: f.hidden})
	if unfiltered {
		matched = snap.visible(candidates, f.hidden)
	} else if !f.none {
		for _, e := range candidates {
			if !e.public && !f.hidden {
				continue
			}
			fail := f.failing(e)
			if fail == 0 {
				matched = append(matched, e)
			}
			if !unfiltered && fail&(fail-1) == 0 {
				tally(counts, e, fail) // at most one condition failed
			}
		}
	}
	if unfiltered {
		// The landing page: the same counts for everyone until the directory changes.
		h := 0
		if f.hidden {
			h = 1
		}
		snap.memoOnce[h].Do(func() {
			c := snap.newCounts()
			for _, e := range candidates {
				if e.public || f.hidden {
					tally(c, e, 0)
				}
			}
			snap.memo[h] = snap.facetValues(c)
		})
		res.Facets = snap.memo[h]
	} else {
		res.Facets = snap.facetValues(counts)
	}
	res.Total = len(matched)
	sortBy := q.Sort
	if sortBy == "" {
		sortBy = q.defaultSort()
	}
	from := (q.Page - 1) * q.PerPage
	if from >= len(matched) {
		return res, nil
	}
	var top []*entry
	if len(terms) == 0 {
		top = matched[:min(from+q.PerPage, len(matched))] // candidates came in the order asked for
	} else {
		top = snap.rankPage(matched, sortBy, translit.FoldWords(q.Q), terms, from+q.PerPage)
	}
	page := top[from:]
	ids := make([]any, len(page))
	for i, e := range page {
		ids[i] = e.id
	}
	rows, err := s.db.Query(ctx, "SELECT "+orgColumns+" FROM organizations o WHERE o.id IN ("+placeholders(len(ids))+")", ids...)
	if err != nil {
		return res, err
	}
	byID := map[int64]Organization{}
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			rows.Close()
			return res, err
		}
		byID[o.ID] = o
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, err
	}
	for _, e := range page {
		if o, ok := byID[e.id]; ok { // deleted since the index was read: skip
			res.Items = append(res.Items, o)
		}
	}
	ptrs := make([]*Organization, len(res.Items))
	for i := range res.Items {
		ptrs[i] = &res.Items[i]
	}
	return res, s.loadChildren(ctx, s.db, ptrs, true)
}
