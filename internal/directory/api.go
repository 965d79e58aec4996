package directory

import (
	"net/http"
	"strconv"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/i18n"
	"clusterbridge/internal/web"
)

// OrgJSON is an organisation in the API.
type OrgJSON struct {
	ID               int64             `json:"id"`
	Slug             string            `json:"slug"`
	Name             string            `json:"name"`
	NameLatin        string            `json:"name_latin"`
	ShortName        string            `json:"short_name,omitempty"`
	Kind             string            `json:"kind"`
	Size             string            `json:"size,omitempty"`
	Country          string            `json:"country"`
	Municipality     string            `json:"municipality"`
	MunicipalityCode string            `json:"municipality_code,omitempty"`
	District         string            `json:"district"`
	DistrictCode     string            `json:"district_code,omitempty"`
	City             string            `json:"city,omitempty"`
	Address          string            `json:"address,omitempty"`
	Website          string            `json:"website,omitempty"`
	Email            string            `json:"email,omitempty"`
	Phone            string            `json:"phone,omitempty"`
	RegistrationNo   string            `json:"registration_number,omitempty"`
	Founded          int               `json:"founded,omitempty"`
	Employees        int               `json:"employees,omitempty"`
	Sectors          []string          `json:"sectors"`
	NACE             []string          `json:"nace,omitempty"`
	Descriptions     map[string]string `json:"descriptions,omitempty"`
	Public           bool              `json:"public"`
	URL              string            `json:"url"`
}

func (s *Service) toJSON(base string, o Organization) OrgJSON {
	j := OrgJSON{ID: o.ID, Slug: o.Slug, Name: o.Name, NameLatin: o.NameLatin, ShortName: o.ShortName, Kind: o.Kind, Size: o.Size,
		Country: o.Country, City: o.City, Address: o.Address, Website: o.Website, Email: o.Email, Phone: o.Phone, RegistrationNo: o.RegNo,
		Founded: o.Founded, Employees: o.Employees, Sectors: o.Sectors, NACE: o.NACE, Descriptions: o.Descriptions, Public: o.Public,
		URL: base + "/organizations/" + o.Slug}
	if j.Sectors == nil {
		j.Sectors = []string{}
	}
	if p, ok := s.places[o.PlaceID]; ok {
		j.Municipality, j.MunicipalityCode = p.NameLatin, p.Code
	}
	if d, ok := s.districts[o.DistrictID]; ok {
		j.District, j.DistrictCode = d.NameLatin, d.Code
	}
	return j
}

// InputJSON is the body of create and update requests.
type InputJSON struct {
	Name           string            `json:"name"`
	ShortName      string            `json:"short_name"`
	Kind           string            `json:"kind"`
	Size           string            `json:"size"`
	Country        string            `json:"country"`
	Municipality   string            `json:"municipality"`
	City           string            `json:"city"`
	Address        string            `json:"address"`
	Website        string            `json:"website"`
	Email          string            `json:"email"`
	Phone          string            `json:"phone"`
	RegistrationNo string            `json:"registration_number"`
	Founded        int               `json:"founded"`
	Employees      int               `json:"employees"`
	Sectors        []string          `json:"sectors"`
	NACE           []string          `json:"nace"`
	Descriptions   map[string]string `json:"descriptions"`
	Public         *bool             `json:"public"`
}

func (j InputJSON) input() Input {
	in := Input{Name: j.Name, ShortName: j.ShortName, Kind: j.Kind, Size: j.Size, Country: j.Country, Municipality: j.Municipality,
		City: j.City, Address: j.Address, Website: j.Website, Email: j.Email, Phone: j.Phone, RegNo: j.RegistrationNo,
		Sectors: j.Sectors, NACE: j.NACE, Descriptions: j.Descriptions, Public: j.Public == nil || *j.Public}
	if j.Founded != 0 {
		in.Founded = strconv.Itoa(j.Founded)
	}
	if j.Employees != 0 {
		in.Employees = strconv.Itoa(j.Employees)
	}
	return in
}

func (h *Web) apiRoutes(s *web.Server) {
	s.Handle("GET /api/v1/organizations", h.apiList(""))
	s.Handle("GET /api/v1/clusters", h.apiList("cluster"))
	s.Handle("POST /api/v1/organizations", s.RequireUser(h.apiCreate))
	s.Handle("GET /api/v1/organizations/{id}", h.apiGet)
	s.Handle("PUT /api/v1/organizations/{id}", s.RequireUser(h.apiUpdate))
	s.Handle("DELETE /api/v1/organizations/{id}", s.RequireAdmin(h.apiDelete))
	s.Handle("GET /api/v1/clusters/{id}/members", h.apiMembers)
	s.Handle("POST /api/v1/clusters/{id}/members", s.RequireUser(h.apiAddMember))
	s.Handle("DELETE /api/v1/clusters/{id}/members/{membership}", s.RequireUser(h.apiRemoveMember))
	s.Handle("GET /api/v1/places", h.apiPlaces)
	s.Handle("GET /api/v1/sectors", h.apiSectors)
	h.document(s.API())
}

func (h *Web) apiList(kind string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		q := ParseQuery(r.URL.Query())
		if kind != "" && q.Kind == "" {
			q.Kind = kind
		}
		_, q.Hidden = actorOf(r)
		res, err := h.svc.Search(r.Context(), q)
		if err != nil {
			return err
		}
		items := make([]OrgJSON, 0, len(res.Items))
		for _, o := range res.Items {
			items = append(items, h.svc.toJSON(h.srv.Config.Public(), o))
		}
		web.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "total": res.Total, "page": res.Page, "per_page": res.PerPage, "facets": res.Facets})
		return nil
	}
}

// byID loads an organisation for the API with the same visibility rules as the pages.
func (h *Web) byID(r *http.Request, name string, mustEdit bool) (Organization, bool, error) {
	id, err := pathInt(r, name)
	if err != nil {
		return Organization{}, false, err
	}
	o, err := h.svc.Get(r.Context(), id)
	if err != nil {
		return o, false, err
	}
	can, err := h.access(r, o)
	if err != nil {
		return o, false, err
	}
	if mustEdit && !can {
		return o, false, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return o, can, nil
}

func (h *Web) apiGet(w http.ResponseWriter, r *http.Request) error {
	o, can, err := h.byID(r, "id", false)
	if err != nil {
		return err
	}
	contacts, err := h.svc.Contacts(r.Context(), o.ID, !can)
	if err != nil {
		return err
	}
	if contacts == nil {
		contacts = []Contact{}
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"item": h.svc.toJSON(h.srv.Config.Public(), o), "contacts": contacts})
	return nil
}

func (h *Web) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in InputJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	u := web.StateOf(r).User
	o, err := h.svc.CreateBy(r.Context(), u.Actor(web.ClientIP(r)), u.ID, u.IsAdmin(), in.input())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, map[string]any{"item": h.svc.toJSON(h.srv.Config.Public(), o)})
	return nil
}

func (h *Web) apiUpdate(w http.ResponseWriter, r *http.Request) error {
	o, _, err := h.byID(r, "id", true)
	if err != nil {
		return err
	}
	var in InputJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	u := web.StateOf(r).User
	o, err = h.svc.Update(r.Context(), u.Actor(web.ClientIP(r)), o.ID, in.input())
	if err != nil {
		return err
	}
	o, err = h.svc.Get(r.Context(), o.ID)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"item": h.svc.toJSON(h.srv.Config.Public(), o)})
	return nil
}

func (h *Web) apiDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	u := web.StateOf(r).User
	if err := h.svc.Delete(r.Context(), u.Actor(web.ClientIP(r)), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type memberJSON struct {
	ID           int64   `json:"id"`
	Role         string  `json:"role"`
	Since        string  `json:"since,omitempty"`
	Until        string  `json:"until,omitempty"`
	CrossBorder  bool    `json:"cross_border"`
	Organization OrgJSON `json:"organization"`
}

func (h *Web) apiMembers(w http.ResponseWriter, r *http.Request) error {
	c, can, err := h.byID(r, "id", false)
	if err != nil {
		return err
	}
	if !IsCluster(c.Kind) {
		return apperr.New(apperr.NotFound, "error.not_found")
	}
	ms, err := h.svc.Members(r.Context(), c.ID, can)
	if err != nil {
		return err
	}
	items := make([]memberJSON, 0, len(ms))
	for _, m := range ms {
		items = append(items, memberJSON{ID: m.ID, Role: m.Role, Since: m.Since, Until: m.Until, CrossBorder: m.Org.Country != c.Country,
			Organization: h.svc.toJSON(h.srv.Config.Public(), m.Org)})
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "total": len(items)})
	return nil
}

func (h *Web) apiAddMember(w http.ResponseWriter, r *http.Request) error {
	c, _, err := h.byID(r, "id", true)
	if err != nil {
		return err
	}
	var in struct {
		MemberID int64  `json:"member_id"`
		Role     string `json:"role"`
		Since    string `json:"since"`
		Until    string `json:"until"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Role == "" {
		in.Role = "member"
	}
	u := web.StateOf(r).User
	m, err := h.svc.AddMember(r.Context(), u.Actor(web.ClientIP(r)), c.ID, in.MemberID, in.Role, in.Since, in.Until)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, map[string]any{"id": m.ID, "role": m.Role, "since": m.Since, "until": m.Until})
	return nil
}

func (h *Web) apiRemoveMember(w http.ResponseWriter, r *http.Request) error {
	c, _, err := h.byID(r, "id", true)
	if err != nil {
		return err
	}
	mid, err := pathInt(r, "membership")
	if err != nil {
		return err
	}
	u := web.StateOf(r).User
	if err := h.svc.RemoveMember(r.Context(), u.Actor(web.ClientIP(r)), c.ID, mid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Web) apiPlaces(w http.ResponseWriter, r *http.Request) error {
	country, district := r.URL.Query().Get("country"), r.URL.Query().Get("district")
	l := web.StateOf(r).L
	type placeJSON struct {
		Code         string   `json:"code"`
		Country      string   `json:"country"`
		NameLatin    string   `json:"name_latin"`
		NameNative   string   `json:"name_native"`
		Name         string   `json:"name"`
		Kind         string   `json:"kind"`
		District     string   `json:"district"`
		DistrictCode string   `json:"district_code"`
		Parent       string   `json:"parent,omitempty"`
		InArea       bool     `json:"in_programme_area"`
		Lat          *float64 `json:"lat"`
		Lon          *float64 `json:"lon"`
	}
	items := []placeJSON{}
	for _, p := range h.svc.Places() {
		d := h.svc.districts[p.DistrictID]
		if (country != "" && p.Country != country) || (district != "" && d.Code != district) {
			continue
		}
		pj := placeJSON{Code: p.Code, Country: p.Country, NameLatin: p.NameLatin, NameNative: p.NameNative, Name: PlaceName(l, p),
			Kind: p.Kind, District: d.NameLatin, DistrictCode: d.Code, InArea: p.InArea, Lat: p.Lat, Lon: p.Lon}
		if parent, ok := h.svc.places[p.ParentID]; ok {
			pj.Parent = parent.Code
		}
		items = append(items, pj)
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "total": len(items)})
	return nil
}

func (h *Web) apiSectors(w http.ResponseWriter, r *http.Request) error {
	type sectorJSON struct {
		Slug         string            `json:"slug"`
		Name         string            `json:"name"`
		Names        map[string]string `json:"names"`
		NACERevision string            `json:"nace_revision"`
		NACE         []string          `json:"nace"`
	}
	l := web.StateOf(r).L
	items := []sectorJSON{}
	for _, s := range h.svc.SectorList() {
		names := map[string]string{}
		for _, loc := range i18n.Locales {
			names[string(loc)] = h.svc.i18n.For(loc).T("sector." + s.Slug)
		}
		items = append(items, sectorJSON{Slug: s.Slug, Name: l.T("sector." + s.Slug), Names: names, NACERevision: s.NACERevision, NACE: s.NACE})
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "total": len(items)})
	return nil
}

func (h *Web) document(api *web.OpenAPI) {
	str := map[string]any{"type": "string"}
	integer := map[string]any{"type": "integer"}
	strs := map[string]any{"type": "array", "items": str}
	api.Schema("Organization", map[string]any{"type": "object", "properties": map[string]any{
		"id": integer, "slug": str, "name": str, "name_latin": str, "short_name": str,
		"kind":    map[string]any{"type": "string", "enum": Kinds},
		"size":    map[string]any{"type": "string", "enum": append([]string{""}, Sizes...)},
		"country": str, "municipality": map[string]any{"type": "string", "description": "Latin name"}, "municipality_code": str,
		"district": str, "district_code": str, "city": str, "address": str, "website": str, "email": str, "phone": str,
		"registration_number": str, "founded": integer, "employees": integer, "sectors": strs, "nace": strs,
		"descriptions": map[string]any{"type": "object", "additionalProperties": str, "description": "keys: sr, bg, en"},
		"public":       map[string]any{"type": "boolean"}, "url": str}})
	api.Schema("OrganizationInput", map[string]any{"type": "object", "required": []string{"name", "kind", "country"}, "properties": map[string]any{
		"name": str, "short_name": str, "kind": map[string]any{"type": "string", "enum": Kinds}, "size": str, "country": str,
		"municipality": map[string]any{"type": "string", "description": "a place code or a municipality name in any script"},
		"city":         str, "address": str, "website": str, "email": str, "phone": str, "registration_number": str, "founded": integer,
		"employees": integer, "sectors": strs, "nace": strs, "descriptions": map[string]any{"type": "object", "additionalProperties": str},
		"public": map[string]any{"type": "boolean"}}})
	api.Schema("OrganizationList", map[string]any{"type": "object", "properties": map[string]any{
		"items": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Organization"}},
		"total": integer, "page": integer, "per_page": integer,
		"facets": map[string]any{"type": "object", "description": "facet → [{Value, Count}]"}}})
	api.Schema("OrganizationItem", map[string]any{"type": "object", "properties": map[string]any{"item": map[string]any{"$ref": "#/components/schemas/Organization"}}})
	api.Schema("MemberList", map[string]any{"type": "object"})
	api.Schema("NewMember", map[string]any{"type": "object", "required": []string{"member_id"}, "properties": map[string]any{
		"member_id": integer, "role": map[string]any{"type": "string", "enum": Roles}, "since": str, "until": str}})
	api.Schema("PlaceList", map[string]any{"type": "object"})
	api.Schema("SectorList", map[string]any{"type": "object"})
	filters := []web.Param{
		{Name: "q", In: "query", Type: "string", Description: "text in any script"},
		{Name: "country", In: "query", Type: "string", Description: "BG, RS or another ISO code"},
		{Name: "district", In: "query", Type: "string", Description: "district code, see /api/v1/places"},
		{Name: "municipality", In: "query", Type: "string", Description: "place code or name in any script"},
		{Name: "kind", In: "query", Type: "string"}, {Name: "sector", In: "query", Type: "string"},
		{Name: "size", In: "query", Type: "string"}, {Name: "cluster", In: "query", Type: "string", Description: "cluster slug"},
		{Name: "sort", In: "query", Type: "string", Description: "relevance, name or newest"},
		{Name: "page", In: "query", Type: "integer"}, {Name: "per_page", In: "query", Type: "integer", Description: "at most 100"},
	}
	id := []web.Param{{Name: "id", In: "path", Type: "integer"}}
	tags := []string{"directory"}
	api.Add("GET", "/api/v1/organizations", web.Op{Summary: "Search organisations", Tags: tags, Params: filters, Responses: map[int]string{200: "OrganizationList"}})
	api.Add("POST", "/api/v1/organizations", web.Op{Summary: "Create an organisation", Tags: tags, Auth: true, RequestBody: "OrganizationInput", Responses: map[int]string{201: "OrganizationItem"}})
	api.Add("GET", "/api/v1/organizations/{id}", web.Op{Summary: "Get an organisation with its contacts", Tags: tags, Params: id, Responses: map[int]string{200: "OrganizationItem"}})
	api.Add("PUT", "/api/v1/organizations/{id}", web.Op{Summary: "Replace an organisation's fields (its editors and administrators)", Tags: tags, Auth: true, Params: id, RequestBody: "OrganizationInput", Responses: map[int]string{200: "OrganizationItem"}})
	api.Add("DELETE", "/api/v1/organizations/{id}", web.Op{Summary: "Delete an organisation (administrators)", Tags: tags, Auth: true, Params: id, Responses: map[int]string{204: ""}})
	api.Add("GET", "/api/v1/clusters", web.Op{Summary: "Search clusters", Tags: tags, Params: filters, Responses: map[int]string{200: "OrganizationList"}})
	api.Add("GET", "/api/v1/clusters/{id}/members", web.Op{Summary: "A cluster's members", Tags: tags, Params: id, Responses: map[int]string{200: "MemberList"}})
	api.Add("POST", "/api/v1/clusters/{id}/members", web.Op{Summary: "Add or update a member", Tags: tags, Auth: true, Params: id, RequestBody: "NewMember", Responses: map[int]string{201: ""}})
	api.Add("DELETE", "/api/v1/clusters/{id}/members/{membership}", web.Op{Summary: "Remove a membership", Tags: tags, Auth: true,
		Params: append(id, web.Param{Name: "membership", In: "path", Type: "integer"}), Responses: map[int]string{204: ""}})
	api.Add("GET", "/api/v1/places", web.Op{Summary: "Places of the programme area", Tags: tags,
		Params: []web.Param{{Name: "country", In: "query", Type: "string"}, {Name: "district", In: "query", Type: "string"}}, Responses: map[int]string{200: "PlaceList"}})
	api.Add("GET", "/api/v1/sectors", web.Op{Summary: "The sector taxonomy with NACE Rev. 2 codes", Tags: tags, Responses: map[int]string{200: "SectorList"}})
}
