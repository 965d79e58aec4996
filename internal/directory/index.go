package directory

import (
	"context"
	"math/bits"
	"sort"
	"strings"
	"sync"
	"time"

	"clusterbridge/internal/db"
)

// The facet index: what every search needs to filter, count and rank, held in memory.
//
// The database's full-text engine decides which organisations match a text (SQLite FTS5 or
// PostgreSQL tsvector, over the same folded keys). Filtering, facet counts and ranking then run
// over this index instead of as a dozen grouped queries, which at 100,000 organisations is the
// difference between milliseconds and seconds. Every change to the directory increments
// directory_state.version in its own transaction; a search first reads that number (one indexed
// row) and reloads the index when it moved, so several app servers stay consistent with no
// coordination and the database remains the only source of truth.

type entry struct {
	id         int64
	public     bool
	country    string
	district   int64
	place      int64
	parent     int64 // the city of a city municipality
	kind, size string
	sectors    []int64
	clusters   []string // slugs of the clusters it belongs to
	nameKey    string
	searchText string
	created    time.Time
	// Small integer codes of the facet values, so counting is array arithmetic.
	countryIdx, kindIdx, sizeIdx uint16
	districtIdx, placeIdx        uint16 // code+1; 0 when none
	// Positions in the name and newest orders: sorting by them is sorting by (name, id) and by
	// (created, id) without comparing strings.
	nameRank, newRank int32
	sectorIdx         []uint16
	clusterIdx        []uint16
}

type snapshot struct {
	version int64
	entries []entry
	byID    map[int64]int32
	pos     []int32 // pos[id] = position+1 in entries, 0 when absent: a map lookup without hashing
	// Entry positions pre-sorted by name and by newest, so listing without a text needs no sort.
	byName, byNewest []int32
	// Facet values by code, per facet: countries, districts, places, kinds, sizes, sectors, clusters.
	values [7][]string
	// facet counts of the unfiltered directory (public only / with hidden), computed once per version
	memo         [2]map[string][]FacetValue
	memoOnce     [2]sync.Once
	orderMu      sync.Mutex
	orderCache   map[*int32][]*entry
	visibleCache map[visibleKey][]*entry
	matchCache   map[string][]int64
}

// ordered returns the entries in an order, built once per snapshot and order.
func (sn *snapshot) ordered(order []int32) []*entry {
	sn.orderMu.Lock()
	defer sn.orderMu.Unlock()
	if sn.orderCache == nil {
		sn.orderCache = map[*int32][]*entry{}
	}
	if len(order) == 0 {
		return nil
	}
	key := &order[0]
	if c, ok := sn.orderCache[key]; ok {
		return c
	}
	out := make([]*entry, len(order))
	for i, pos := range order {
		out[i] = &sn.entries[pos]
	}
	sn.orderCache[key] = out
	return out
}

// visible returns the entries of an order that a reader may see (all of them with hidden), cached
// per snapshot: the directory's landing page and its pages 2, 3, … need no pass over the index.
func (sn *snapshot) visible(ordered []*entry, hidden bool) []*entry {
	sn.orderMu.Lock()
	defer sn.orderMu.Unlock()
	if len(ordered) == 0 {
		return nil
	}
	key := visibleKey{&ordered[0], hidden}
	if sn.visibleCache == nil {
		sn.visibleCache = map[visibleKey][]*entry{}
	}
	if v, ok := sn.visibleCache[key]; ok {
		return v
	}
	out := make([]*entry, 0, len(ordered))
	for _, e := range ordered {
		if e.public || hidden {
			out = append(out, e)
		}
	}
	sn.visibleCache[key] = out
	return out
}

type visibleKey struct {
	first  **entry
	hidden bool
}

// code returns the index of v among a facet's values, adding it when new.
func (sn *snapshot) code(facet int, v string, lookup map[string]uint16) uint16 {
	if c, ok := lookup[v]; ok {
		return c
	}
	c := uint16(len(sn.values[facet]))
	sn.values[facet] = append(sn.values[facet], v)
	lookup[v] = c
	return c
}

type facetIndex struct {
	mu   sync.Mutex
	snap *snapshot
}

// bump marks the directory as changed, inside the change's transaction.
func bump(ctx context.Context, tx *db.Tx) error {
	_, err := tx.Exec(ctx, "UPDATE directory_state SET version = version + 1 WHERE id = 1")
	return err
}

// snapshot returns a current index, reloading it when the directory changed.
func (s *Service) snapshot(ctx context.Context) (*snapshot, error) {
	var v int64
	if err := s.db.QueryRow(ctx, "SELECT version FROM directory_state WHERE id = 1").Scan(&v); err != nil {
		return nil, err
	}
	s.facets.mu.Lock()
	defer s.facets.mu.Unlock()
	if s.facets.snap != nil && s.facets.snap.version == v {
		return s.facets.snap, nil
	}
	snap, err := s.loadSnapshot(ctx, v)
	if err != nil {
		return nil, err
	}
	s.facets.snap = snap
	return snap, nil
}

func (s *Service) loadSnapshot(ctx context.Context, version int64) (*snapshot, error) {
	snap := &snapshot{version: version, byID: map[int64]int32{}}
	var lookups [7]map[string]uint16
	for i := range lookups {
		lookups[i] = map[string]uint16{}
	}
	rows, err := s.db.Query(ctx, `SELECT id, public, country, COALESCE(district_id, 0), COALESCE(place_id, 0), kind, size, name_key, search_text, created_at
		FROM organizations ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.id, &e.public, &e.country, &e.district, &e.place, &e.kind, &e.size, &e.nameKey, &e.searchText, &e.created); err != nil {
			rows.Close()
			return nil, err
		}
		if p, ok := s.places[e.place]; ok {
			e.parent = p.ParentID
		}
		e.countryIdx = snap.code(0, e.country, lookups[0])
		e.kindIdx = snap.code(3, e.kind, lookups[3])
		e.sizeIdx = snap.code(4, e.size, lookups[4])
		snap.byID[e.id] = int32(len(snap.entries))
		snap.entries = append(snap.entries, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.Query(ctx, "SELECT org_id, sector_id FROM org_sectors")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var oid, sid int64
		if err := rows.Scan(&oid, &sid); err != nil {
			rows.Close()
			return nil, err
		}
		if i, ok := snap.byID[oid]; ok {
			snap.entries[i].sectors = append(snap.entries[i].sectors, sid)
			snap.entries[i].sectorIdx = append(snap.entries[i].sectorIdx, snap.code(5, s.sectorByID[sid].Slug, lookups[5]))
		}
	}
	rows.Close()
	for i := range snap.entries {
		e := &snap.entries[i]
		if d, ok := s.districts[e.district]; ok {
			e.districtIdx = snap.code(1, d.Code, lookups[1]) + 1
		}
		if p, ok := s.places[e.place]; ok {
			e.placeIdx = snap.code(2, p.Code, lookups[2]) + 1
		}
	}
	var maxID int64
	for i := range snap.entries {
		maxID = max(maxID, snap.entries[i].id)
	}
	snap.pos = make([]int32, maxID+1)
	for i := range snap.entries {
		snap.pos[snap.entries[i].id] = int32(i) + 1
	}
	snap.byName = make([]int32, len(snap.entries))
	snap.byNewest = make([]int32, len(snap.entries))
	for i := range snap.entries {
		snap.byName[i], snap.byNewest[i] = int32(i), int32(i)
	}
	es := snap.entries
	sort.Slice(snap.byName, func(a, b int) bool {
		x, y := &es[snap.byName[a]], &es[snap.byName[b]]
		if x.nameKey != y.nameKey {
			return x.nameKey < y.nameKey
		}
		return x.id < y.id
	})
	sort.Slice(snap.byNewest, func(a, b int) bool {
		x, y := &es[snap.byNewest[a]], &es[snap.byNewest[b]]
		if !x.created.Equal(y.created) {
			return x.created.After(y.created)
		}
		return x.id > y.id
	})
	for r, pos := range snap.byName {
		es[pos].nameRank = int32(r)
	}
	for r, pos := range snap.byNewest {
		es[pos].newRank = int32(r)
	}
	rows, err = s.db.Query(ctx, "SELECT m.member_id, c.slug FROM memberships m JOIN organizations c ON c.id = m.cluster_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var oid int64
		var slug string
		if err := rows.Scan(&oid, &slug); err != nil {
			return nil, err
		}
		if i, ok := snap.byID[oid]; ok {
			snap.entries[i].clusters = append(snap.entries[i].clusters, slug)
			snap.entries[i].clusterIdx = append(snap.entries[i].clusterIdx, snap.code(6, slug, lookups[6]))
		}
	}
	return snap, rows.Err()
}

// matches returns the ids matching the terms, remembering the last answers until the directory
// changes: a person who searches and then clicks facets, pages or sort orders repeats the same text.
func (s *Service) matches(ctx context.Context, sn *snapshot, terms []string) ([]int64, error) {
	key := strings.Join(terms, " ")
	if !s.NoMatchCache {
		sn.orderMu.Lock()
		ids, ok := sn.matchCache[key]
		sn.orderMu.Unlock()
		if ok {
			return ids, nil
		}
	}
	ids, err := s.matchIDs(ctx, terms)
	if err != nil {
		return nil, err
	}
	sn.orderMu.Lock()
	if sn.matchCache == nil || len(sn.matchCache) >= 256 {
		sn.matchCache = map[string][]int64{} // simple and bounded: start again when full
	}
	sn.matchCache[key] = ids
	sn.orderMu.Unlock()
	return ids, nil
}

// matchIDs asks the database's full-text engine which organisations contain every term. The
// ids come back as one comma-separated text: a broad query can match tens of thousands of rows,
// and one value costs far less than a row each through database/sql.
func (s *Service) matchIDs(ctx context.Context, terms []string) ([]int64, error) {
	var q, arg string
	if s.db.Dialect() == db.Postgres {
		parts := make([]string, len(terms))
		for i, t := range terms {
			parts[i] = t + ":*"
		}
		q, arg = "SELECT COALESCE(string_agg(org_id::text, ','), '') FROM org_search WHERE vector @@ to_tsquery('simple', ?)", strings.Join(parts, " & ")
	} else {
		parts := make([]string, len(terms))
		for i, t := range terms {
			parts[i] = `"` + t + `"*`
		}
		q, arg = "SELECT COALESCE(group_concat(rowid), '') FROM org_fts WHERE org_fts MATCH ?", strings.Join(parts, " AND ")
	}
	var list string
	if err := s.db.QueryRow(ctx, q, arg).Scan(&list); err != nil {
		return nil, err
	}
	if list == "" {
		return nil, nil
	}
	ids := make([]int64, 0, strings.Count(list, ",")+1)
	var n int64
	for i := 0; i <= len(list); i++ {
		if i == len(list) || list[i] == ',' {
			ids = append(ids, n)
			n = 0
			continue
		}
		n = n*10 + int64(list[i]-'0')
	}
	return ids, nil
}

// filters are a query's facet conditions resolved against reference data.
type filters struct {
	hidden                       bool
	country, kind, size, cluster string
	district, place              int64
	sector                       int64
	none                         bool // a filter names something that does not exist: nothing matches
}

// facetNames in the order facets are shown.
var facetNames = []string{"country", "district", "municipality", "kind", "size", "sector", "cluster"}

func (s *Service) resolveFilters(q Query) filters {
	f := filters{hidden: q.Hidden, country: q.Country, kind: q.Kind, size: q.Size, cluster: q.Cluster}
	if q.District != "" {
		f.none = true
		for _, d := range s.districts {
			if d.Code == q.District {
				f.district, f.none = d.ID, false
			}
		}
	}
	if q.Municipality != "" {
		if p, err := s.resolvePlace(q.Country, 0, q.Municipality); err == nil {
			f.place = p.ID
		} else {
			f.none = true
		}
	}
	if q.Sector != "" {
		if sc, ok := s.sectorBySlug[q.Sector]; ok {
			f.sector = sc.ID
		} else {
			f.none = true
		}
	}
	return f
}

// failing returns a bit per facet condition e does not meet (bit i for facetNames[i]).
func (f *filters) failing(e *entry) uint8 {
	var bits uint8
	if f.country != "" && e.country != f.country {
		bits |= 1 << 0
	}
	if f.district != 0 && e.district != f.district {
		bits |= 1 << 1
	}
	if f.place != 0 && e.place != f.place && e.parent != f.place {
		bits |= 1 << 2
	}
	if f.kind != "" && e.kind != f.kind {
		bits |= 1 << 3
	}
	if f.size != "" && e.size != f.size {
		bits |= 1 << 4
	}
	if f.sector != 0 && !containsID(e.sectors, f.sector) {
		bits |= 1 << 5
	}
	if f.cluster != "" && !contains(e.clusters, f.cluster) {
		bits |= 1 << 6
	}
	return bits
}

// tally adds e to the counts of the facets whose own condition may be ignored: all of them when e
// passes every condition, or just the one it fails — so each facet shows what choosing another of
// its values would give.
func tally(counts *[7][]int, e *entry, fail uint8) {
	for i := range facetNames {
		if fail != 0 && fail != 1<<i {
			continue
		}
		c := counts[i]
		switch i {
		case 0:
			c[e.countryIdx]++
		case 1:
			if e.districtIdx > 0 {
				c[e.districtIdx-1]++
			}
		case 2:
			if e.placeIdx > 0 {
				c[e.placeIdx-1]++
			}
		case 3:
			c[e.kindIdx]++
		case 4:
			if e.size != "" {
				c[e.sizeIdx]++
			}
		case 5:
			for _, x := range e.sectorIdx {
				c[x]++
			}
		case 6:
			for _, x := range e.clusterIdx {
				c[x]++
			}
		}
	}
}

// facetValues turns counts into the sorted facet lists.
func (sn *snapshot) facetValues(counts *[7][]int) map[string][]FacetValue {
	out := make(map[string][]FacetValue, len(facetNames))
	for i, name := range facetNames {
		vals := []FacetValue{}
		for code, n := range counts[i] {
			if n > 0 {
				vals = append(vals, FacetValue{Value: sn.values[i][code], Count: n})
			}
		}
		sort.Slice(vals, func(a, b int) bool {
			if vals[a].Count != vals[b].Count {
				return vals[a].Count > vals[b].Count
			}
			return vals[a].Value < vals[b].Value
		})
		out[name] = vals
	}
	return out
}

func (sn *snapshot) newCounts() *[7][]int {
	var c [7][]int
	for i := range c {
		c[i] = make([]int, len(sn.values[i]))
	}
	return &c
}

// hasWordPrefix reports whether some word of s (words separated by single spaces) starts with p.
func hasWordPrefix(s, p string) bool {
	for {
		if strings.HasPrefix(s, p) {
			return true
		}
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			return false
		}
		s = s[i+1:]
	}
}

// hasWord reports whether w is a whole word of s.
func hasWord(s, w string) bool {
	for len(s) > 0 {
		i := strings.Index(s, w)
		if i < 0 {
			return false
		}
		end := i + len(w)
		if (i == 0 || s[i-1] == ' ') && (end == len(s) || s[end] == ' ') {
			return true
		}
		s = s[i+1:]
	}
	return false
}

// topK returns the first k entries of list in the order of rankOf (a position in one of the
// snapshot's pre-sorted orders, each entry's unique), without sorting: a bitmap over the positions
// is filled and read in order, O(len(list) + entries/64).
func (sn *snapshot) topK(list []*entry, k int, rankOf func(*entry) int32, order []int32) []*entry {
	if k > len(list) {
		k = len(list)
	}
	if k == 0 {
		return nil
	}
	bits := make([]uint64, (len(sn.entries)+63)/64)
	for _, e := range list {
		r := rankOf(e)
		bits[r>>6] |= 1 << (r & 63)
	}
	out := make([]*entry, 0, k)
	for w, word := range bits {
		for word != 0 && len(out) < k {
			b := bits64TrailingZeros(word)
			word &= word - 1
			out = append(out, &sn.entries[order[w*64+b]])
		}
		if len(out) == k {
			break
		}
	}
	return out
}

// rankPage returns the first k matching entries in the order asked for. With relevance: exact
// name, name starting with the query, a name word starting with its first term, its first word
// whole anywhere, then the rest; ties by folded name (byte order, the same on every engine), then
// id — which is the pre-sorted name order.
func (sn *snapshot) rankPage(list []*entry, sortBy string, words, terms []string, k int) []*entry {
	byName := func(e *entry) int32 { return e.nameRank }
	if sortBy == "newest" {
		return sn.topK(list, k, func(e *entry) int32 { return e.newRank }, sn.byNewest)
	}
	if sortBy != "relevance" || len(terms) == 0 {
		return sn.topK(list, k, byName, sn.byName)
	}
	full := strings.Join(words, " ")
	var tiers [5][]*entry
	for _, e := range list {
		t := 4
		switch {
		case e.nameKey == full:
			t = 0
		case strings.HasPrefix(e.nameKey, full):
			t = 1
		case hasWordPrefix(e.nameKey, terms[0]):
			t = 2
		case hasWord(e.searchText, words[0]):
			t = 3
		}
		tiers[t] = append(tiers[t], e)
	}
	var out []*entry
	for _, tier := range tiers {
		if len(out) >= k {
			break
		}
		out = append(out, sn.topK(tier, k-len(out), byName, sn.byName)...)
	}
	return out
}

func bits64TrailingZeros(x uint64) int { return bits.TrailingZeros64(x) }
