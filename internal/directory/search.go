package directory

import (
	"context"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"clusterbridge/internal/db"
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

// filter is a WHERE clause under construction.
type filter struct {
	where []string
	args  []any
}

func (f *filter) add(cond string, args ...any) {
	f.where = append(f.where, cond)
	f.args = append(f.args, args...)
}

func (f *filter) sql() string {
	if len(f.where) == 0 {
		return "1=1"
	}
	return strings.Join(f.where, " AND ")
}

// build returns the filter for every condition of q except the facet named skip, so that a
// facet's counts show what choosing another of its values would give.
func (s *Service) build(d db.Dialect, q Query, terms []string, skip string) filter {
	var f filter
	if !q.Hidden {
		f.add("o.public = ?", true)
	}
	if len(terms) > 0 {
		if d == db.Postgres {
			parts := make([]string, len(terms))
			for i, t := range terms {
				parts[i] = t + ":*"
			}
			f.add("o.search_vector @@ to_tsquery('simple', ?)", strings.Join(parts, " & "))
		} else {
			parts := make([]string, len(terms))
			for i, t := range terms {
				parts[i] = `"` + t + `"*`
			}
			f.add("o.id IN (SELECT rowid FROM org_fts WHERE org_fts MATCH ?)", strings.Join(parts, " AND "))
		}
	}
	if q.Country != "" && skip != "country" {
		f.add("o.country = ?", q.Country)
	}
	if q.District != "" && skip != "district" {
		f.add("o.district_id = (SELECT id FROM districts WHERE code = ?)", q.District)
	}
	if q.Municipality != "" && skip != "municipality" {
		if p, err := s.resolvePlace(q.Country, 0, q.Municipality); err == nil {
			// A city includes its city municipalities.
			f.add("(o.place_id = ? OR o.place_id IN (SELECT id FROM places WHERE parent_id = ?))", p.ID, p.ID)
		} else {
			f.add("1=0")
		}
	}
	if q.Kind != "" && skip != "kind" {
		f.add("o.kind = ?", q.Kind)
	}
	if q.Size != "" && skip != "size" {
		f.add("o.size = ?", q.Size)
	}
	if q.Sector != "" && skip != "sector" {
		f.add("o.id IN (SELECT os.org_id FROM org_sectors os JOIN sectors sc ON sc.id = os.sector_id WHERE sc.slug = ?)", q.Sector)
	}
	if q.Cluster != "" && skip != "cluster" {
		f.add("o.id IN (SELECT m.member_id FROM memberships m JOIN organizations c ON c.id = m.cluster_id WHERE c.slug = ?)", q.Cluster)
	}
	return f
}

// facets are the dimensions counted on every search, with the SQL that groups by each.
var facets = []struct {
	name, sql string
}{
	{"country", "SELECT o.country, COUNT(*) FROM organizations o WHERE %s GROUP BY o.country"},
	{"district", "SELECT d.code, COUNT(*) FROM organizations o JOIN districts d ON d.id = o.district_id WHERE %s GROUP BY d.code"},
	{"municipality", "SELECT p.code, COUNT(*) FROM organizations o JOIN places p ON p.id = o.place_id WHERE %s GROUP BY p.code"},
	{"kind", "SELECT o.kind, COUNT(*) FROM organizations o WHERE %s GROUP BY o.kind"},
	{"size", "SELECT o.size, COUNT(*) FROM organizations o WHERE %s AND o.size <> '' GROUP BY o.size"},
	{"sector", "SELECT sc.slug, COUNT(*) FROM organizations o JOIN org_sectors os ON os.org_id = o.id JOIN sectors sc ON sc.id = os.sector_id WHERE %s GROUP BY sc.slug"},
	{"cluster", "SELECT c.slug, COUNT(*) FROM organizations o JOIN memberships m ON m.member_id = o.id JOIN organizations c ON c.id = m.cluster_id WHERE %s GROUP BY c.slug"},
}

// Search runs a query: the page of organisations, the total and the facet counts. Ranking is the
// same on both engines by construction (the engines only decide which rows match): exact name
// first, then names starting with the query, then names containing a word starting with its first
// term, then records containing its first word whole (in the place, a sector, a description), then
// the rest (prefix matches elsewhere); ties by name, then id.
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
	terms := queryTerms(q.Q)
	if q.Q != "" && len(terms) == 0 {
		// Only punctuation: nothing can match, and an empty FTS query would be an error.
		return Result{Page: q.Page, PerPage: q.PerPage, Facets: map[string][]FacetValue{}}, nil
	}
	d := s.db.Dialect()
	f := s.build(d, q, terms, "")
	res := Result{Page: q.Page, PerPage: q.PerPage, Facets: map[string][]FacetValue{}}
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM organizations o WHERE "+f.sql(), f.args...).Scan(&res.Total); err != nil {
		return res, err
	}
	order := "o.name_key, o.id"
	var orderArgs []any
	sortBy := q.Sort
	if sortBy == "" {
		sortBy = q.defaultSort()
	}
	switch {
	case sortBy == "newest":
		order = "o.created_at DESC, o.id DESC"
	case sortBy == "relevance" && len(terms) > 0:
		words := translit.FoldWords(q.Q)
		full := strings.Join(words, " ")
		order = `CASE WHEN o.name_key = ? THEN 0 WHEN o.name_key LIKE ? THEN 1 WHEN (' ' || o.name_key) LIKE ? THEN 2
			WHEN (' ' || o.search_text || ' ') LIKE ? THEN 3 ELSE 4 END, o.name_key, o.id`
		orderArgs = []any{full, full + "%", "% " + terms[0] + "%", "% " + words[0] + " %"}
	}
	args := append(append(append([]any{}, f.args...), orderArgs...), q.PerPage, (q.Page-1)*q.PerPage)
	rows, err := s.db.Query(ctx, "SELECT "+orgColumns+" FROM organizations o WHERE "+f.sql()+" ORDER BY "+order+" LIMIT ? OFFSET ?", args...)
	if err != nil {
		return res, err
	}
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			rows.Close()
			return res, err
		}
		res.Items = append(res.Items, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, err
	}
	ptrs := make([]*Organization, len(res.Items))
	for i := range res.Items {
		ptrs[i] = &res.Items[i]
	}
	if err := s.loadChildren(ctx, s.db, ptrs, true); err != nil {
		return res, err
	}
	for _, fc := range facets {
		ff := s.build(d, q, terms, fc.name)
		rows, err := s.db.Query(ctx, strings.Replace(fc.sql, "%s", ff.sql(), 1), ff.args...)
		if err != nil {
			return res, err
		}
		var vals []FacetValue
		for rows.Next() {
			var v FacetValue
			if err := rows.Scan(&v.Value, &v.Count); err != nil {
				rows.Close()
				return res, err
			}
			vals = append(vals, v)
		}
		rows.Close()
		sort.Slice(vals, func(i, j int) bool {
			if vals[i].Count != vals[j].Count {
				return vals[i].Count > vals[j].Count
			}
			return vals[i].Value < vals[j].Value
		})
		res.Facets[fc.name] = vals
	}
	return res, nil
}
