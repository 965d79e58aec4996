package directory

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/audit"
	"clusterbridge/internal/db"
	"clusterbridge/internal/i18n"
	"clusterbridge/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Web is the directory's pages and API.
type Web struct {
	svc *Service
	srv *web.Server
}

// NewWeb returns the directory capability for mounting.
func NewWeb(svc *Service) *Web { return &Web{svc: svc} }

// Routes registers the directory's pages, API and menu entries.
func (h *Web) Routes(s *web.Server) {
	h.srv = s
	if err := s.AddTemplates(templateFiles, "templates"); err != nil {
		panic(err) // embedded templates; a test parses them
	}
	s.AddNav("nav.organizations", "/organizations")
	s.SetSearch("/organizations", "directory.search.placeholder")
	s.AddHomeCard(web.HomeCard{Title: "nav.organizations", Text: "directory.home.text", Href: "/organizations", CountKey: "directory.home.orgs",
		Count: func(ctx context.Context) (int, error) { return h.svc.count(ctx, "") }})
	s.AddHomeCard(web.HomeCard{Title: "nav.clusters", Text: "directory.home.clusters_text", Href: "/clusters", CountKey: "directory.home.clusters",
		Count: func(ctx context.Context) (int, error) { return h.svc.count(ctx, "cluster") }})
	s.AddHomeCard(web.HomeCard{Title: "directory.home.cross_title", Text: "directory.home.cross_text", Href: "/clusters", CountKey: "directory.home.cross",
		Count: h.svc.crossBorderLinks})
	s.AddNav("nav.clusters", "/clusters")
	s.Handle("GET /organizations", h.search)
	s.Handle("GET /organizations.csv", h.exportCSV)
	s.Handle("GET /clusters", h.clusters)
	s.Handle("GET /organizations/new", s.RequireUser(h.newForm))
	s.Handle("POST /organizations", s.RequireUser(h.create))
	s.Handle("GET /organizations/{slug}", h.show)
	s.Handle("GET /organizations/{slug}/edit", s.RequireUser(h.editForm))
	s.Handle("POST /organizations/{slug}", s.RequireUser(h.update))
	s.Handle("POST /organizations/{slug}/delete", s.RequireAdmin(h.delete))
	s.Handle("POST /organizations/{slug}/logo", s.RequireUser(h.uploadLogo))
	s.Handle("POST /organizations/{slug}/logo/delete", s.RequireUser(h.removeLogo))
	s.Handle("GET /media/{name}", h.media)
	s.Handle("POST /organizations/{slug}/members", s.RequireUser(h.addMember))
	s.Handle("POST /organizations/{slug}/members/{id}/delete", s.RequireUser(h.removeMember))
	s.Handle("POST /organizations/{slug}/contacts", s.RequireUser(h.addContact))
	s.Handle("POST /organizations/{slug}/contacts/{id}/erase", s.RequireUser(h.eraseContact))
	s.Handle("POST /organizations/{slug}/contacts/{id}", s.RequireUser(h.updateContact))
	s.Handle("GET /organizations/{slug}/contacts/{id}/export", s.RequireUser(h.exportContact))
	s.Handle("POST /organizations/{slug}/claim", s.RequireUser(h.claim))
	s.Handle("GET /admin/claims", s.RequireAdmin(h.claims))
	s.Handle("POST /admin/claims/{id}/approve", s.RequireAdmin(h.decide(true)))
	s.Handle("POST /admin/claims/{id}/reject", s.RequireAdmin(h.decide(false)))
	h.importRoutes(s)
	h.apiRoutes(s)
}

func actorOf(r *http.Request) (userID int64, admin bool) {
	if u := web.StateOf(r).User; u != nil {
		return u.ID, u.IsAdmin()
	}
	return 0, false
}

type searchView struct {
	Query      Query
	Result     Result
	Cards      []Card
	Facets     []FacetView
	Pages      []PageLink
	Export     string
	Sorts      []FacetOption
	Heading    string
	Action     string
	CanCreate  bool
	ShowHidden bool
}

func (h *Web) runSearch(w http.ResponseWriter, r *http.Request, q Query, title, action string) error {
	_, admin := actorOf(r)
	q.Hidden = admin
	res, err := h.svc.Search(r.Context(), q)
	if err != nil {
		return err
	}
	l := web.StateOf(r).L
	names, err := h.svc.clusterNames(r.Context(), l, res.Facets["cluster"])
	if err != nil {
		return err
	}
	v := searchView{Query: q, Result: res, Facets: h.svc.facetViews(l, q, res, names), Pages: pageLinks(q, res), Export: exportHref(q),
		Heading: title, Action: action, CanCreate: web.StateOf(r).User != nil, ShowHidden: admin}
	for _, o := range res.Items {
		v.Cards = append(v.Cards, h.svc.card(l, o))
	}
	sortBy := q.Sort
	if sortBy == "" {
		sortBy = q.defaultSort()
	}
	for _, so := range []string{"relevance", "name", "newest"} {
		if so == "relevance" && q.Q == "" {
			continue
		}
		v.Sorts = append(v.Sorts, FacetOption{Label: l.T("directory.sort." + so), Href: searchHref(q.With("sort", so)), Selected: so == sortBy})
	}
	return h.srv.Render(w, r, http.StatusOK, "directory_search", h.srv.NewPage(w, r, title, v))
}

func (h *Web) search(w http.ResponseWriter, r *http.Request) error {
	return h.runSearch(w, r, ParseQuery(r.URL.Query()), "directory.search.title", "/organizations")
}

func (h *Web) clusters(w http.ResponseWriter, r *http.Request) error {
	q := ParseQuery(r.URL.Query())
	if q.Kind == "" {
		q.Kind = "cluster"
	}
	return h.runSearch(w, r, q, "directory.clusters.title", "/clusters")
}

// clusterNames looks up the names of the clusters in a facet, in one query.
func (s *Service) clusterNames(ctx context.Context, l *i18n.Localizer, vals []FacetValue) (map[string]string, error) {
	out := map[string]string{}
	if len(vals) == 0 {
		return out, nil
	}
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v.Value
	}
	rows, err := s.db.Query(ctx, "SELECT "+orgColumns+" FROM organizations o WHERE o.slug IN ("+placeholders(len(args))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out[o.Slug] = o.DisplayName(l)
	}
	return out, rows.Err()
}

// load finds the organisation of a {slug} path, hiding non-public entries from those who may not
// edit them (as not found, so their existence is not revealed).
func (h *Web) load(r *http.Request) (Organization, bool, error) {
	o, err := h.svc.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return o, false, err
	}
	can, err := h.access(r, o)
	return o, can, err
}

// access tells whether the requester may edit o, and hides a non-public o (as not found) from
// those who may not: the one rule the pages and the API share.
func (h *Web) access(r *http.Request, o Organization) (bool, error) {
	uid, admin := actorOf(r)
	can, err := h.svc.CanEdit(r.Context(), uid, admin, o.ID)
	if err != nil {
		return false, err
	}
	if !o.Public && !can {
		return false, apperr.New(apperr.NotFound, "error.not_found")
	}
	return can, nil
}

// editing is mustEdit for a submitted form: the organisation, with the form parsed.
func (h *Web) editing(r *http.Request) (Organization, error) {
	o, err := h.mustEdit(r)
	if err != nil {
		return o, err
	}
	if err := r.ParseForm(); err != nil {
		return o, apperr.Wrap(apperr.Invalid, "error.invalid", err)
	}
	return o, nil
}

func (h *Web) mustEdit(r *http.Request) (Organization, error) {
	o, can, err := h.load(r)
	if err != nil {
		return o, err
	}
	if !can {
		return o, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return o, nil
}

type orgView struct {
	Card         Card
	Org          Organization
	Description  string
	Descriptions map[string]string
	District     string
	Website      string
	CanEdit      bool
	IsAdmin      bool
	SignedIn     bool
	IsCluster    bool
	Members      []Card
	Abroad       int
	Clusters     []Card
	Contacts     []Contact
	HiddenCount  int
	Roles        []string
	Candidates   []Card
	Sectors      []string
	Address      string
}

func (h *Web) show(w http.ResponseWriter, r *http.Request) error {
	o, can, err := h.load(r)
	if err != nil {
		return err
	}
	return h.renderShow(w, r, http.StatusOK, o, can, nil)
}

func (h *Web) renderShow(w http.ResponseWriter, r *http.Request, code int, o Organization, can bool, p *web.Page) error {
	ctx := r.Context()
	st := web.StateOf(r)
	l := st.L
	_, admin := actorOf(r)
	v := orgView{Card: h.svc.card(l, o), Org: o, Description: o.Description(l), CanEdit: can, IsAdmin: admin, SignedIn: st.User != nil,
		IsCluster: IsCluster(o.Kind), Roles: Roles, Website: o.Website, Descriptions: map[string]string{},
		Address: Readable(l, o.Address, o.Country)}
	for loc, d := range o.Descriptions {
		if loc == "sr" {
			d = l.Text(d)
		}
		v.Descriptions[loc] = d
	}
	if d, ok := h.svc.districts[o.DistrictID]; ok {
		v.District = DistrictName(l, d)
	}
	if v.IsCluster {
		ms, err := h.svc.Members(ctx, o.ID, can)
		if err != nil {
			return err
		}
		for _, m := range ms {
			c := h.svc.card(l, m.Org)
			c.Role, c.Since, c.Until, c.MemberID = l.T("role."+m.Role), m.Since, m.Until, m.ID
			c.Abroad = m.Org.Country != o.Country
			if c.Abroad {
				v.Abroad++
			}
			v.Members = append(v.Members, c)
		}
	}
	cs, err := h.svc.ClustersOf(ctx, o.ID, can)
	if err != nil {
		return err
	}
	for _, m := range cs {
		c := h.svc.card(l, m.Org)
		c.Role = l.T("role." + m.Role)
		v.Clusters = append(v.Clusters, c)
	}
	contacts, err := h.svc.Contacts(ctx, o.ID, !can)
	if err != nil {
		return err
	}
	v.Contacts = contacts
	if !can {
		var total int
		if err := h.svc.db.QueryRow(ctx, "SELECT COUNT(*) FROM contacts WHERE org_id = ?", o.ID).Scan(&total); err != nil {
			return err
		}
		v.HiddenCount = total - len(contacts)
	}
	for _, sl := range o.Sectors {
		v.Sectors = append(v.Sectors, l.T("sector."+sl))
	}
	if p == nil {
		p = h.srv.NewPage(w, r, "", v)
	} else {
		p.Data = v
	}
	p.Title = v.Card.Name
	return h.srv.Render(w, r, code, "directory_org", p)
}

type formView struct {
	Org       Organization
	New       bool
	Action    string
	Kinds     []string
	Sizes     []string
	Sectors   []Sector
	Selected  map[string]bool
	Groups    []placeGroup
	Locales   []string
	Countries []string
}

type placeGroup struct {
	Label  string
	Places []placeOption
}

type placeOption struct {
	Code, Label string
}

func (h *Web) placeGroups(l *i18n.Localizer) []placeGroup {
	var out []placeGroup
	for _, d := range h.svc.Districts() {
		g := placeGroup{Label: CountryName(l, d.Country) + " — " + DistrictName(l, d)}
		for _, p := range h.svc.Places() {
			if p.DistrictID == d.ID {
				g.Places = append(g.Places, placeOption{Code: p.Code, Label: PlaceName(l, p)})
			}
		}
		out = append(out, g)
	}
	return out
}

func (h *Web) renderForm(w http.ResponseWriter, r *http.Request, code int, p *web.Page, o Organization, isNew bool) error {
	l := web.StateOf(r).L
	v := formView{Org: o, New: isNew, Kinds: Kinds, Sizes: Sizes, Sectors: h.svc.SectorList(), Selected: map[string]bool{},
		Groups: h.placeGroups(l), Locales: DescriptionLocales, Countries: []string{"RS", "BG"}}
	v.Action = "/organizations"
	if !isNew {
		v.Action = "/organizations/" + o.Slug
	}
	for _, sl := range p.Form["sectors"] {
		v.Selected[sl] = true
	}
	p.Data = v
	if isNew {
		p.Title = "directory.new.title"
	} else {
		p.Title = "directory.edit.title"
	}
	return h.srv.Render(w, r, code, "directory_form", p)
}

// formValues fills a form from an organisation, for editing.
func (h *Web) formValues(p *web.Page, o Organization) {
	in := o.Input()
	set := p.Form.Set
	set("name", in.Name)
	set("short_name", in.ShortName)
	set("kind", in.Kind)
	set("size", in.Size)
	set("country", in.Country)
	if pl, ok := h.svc.places[o.PlaceID]; ok {
		set("municipality", pl.Code)
	}
	set("city", in.City)
	set("address", in.Address)
	set("website", in.Website)
	set("email", in.Email)
	set("phone", in.Phone)
	set("reg_no", in.RegNo)
	set("founded", in.Founded)
	set("employees", in.Employees)
	set("nace", strings.Join(in.NACE, ", "))
	for loc, d := range in.Descriptions {
		set("description_"+loc, d)
	}
	p.Form["sectors"] = in.Sectors
	if in.Public {
		set("public", "on")
	}
}

func inputFrom(r *http.Request) Input {
	f := r.PostForm
	in := Input{Name: f.Get("name"), ShortName: f.Get("short_name"), Kind: f.Get("kind"), Size: f.Get("size"),
		Country: f.Get("country"), Municipality: f.Get("municipality"), City: f.Get("city"), Address: f.Get("address"),
		Website: f.Get("website"), Email: f.Get("email"), Phone: f.Get("phone"), RegNo: f.Get("reg_no"), Founded: f.Get("founded"),
		Employees: f.Get("employees"), Sectors: f["sectors"], Public: f.Get("public") == "on", Descriptions: map[string]string{}}
	for _, loc := range DescriptionLocales {
		in.Descriptions[loc] = f.Get("description_" + loc)
	}
	for _, c := range strings.FieldsFunc(f.Get("nace"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		in.NACE = append(in.NACE, c)
	}
	return in
}

func (h *Web) newForm(w http.ResponseWriter, r *http.Request) error {
	p := h.srv.NewPage(w, r, "", nil)
	p.Form.Set("public", "on")
	p.Form.Set("country", "RS")
	p.Form.Set("kind", "company")
	return h.renderForm(w, r, http.StatusOK, p, Organization{}, true)
}

func (h *Web) formFailed(w http.ResponseWriter, r *http.Request, err error, o Organization, isNew bool) error {
	e, ok := apperr.As(err)
	if !ok || !errors.Is(err, apperr.Invalid) {
		return err
	}
	p := h.srv.NewPage(w, r, "", nil)
	p.Form = r.PostForm
	for f, m := range web.FieldMessages(p.L, e) {
		p.Errors[f] = m
	}
	p.Errors["form"] = "error.invalid"
	return h.renderForm(w, r, http.StatusUnprocessableEntity, p, o, isNew)
}

func (h *Web) create(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return apperr.Wrap(apperr.Invalid, "error.invalid", err)
	}
	u := web.StateOf(r).User
	o, err := h.svc.CreateBy(r.Context(), u.Actor(web.ClientIP(r)), u.ID, u.IsAdmin(), inputFrom(r))
	if err != nil {
		return h.formFailed(w, r, err, Organization{}, true)
	}
	return h.srv.Redirect(w, r, "/organizations/"+o.Slug, "flash.saved")
}

func (h *Web) editForm(w http.ResponseWriter, r *http.Request) error {
	o, err := h.mustEdit(r)
	if err != nil {
		return err
	}
	p := h.srv.NewPage(w, r, "", nil)
	h.formValues(p, o)
	return h.renderForm(w, r, http.StatusOK, p, o, false)
}

func (h *Web) update(w http.ResponseWriter, r *http.Request) error {
	o, err := h.editing(r)
	if err != nil {
		return err
	}
	u := web.StateOf(r).User
	if _, err := h.svc.Update(r.Context(), u.Actor(web.ClientIP(r)), o.ID, inputFrom(r)); err != nil {
		return h.formFailed(w, r, err, o, false)
	}
	return h.srv.Redirect(w, r, "/organizations/"+o.Slug, "flash.saved")
}

func (h *Web) delete(w http.ResponseWriter, r *http.Request) error {
	o, err := h.svc.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	u := web.StateOf(r).User
	if err := h.svc.Delete(r.Context(), u.Actor(web.ClientIP(r)), o.ID); err != nil {
		return err
	}
	return h.srv.Redirect(w, r, "/organizations", "flash.deleted")
}

func (h *Web) pageWithErrors(w http.ResponseWriter, r *http.Request, o Organization, err error) error {
	e, ok := apperr.As(err)
	if !ok || !errors.Is(err, apperr.Invalid) {
		return err
	}
	p := h.srv.NewPage(w, r, "", nil)
	p.Form = r.PostForm
	for f, m := range web.FieldMessages(p.L, e) {
		p.Errors[f] = m
	}
	return h.renderShow(w, r, http.StatusUnprocessableEntity, o, true, p)
}

func (h *Web) addMember(w http.ResponseWriter, r *http.Request) error {
	o, err := h.editing(r)
	if err != nil {
		return err
	}
	member, err := h.svc.BySlug(r.Context(), strings.TrimPrefix(strings.TrimSpace(r.PostForm.Get("member")), "/organizations/"))
	if err != nil {
		return h.pageWithErrors(w, r, o, (apperr.Fields{"member": "directory.member.unknown"}).Err())
	}
	u := web.StateOf(r).User
	_, err = h.svc.AddMember(r.Context(), u.Actor(web.ClientIP(r)), o.ID, member.ID, r.PostForm.Get("role"), r.PostForm.Get("since"), r.PostForm.Get("until"))
	if err != nil {
		return h.pageWithErrors(w, r, o, err)
	}
	return h.srv.Redirect(w, r, "/organizations/"+o.Slug+"#members", "flash.saved")
}

func pathInt(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "error.not_found")
	}
	return id, nil
}

func (h *Web) removeMember(w http.ResponseWriter, r *http.Request) error {
	o, err := h.mustEdit(r)
	if err != nil {
		return err
	}
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	u := web.StateOf(r).User
	if err := h.svc.RemoveMember(r.Context(), u.Actor(web.ClientIP(r)), o.ID, id); err != nil {
		return err
	}
	return h.srv.Redirect(w, r, "/organizations/"+o.Slug+"#members", "flash.saved")
}

func (h *Web) addContact(w http.ResponseWriter, r *http.Request) error {
	o, err := h.editing(r)
	if err != nil {
		return err
	}
	u := web.StateOf(r).User
	_, err = h.svc.AddContact(r.Context(), u.Actor(web.ClientIP(r)), o.ID, contactInput(r))
	if err != nil {
		return h.pageWithErrors(w, r, o, err)
	}
	return h.srv.Redirect(w, r, "/organizations/"+o.Slug+"#contacts", "flash.saved")
}

func contactInput(r *http.Request) ContactInput {
	f := r.PostForm
	return ContactInput{Name: f.Get("contact_name"), Position: f.Get("position"), Email: f.Get("contact_email"),
		Phone: f.Get("contact_phone"), Languages: []string{f.Get("languages")}, Consent: f.Get("consent") == "on"}
}

func (h *Web) updateContact(w http.ResponseWriter, r *http.Request) error {
	o, c, err := h.contactOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.Wrap(apperr.Invalid, "error.invalid", err)
	}
	u := web.StateOf(r).User
	err = h.svc.UpdateContact(r.Context(), u.Actor(web.ClientIP(r)), o.ID, c.ID, contactInput(r))
	if err != nil {
		return h.pageWithErrors(w, r, o, err)
	}
	return h.srv.Redirect(w, r, "/organizations/"+o.Slug+"#contacts", "flash.saved")
}

func (h *Web) contactOf(r *http.Request) (Organization, Contact, error) {
	o, err := h.mustEdit(r)
	if err != nil {
		return o, Contact{}, err
	}
	id, err := pathInt(r, "id")
	if err != nil {
		return o, Contact{}, err
	}
	c, err := h.svc.Contact(r.Context(), id)
	if err != nil || c.OrgID != o.ID {
		return o, c, apperr.New(apperr.NotFound, "error.not_found")
	}
	return o, c, nil
}

func (h *Web) eraseContact(w http.ResponseWriter, r *http.Request) error {
	o, c, err := h.contactOf(r)
	if err != nil {
		return err
	}
	u := web.StateOf(r).User
	if err := h.svc.EraseContact(r.Context(), u.Actor(web.ClientIP(r)), c.ID); err != nil {
		return err
	}
	return h.srv.Redirect(w, r, "/organizations/"+o.Slug+"#contacts", "flash.contact_erased")
}

// exportContact hands a person's data over as JSON (their right of access and portability).
func (h *Web) exportContact(w http.ResponseWriter, r *http.Request) error {
	o, c, err := h.contactOf(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="contact-`+strconv.FormatInt(c.ID, 10)+`.json"`)
	web.WriteJSON(w, http.StatusOK, map[string]any{"contact": c, "organization": map[string]any{"id": o.ID, "name": o.Name, "url": "/organizations/" + o.Slug}})
	return nil
}

func (h *Web) claim(w http.ResponseWriter, r *http.Request) error {
	o, can, err := h.load(r)
	if err != nil {
		return err
	}
	if can {
		return h.srv.Redirect(w, r, "/organizations/"+o.Slug, "")
	}
	if err := r.ParseForm(); err != nil {
		return apperr.Wrap(apperr.Invalid, "error.invalid", err)
	}
	u := web.StateOf(r).User
	if err := h.svc.RequestEditor(r.Context(), u.Actor(web.ClientIP(r)), o.ID, u.ID, r.PostForm.Get("message")); err != nil {
		if errors.Is(err, apperr.Conflict) {
			return h.srv.Redirect(w, r, "/organizations/"+o.Slug, "flash.claim_pending")
		}
		return err
	}
	return h.srv.Redirect(w, r, "/organizations/"+o.Slug, "flash.claim_sent")
}

func (h *Web) claims(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.svc.PendingClaims(r.Context())
	if err != nil {
		return err
	}
	return h.srv.Render(w, r, http.StatusOK, "directory_claims", h.srv.NewPage(w, r, "directory.claims.title", cs))
}

func (h *Web) decide(approve bool) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathInt(r, "id")
		if err != nil {
			return err
		}
		u := web.StateOf(r).User
		if err := h.svc.DecideClaim(r.Context(), u.Actor(web.ClientIP(r)), id, approve); err != nil {
			return err
		}
		return h.srv.Redirect(w, r, "/admin/claims", "flash.saved")
	}
}

// CreateBy creates an organisation and, when a member (not an administrator) creates it, makes
// them its editor in the same transaction: whoever registers their organisation keeps it.
func (s *Service) CreateBy(ctx context.Context, actor audit.Actor, userID int64, isAdmin bool, in Input) (Organization, error) {
	var o Organization
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		o, err = s.createTx(ctx, tx, actor, in)
		if err != nil || isAdmin {
			return err
		}
		return s.grantTx(ctx, tx, actor, o.ID, userID)
	})
	return o, err
}

// count is the number of public organisations, of one kind or all.
func (s *Service) count(ctx context.Context, kind string) (int, error) {
	q := "SELECT COUNT(*) FROM organizations WHERE public = ?"
	args := []any{true}
	if kind != "" {
		q += " AND kind IN (?, ?)"
		args = append(args, kind, kind+"-initiative")
	}
	var n int
	err := s.db.QueryRow(ctx, q, args...).Scan(&n)
	return n, err
}

// crossBorderLinks counts current memberships that join a cluster to a member across the border.
func (s *Service) crossBorderLinks(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM memberships m JOIN organizations c ON c.id = m.cluster_id
		JOIN organizations o ON o.id = m.member_id WHERE c.country <> o.country AND m.until = '' AND c.public = ? AND o.public = ?`, true, true).Scan(&n)
	return n, err
}
