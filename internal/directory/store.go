package directory

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/audit"
	"clusterbridge/internal/db"
	"clusterbridge/internal/i18n"
	"clusterbridge/internal/translit"
)

// Service is the directory over a database. Reference data (places, districts, sectors) is read
// once at start: it only changes with a release, and holding it in memory lets every page show
// place and sector names without a query per row.
type Service struct {
	db           *db.DB
	i18n         *i18n.Bundle
	Now          func() time.Time
	districts    map[int64]District
	places       map[int64]Place
	placeByCode  map[string]int64
	placesByKey  map[string][]int64 // folded name → places (the same name can exist in both countries)
	sectorBySlug map[string]Sector
	sectorByID   map[int64]Sector
	facets       facetIndex
	// NoMatchCache turns off the reuse of full-text answers within one version of the directory
	// (benchmarks measure the cold path with it).
	NoMatchCache bool
}

// New seeds the reference data and loads it.
func New(ctx context.Context, d *db.DB, b *i18n.Bundle) (*Service, error) {
	if err := SeedReference(ctx, d); err != nil {
		return nil, err
	}
	s := &Service{db: d, i18n: b, Now: time.Now, districts: map[int64]District{}, places: map[int64]Place{},
		placeByCode: map[string]int64{}, placesByKey: map[string][]int64{}, sectorBySlug: map[string]Sector{}, sectorByID: map[int64]Sector{}}
	rows, err := d.Query(ctx, "SELECT id, code, country, name_latin, name_native, in_area FROM districts")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var x District
		if err := rows.Scan(&x.ID, &x.Code, &x.Country, &x.NameLatin, &x.NameNative, &x.InArea); err != nil {
			rows.Close()
			return nil, err
		}
		s.districts[x.ID] = x
	}
	rows.Close()
	rows, err = d.Query(ctx, "SELECT id, code, country, COALESCE(district_id, 0), COALESCE(parent_id, 0), kind, name_latin, name_native, in_area, lat, lon FROM places")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var p Place
		if err := rows.Scan(&p.ID, &p.Code, &p.Country, &p.DistrictID, &p.ParentID, &p.Kind, &p.NameLatin, &p.NameNative, &p.InArea, &p.Lat, &p.Lon); err != nil {
			rows.Close()
			return nil, err
		}
		s.places[p.ID] = p
		s.placeByCode[p.Code] = p.ID
		for _, k := range []string{translit.Fold(p.NameLatin), translit.Fold(p.NameNative)} {
			if !containsID(s.placesByKey[k], p.ID) {
				s.placesByKey[k] = append(s.placesByKey[k], p.ID)
			}
		}
	}
	rows.Close()
	rows, err = d.Query(ctx, "SELECT id, slug, nace_revision, nace FROM sectors ORDER BY position")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var x Sector
		var nace string
		if err := rows.Scan(&x.ID, &x.Slug, &x.NACERevision, &nace); err != nil {
			return nil, err
		}
		x.NACE = strings.Split(nace, ",")
		s.sectorBySlug[x.Slug] = x
		s.sectorByID[x.ID] = x
	}
	return s, rows.Err()
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Place returns a place by ID.
func (s *Service) Place(id int64) (Place, bool) { p, ok := s.places[id]; return p, ok }

// District returns a district by ID.
func (s *Service) District(id int64) (District, bool) { d, ok := s.districts[id]; return d, ok }

// Districts lists the districts, by country then Latin name.
func (s *Service) Districts() []District {
	out := make([]District, 0, len(s.districts))
	for _, d := range s.districts {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Country != out[j].Country {
			return out[i].Country < out[j].Country
		}
		return out[i].NameLatin < out[j].NameLatin
	})
	return out
}

// Places lists the places, by country then Latin name.
func (s *Service) Places() []Place {
	out := make([]Place, 0, len(s.places))
	for _, p := range s.places {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Country != out[j].Country {
			return out[i].Country < out[j].Country
		}
		return translit.Fold(out[i].NameLatin) < translit.Fold(out[j].NameLatin)
	})
	return out
}

// SectorList is the taxonomy in display order.
func (s *Service) SectorList() []Sector {
	out := make([]Sector, 0, len(s.sectorBySlug))
	for _, x := range Sectors {
		out = append(out, s.sectorBySlug[x.Slug])
	}
	return out
}

// ValidSector reports whether a slug names a sector.
func (s *Service) ValidSector(slug string) bool { _, ok := s.sectorBySlug[slug]; return ok }

// resolvePlace finds a place by ID, code, or name in any script within a country.
func (s *Service) resolvePlace(country string, id int64, name string) (Place, error) {
	if id != 0 {
		if p, ok := s.places[id]; ok && (country == "" || p.Country == country) {
			return p, nil
		}
		return Place{}, apperr.New(apperr.NotFound, "directory.place.unknown")
	}
	if pid, ok := s.placeByCode[name]; ok {
		if p := s.places[pid]; country == "" || p.Country == country {
			return p, nil
		}
	}
	var match []Place
	for _, pid := range s.placesByKey[translit.Fold(name)] {
		if p := s.places[pid]; country == "" || p.Country == country {
			match = append(match, p)
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	return Place{}, apperr.New(apperr.NotFound, "directory.place.unknown")
}

// ResolvePlace is resolvePlace for other packages (import, API filters).
func (s *Service) ResolvePlace(country, name string) (Place, error) {
	return s.resolvePlace(country, 0, name)
}

// searchText is everything the full-text index should find an organisation by, folded: its names,
// its place (with the city of a city municipality, and the district) in both scripts, its sectors
// in all four languages, its NACE codes, registration number and descriptions.
func (s *Service) searchText(o *Organization) string {
	parts := []string{o.Name, o.ShortName, o.NameLatin, o.City, o.RegNo}
	if p, ok := s.places[o.PlaceID]; ok {
		parts = append(parts, p.NameLatin, p.NameNative)
		if parent, ok := s.places[p.ParentID]; ok {
			parts = append(parts, parent.NameLatin, parent.NameNative)
		}
		if d, ok := s.districts[p.DistrictID]; ok {
			parts = append(parts, d.NameLatin, d.NameNative)
		}
	}
	for _, sl := range o.Sectors {
		for _, l := range i18n.Locales {
			if l == i18n.SrLatn {
				continue // folds the same as sr-Cyrl
			}
			parts = append(parts, s.i18n.For(l).T("sector."+sl))
		}
	}
	parts = append(parts, o.NACE...)
	for _, loc := range DescriptionLocales {
		parts = append(parts, o.Descriptions[loc])
	}
	return translit.Fold(strings.Join(parts, " "))
}

func nameKey(o *Organization) string {
	return translit.Fold(o.Name + " " + o.ShortName)
}

// uniqueSlug derives a URL slug from the name, adding -2, -3… when taken.
func uniqueSlug(ctx context.Context, tx *db.Tx, name string, exceptID int64) (string, error) {
	base := slugify(name)
	if len(base) > 60 {
		base = strings.Trim(base[:60], "-")
	}
	if base == "" {
		base = "org"
	}
	slug := base
	for i := 2; ; i++ {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM organizations WHERE slug = ? AND id <> ?", slug, exceptID).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			return slug, nil
		}
		slug = base + "-" + strconv.Itoa(i)
	}
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Create validates and stores a new organisation, with its audit entry, in one transaction.
func (s *Service) Create(ctx context.Context, actor audit.Actor, in Input) (Organization, error) {
	var o Organization
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		o, err = s.createTx(ctx, tx, actor, in)
		return err
	})
	return o, err
}

func (s *Service) createTx(ctx context.Context, tx *db.Tx, actor audit.Actor, in Input) (Organization, error) {
	o, err := s.validate(in, s.now())
	if err != nil {
		return o, err
	}
	o.Slug, err = uniqueSlug(ctx, tx, o.Name, 0)
	if err != nil {
		return o, err
	}
	if err := s.insert(ctx, tx, &o); err != nil {
		return o, err
	}
	return o, audit.Record(ctx, tx, actor, "organization.create", "organization", o.ID, map[string]any{"name": o.Name, "kind": o.Kind})
}

// insert writes a validated organisation with its descriptions, sectors, codes and index entry.
func (s *Service) insert(ctx context.Context, tx *db.Tx, o *Organization) error {
	now := s.now()
	o.CreatedAt, o.UpdatedAt = now, now
	err := tx.QueryRow(ctx, `INSERT INTO organizations (slug, name, short_name, name_latin, kind, size, country, place_id, district_id, city,
		address, website, email, phone, reg_no, reg_kind, founded, employees, public, name_key, search_text, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		o.Slug, o.Name, o.ShortName, o.NameLatin, o.Kind, o.Size, o.Country, nullID(o.PlaceID), nullID(o.DistrictID), o.City,
		o.Address, o.Website, o.Email, o.Phone, o.RegNo, o.RegKind, o.Founded, o.Employees, o.Public, nameKey(o), s.searchText(o), now, now).Scan(&o.ID)
	if errors.Is(err, apperr.Conflict) {
		return &apperr.Error{Kind: apperr.Invalid, Key: "error.invalid", Fields: apperr.Fields{"reg_no": "directory.regno.taken"}, Err: err}
	}
	if err != nil {
		return err
	}
	if err := bump(ctx, tx); err != nil {
		return err
	}
	return s.writeChildren(ctx, tx, o)
}

// Update replaces an organisation's fields.
func (s *Service) Update(ctx context.Context, actor audit.Actor, id int64, in Input) (Organization, error) {
	now := s.now()
	o, err := s.validate(in, now)
	if err != nil {
		return o, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := s.getTx(ctx, tx, id)
		if err != nil {
			return err
		}
		o.ID, o.Slug, o.CreatedAt, o.UpdatedAt, o.Logo = id, old.Slug, old.CreatedAt, now, old.Logo
		if IsCluster(old.Kind) && !IsCluster(o.Kind) {
			var n int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM memberships WHERE cluster_id = ?", id).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return (apperr.Fields{"kind": "directory.kind.has_members"}).Err()
			}
		}
		_, err = tx.Exec(ctx, `UPDATE organizations SET name = ?, short_name = ?, name_latin = ?, kind = ?, size = ?, country = ?, place_id = ?,
			district_id = ?, city = ?, address = ?, website = ?, email = ?, phone = ?, reg_no = ?, reg_kind = ?, founded = ?, employees = ?,
			public = ?, name_key = ?, search_text = ?, updated_at = ? WHERE id = ?`,
			o.Name, o.ShortName, o.NameLatin, o.Kind, o.Size, o.Country, nullID(o.PlaceID), nullID(o.DistrictID), o.City, o.Address,
			o.Website, o.Email, o.Phone, o.RegNo, o.RegKind, o.Founded, o.Employees, o.Public, nameKey(&o), s.searchText(&o), now, id)
		if errors.Is(err, apperr.Conflict) {
			return &apperr.Error{Kind: apperr.Invalid, Key: "error.invalid", Fields: apperr.Fields{"reg_no": "directory.regno.taken"}, Err: err}
		}
		if err != nil {
			return err
		}
		for _, q := range []string{"DELETE FROM org_descriptions WHERE org_id = ?", "DELETE FROM org_sectors WHERE org_id = ?", "DELETE FROM org_nace WHERE org_id = ?"} {
			if _, err := tx.Exec(ctx, q, id); err != nil {
				return err
			}
		}
		if err := s.writeChildren(ctx, tx, &o); err != nil {
			return err
		}
		if err := bump(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "organization.update", "organization", id, diff(old, o))
	})
	return o, err
}

// diff names the fields a change touched, for the audit log.
func diff(a, b Organization) map[string]any {
	changed := map[string]any{}
	check := func(name string, x, y any) {
		if fmt.Sprint(x) != fmt.Sprint(y) {
			changed[name] = y
		}
	}
	check("name", a.Name, b.Name)
	check("short_name", a.ShortName, b.ShortName)
	check("kind", a.Kind, b.Kind)
	check("size", a.Size, b.Size)
	check("country", a.Country, b.Country)
	check("place_id", a.PlaceID, b.PlaceID)
	check("city", a.City, b.City)
	check("address", a.Address, b.Address)
	check("website", a.Website, b.Website)
	check("email", a.Email, b.Email)
	check("phone", a.Phone, b.Phone)
	check("reg_no", a.RegNo, b.RegNo)
	check("founded", a.Founded, b.Founded)
	check("employees", a.Employees, b.Employees)
	check("public", a.Public, b.Public)
	check("sectors", a.Sectors, b.Sectors)
	check("nace", a.NACE, b.NACE)
	check("descriptions", a.Descriptions, b.Descriptions)
	return changed
}

func (s *Service) writeChildren(ctx context.Context, tx *db.Tx, o *Organization) error {
	for loc, text := range o.Descriptions {
		if _, err := tx.Exec(ctx, "INSERT INTO org_descriptions (org_id, locale, body) VALUES (?, ?, ?)", o.ID, loc, text); err != nil {
			return err
		}
	}
	for _, sl := range o.Sectors {
		if _, err := tx.Exec(ctx, "INSERT INTO org_sectors (org_id, sector_id) VALUES (?, ?)", o.ID, s.sectorBySlug[sl].ID); err != nil {
			return err
		}
	}
	for _, c := range o.NACE {
		if _, err := tx.Exec(ctx, "INSERT INTO org_nace (org_id, code) VALUES (?, ?)", o.ID, c); err != nil {
			return err
		}
	}
	return s.index(ctx, tx, o)
}

// index keeps the full-text index in step: SQLite's FTS5 table, PostgreSQL's org_search.
func (s *Service) index(ctx context.Context, tx *db.Tx, o *Organization) error {
	if tx.Dialect() == db.Postgres {
		_, err := tx.Exec(ctx, `INSERT INTO org_search (org_id, vector) VALUES (?, strip(to_tsvector('simple', ?)))
			ON CONFLICT (org_id) DO UPDATE SET vector = excluded.vector`, o.ID, s.searchText(o))
		return err
	}
	if _, err := tx.Exec(ctx, "DELETE FROM org_fts WHERE rowid = ?", o.ID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "INSERT INTO org_fts (rowid, search_text) VALUES (?, ?)", o.ID, s.searchText(o))
	return err
}

// Delete removes an organisation with its descriptions, memberships, contacts and editors.
func (s *Service) Delete(ctx context.Context, actor audit.Actor, id int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := s.getTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if tx.Dialect() == db.SQLite {
			if _, err := tx.Exec(ctx, "DELETE FROM org_fts WHERE rowid = ?", id); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, "DELETE FROM organizations WHERE id = ?", id); err != nil {
			return err
		}
		if err := bump(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "organization.delete", "organization", id, map[string]any{"name": o.Name})
	})
}

const orgColumns = `o.id, o.slug, o.name, o.short_name, o.name_latin, o.kind, o.size, o.country, COALESCE(o.place_id, 0),
	COALESCE(o.district_id, 0), o.city, o.address, o.website, o.email, o.phone, o.reg_no, o.reg_kind, o.founded, o.employees,
	o.logo, o.public, o.created_at, o.updated_at`

func scanOrg(row interface{ Scan(...any) error }) (Organization, error) {
	var o Organization
	err := row.Scan(&o.ID, &o.Slug, &o.Name, &o.ShortName, &o.NameLatin, &o.Kind, &o.Size, &o.Country, &o.PlaceID, &o.DistrictID,
		&o.City, &o.Address, &o.Website, &o.Email, &o.Phone, &o.RegNo, &o.RegKind, &o.Founded, &o.Employees, &o.Logo, &o.Public,
		&o.CreatedAt, &o.UpdatedAt)
	return o, err
}

// Get returns an organisation by ID with its descriptions, sectors and NACE codes.
func (s *Service) Get(ctx context.Context, id int64) (Organization, error) {
	return s.getFrom(ctx, s.db, "o.id = ?", id)
}

// BySlug returns an organisation by its URL slug.
func (s *Service) BySlug(ctx context.Context, slug string) (Organization, error) {
	return s.getFrom(ctx, s.db, "o.slug = ?", slug)
}

func (s *Service) getTx(ctx context.Context, tx *db.Tx, id int64) (Organization, error) {
	return s.getFrom(ctx, tx, "o.id = ?", id)
}

func (s *Service) getFrom(ctx context.Context, q db.Querier, where string, arg any) (Organization, error) {
	o, err := scanOrg(q.QueryRow(ctx, "SELECT "+orgColumns+" FROM organizations o WHERE "+where, arg))
	if err != nil {
		return o, err
	}
	list := []*Organization{&o}
	if err := s.loadChildren(ctx, q, list, true); err != nil {
		return o, err
	}
	return o, nil
}

// loadChildren fills sectors (and, with full, descriptions and NACE codes) of several
// organisations with one query each, never one per organisation.
func (s *Service) loadChildren(ctx context.Context, q db.Querier, orgs []*Organization, full bool) error {
	if len(orgs) == 0 {
		return nil
	}
	byID := map[int64]*Organization{}
	ids := make([]any, 0, len(orgs))
	for _, o := range orgs {
		byID[o.ID] = o
		ids = append(ids, o.ID)
		if o.Descriptions == nil {
			o.Descriptions = map[string]string{}
		}
	}
	in := placeholders(len(ids))
	rows, err := q.Query(ctx, "SELECT org_id, sector_id FROM org_sectors WHERE org_id IN ("+in+")", ids...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var oid, sid int64
		if err := rows.Scan(&oid, &sid); err != nil {
			rows.Close()
			return err
		}
		byID[oid].Sectors = append(byID[oid].Sectors, s.sectorByID[sid].Slug)
	}
	rows.Close()
	for _, o := range orgs {
		s.sortSectors(o.Sectors)
	}
	if !full {
		return rows.Err()
	}
	rows, err = q.Query(ctx, "SELECT org_id, locale, body FROM org_descriptions WHERE org_id IN ("+in+")", ids...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var oid int64
		var loc, body string
		if err := rows.Scan(&oid, &loc, &body); err != nil {
			rows.Close()
			return err
		}
		byID[oid].Descriptions[loc] = body
	}
	rows.Close()
	rows, err = q.Query(ctx, "SELECT org_id, code FROM org_nace WHERE org_id IN ("+in+") ORDER BY code", ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var oid int64
		var code string
		if err := rows.Scan(&oid, &code); err != nil {
			return err
		}
		byID[oid].NACE = append(byID[oid].NACE, code)
	}
	return rows.Err()
}

func (s *Service) sortSectors(slugs []string) {
	pos := map[string]int{}
	for i, x := range Sectors {
		pos[x.Slug] = i
	}
	sort.Slice(slugs, func(i, j int) bool { return pos[slugs[i]] < pos[slugs[j]] })
}

func placeholders(n int) string {
	if n == 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// Input returns the form input that would store o unchanged (for edit forms and the API).
func (o *Organization) Input() Input {
	in := Input{Name: o.Name, ShortName: o.ShortName, Kind: o.Kind, Size: o.Size, Country: o.Country, PlaceID: o.PlaceID,
		City: o.City, Address: o.Address, Website: o.Website, Email: o.Email, Phone: o.Phone, RegNo: o.RegNo,
		Descriptions: map[string]string{}, Sectors: o.Sectors, NACE: o.NACE, Public: o.Public}
	if o.Founded != 0 {
		in.Founded = strconv.Itoa(o.Founded)
	}
	if o.Employees != 0 {
		in.Employees = strconv.Itoa(o.Employees)
	}
	for k, v := range o.Descriptions {
		in.Descriptions[k] = v
	}
	return in
}
