package directory_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	pngenc "image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"clusterbridge/internal/audit"
	"clusterbridge/internal/auth"
	"clusterbridge/internal/config"
	"clusterbridge/internal/db"
	"clusterbridge/internal/db/dbtest"
	"clusterbridge/internal/directory"
	"clusterbridge/internal/i18n"
	"clusterbridge/internal/ratelimit"
	"clusterbridge/internal/web"
	"clusterbridge/internal/web/webtest"
)

const pw = "correct horse battery"

type site struct {
	t       *testing.T
	d       *db.DB
	dir     *directory.Service
	auth    *auth.Service
	handler http.Handler
	ts      *httptest.Server
	cluster directory.Organization // edited by editor@
	member  directory.Organization
	hidden  directory.Organization
	users   map[string]auth.User
}

func newSite(t *testing.T, d *db.DB) *site {
	t.Helper()
	ctx := context.Background()
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := &site{t: t, d: d, users: map[string]auth.User{}}
	s.dir, err = directory.New(ctx, d, b)
	if err != nil {
		t.Fatal(err)
	}
	s.auth = auth.New(d, ratelimit.New(d))
	srv, err := web.New(web.Deps{Config: config.Default(), DB: d, Auth: s.auth, I18n: b, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv.Mount(directory.NewWeb(s.dir))
	s.handler = srv.Handler()
	s.ts = httptest.NewServer(s.handler)
	t.Cleanup(s.ts.Close)
	for _, u := range []struct {
		email string
		role  auth.Role
	}{{"admin@example.org", auth.RoleAdmin}, {"editor@example.org", auth.RoleMember}, {"member@example.org", auth.RoleMember}} {
		created, err := s.auth.CreateUser(ctx, audit.System, auth.NewUser{Email: u.email, Name: u.email, Role: u.role, Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		s.users[strings.Split(u.email, "@")[0]] = created
	}
	mk := func(in directory.Input) directory.Organization {
		o, err := s.dir.Create(ctx, audit.System, in)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	s.cluster = mk(directory.Input{Name: "Кућа кластера", Kind: "cluster", Country: "RS", Municipality: "Ниш", Public: true, Sectors: []string{"business-support"}})
	s.member = mk(directory.Input{Name: "Фондация за развитие на предприемачеството", Kind: "foundation", Country: "BG", City: "София", Public: true})
	s.hidden = mk(directory.Input{Name: "Скрита фирма", Kind: "company", Country: "BG", Municipality: "Видин", Public: false})
	if err := s.dir.GrantEditor(ctx, audit.System, s.cluster.ID, s.users["editor"].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.dir.AddMember(ctx, audit.System, s.cluster.ID, s.member.ID, "partner", "2015-06-01", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.dir.AddContact(ctx, audit.System, s.cluster.ID, directory.ContactInput{Name: "Јавна Особа", Email: "javna@kuca.example", Consent: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.dir.AddContact(ctx, audit.System, s.cluster.ID, directory.ContactInput{Name: "Приватна Особа", Email: "privatna@kuca.example", Consent: false}); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *site) client(who string) *http.Client {
	s.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if who == "visitor" {
		return c
	}
	resp, err := c.PostForm(s.ts.URL+"/login", url.Values{"email": {who + "@example.org"}, "password": {pw}})
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		s.t.Fatalf("sign-in of %s: %d", who, resp.StatusCode)
	}
	return c
}

func call(t *testing.T, c *http.Client, method, u, body, ctype string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" || method != "GET" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, u, rd)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

const form = "application/x-www-form-urlencoded"

// TestDirectoryAuthorization is the route × role table of the directory.
func TestDirectoryAuthorization(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	ctx := context.Background()
	contacts, _ := s.dir.Contacts(ctx, s.cluster.ID, false)
	c, h, m := "/organizations/"+s.cluster.Slug, "/organizations/"+s.hidden.Slug, "/organizations/"+s.member.Slug
	cid := strconv.FormatInt(s.cluster.ID, 10)
	contact := strconv.FormatInt(contacts[0].ID, 10)
	valid := "name=Changed&kind=cluster&country=RS&municipality=" + url.QueryEscape("Ниш") + "&public=on"
	type want map[string]int
	tests := []struct {
		method, path, body, ctype string
		want                      want
	}{
		{"GET", "/organizations", "", "", want{"visitor": 200, "member": 200, "editor": 200, "admin": 200}},
		{"GET", "/organizations.csv", "", "", want{"visitor": 200, "member": 200, "editor": 200, "admin": 200}},
		{"GET", "/clusters", "", "", want{"visitor": 200, "member": 200, "editor": 200, "admin": 200}},
		{"GET", c, "", "", want{"visitor": 200, "member": 200, "editor": 200, "admin": 200}},
		{"GET", h, "", "", want{"visitor": 404, "member": 404, "editor": 404, "admin": 200}},
		{"GET", "/organizations/new", "", "", want{"visitor": 303, "member": 200, "editor": 200, "admin": 200}},
		{"GET", c + "/edit", "", "", want{"visitor": 303, "member": 403, "editor": 200, "admin": 200}},
		{"GET", m + "/edit", "", "", want{"visitor": 303, "member": 403, "editor": 403, "admin": 200}},
		{"POST", c, valid, form, want{"visitor": 401, "member": 403, "editor": 303, "admin": 303}},
		{"POST", c, "name=&kind=cluster&country=RS", form, want{"visitor": 401, "member": 403, "editor": 422, "admin": 422}},
		{"POST", c + "/members", "member=" + s.member.Slug + "&role=member", form, want{"visitor": 401, "member": 403, "editor": 303, "admin": 303}},
		{"POST", c + "/contacts", "contact_name=Nova+Osoba", form, want{"visitor": 401, "member": 403, "editor": 303, "admin": 303}},
		{"GET", c + "/contacts/" + contact + "/export", "", "", want{"visitor": 303, "member": 403, "editor": 200, "admin": 200}},
		{"POST", c + "/claim", "message=hi", form, want{"visitor": 401, "member": 303, "editor": 303, "admin": 303}},
		{"GET", "/admin/claims", "", "", want{"visitor": 303, "member": 403, "editor": 403, "admin": 200}},
		{"POST", "/admin/claims/999/approve", "", form, want{"visitor": 401, "member": 403, "editor": 403, "admin": 404}},
		{"GET", "/import", "", "", want{"visitor": 303, "member": 403, "editor": 403, "admin": 200}},
		{"POST", "/import/commit", "token=nope", form, want{"visitor": 401, "member": 403, "editor": 403, "admin": 422}},
		{"GET", "/import/template.csv", "", "", want{"visitor": 200, "member": 200, "editor": 200, "admin": 200}},
		{"GET", "/api/v1/organizations", "", "", want{"visitor": 200, "member": 200, "editor": 200, "admin": 200}},
		{"GET", "/api/v1/organizations/" + cid, "", "", want{"visitor": 200, "member": 200, "editor": 200, "admin": 200}},
		{"GET", "/api/v1/organizations/" + strconv.FormatInt(s.hidden.ID, 10), "", "", want{"visitor": 404, "member": 404, "editor": 404, "admin": 200}},
		{"PUT", "/api/v1/organizations/" + cid, `{"name":"Кућа кластера","kind":"cluster","country":"RS","municipality":"Niš"}`, "application/json", want{"visitor": 401, "member": 403, "editor": 200, "admin": 200}},
		{"POST", "/api/v1/organizations", `{"name":"Нова","kind":"company","country":"BG"}`, "application/json", want{"visitor": 401, "member": 201, "editor": 201, "admin": 201}},
		{"GET", "/api/v1/clusters/" + cid + "/members", "", "", want{"visitor": 200, "member": 200, "editor": 200, "admin": 200}},
		{"POST", "/api/v1/clusters/" + cid + "/members", `{"member_id":` + strconv.FormatInt(s.member.ID, 10) + `,"role":"partner"}`, "application/json", want{"visitor": 401, "member": 403, "editor": 201, "admin": 201}},
		{"GET", "/api/v1/places?country=RS", "", "", want{"visitor": 200, "member": 200, "editor": 200, "admin": 200}},
		{"GET", "/api/v1/sectors", "", "", want{"visitor": 200, "member": 200, "editor": 200, "admin": 200}},
		{"DELETE", "/api/v1/organizations/" + strconv.FormatInt(s.hidden.ID, 10), "", "", want{"visitor": 401, "member": 403, "editor": 403, "admin": 204}},
		{"POST", m + "/delete", "", form, want{"visitor": 401, "member": 403, "editor": 403, "admin": 303}},
	}
	for _, role := range []string{"visitor", "member", "editor", "admin"} {
		cl := s.client(role)
		for _, tt := range tests {
			got, body := call(t, cl, tt.method, s.ts.URL+tt.path, tt.body, tt.ctype)
			if got != tt.want[role] {
				t.Errorf("%s %s %s = %d, want %d\n%.300s", role, tt.method, tt.path, got, tt.want[role], body)
			}
		}
	}
}

func TestContactsHiddenWithoutConsent(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	page := "/organizations/" + s.cluster.Slug + "?lang=sr-Latn"
	_, body := call(t, s.client("visitor"), "GET", s.ts.URL+page, "", "")
	if !strings.Contains(body, "Javna Osoba") || strings.Contains(body, "Privatna") || strings.Contains(body, "privatna@") {
		t.Error("visitor: the consenting contact must show (in Latin), the other must not")
	}
	if !strings.Contains(body, "Još 1 kontakt nije dao saglasnost") {
		t.Error("visitor is not told a contact is hidden")
	}
	_, body = call(t, s.client("editor"), "GET", s.ts.URL+page, "", "")
	if !strings.Contains(body, "Privatna Osoba") {
		t.Error("editor does not see the contact without consent")
	}
	// Erasure removes the person and is audited without their data.
	contacts, _ := s.dir.Contacts(context.Background(), s.cluster.ID, false)
	var private directory.Contact
	for _, c := range contacts {
		if !c.Consent {
			private = c
		}
	}
	ed := s.client("editor")
	code, body := call(t, ed, "GET", s.ts.URL+"/organizations/"+s.cluster.Slug+"/contacts/"+strconv.FormatInt(private.ID, 10)+"/export", "", "")
	if code != 200 || !strings.Contains(body, "privatna@kuca.example") {
		t.Errorf("export: %d %s", code, body)
	}
	code, _ = call(t, ed, "POST", s.ts.URL+"/organizations/"+s.cluster.Slug+"/contacts/"+strconv.FormatInt(private.ID, 10)+"/erase", "", form)
	if code != 303 {
		t.Fatalf("erase: %d", code)
	}
	if _, err := s.dir.Contact(context.Background(), private.ID); err == nil {
		t.Error("contact still there after erasure")
	}
	entries, _ := audit.List(context.Background(), s.d, audit.Filter{Action: "contact.erase"})
	if len(entries) != 1 || strings.Contains(entries[0].Details, "privatna") || strings.Contains(entries[0].Details, "Приватна") {
		t.Errorf("erasure audit = %+v: want one entry without the person's data", entries)
	}
}

func TestEditorEditsAndSeesChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		ed := s.client("editor")
		page := s.ts.URL + "/organizations/" + s.cluster.Slug
		body := url.Values{"name": {"Кућа кластера Ниш"}, "kind": {"cluster"}, "country": {"RS"}, "municipality": {"Niš"}, "public": {"on"},
			"website": {"kuca-klastera.example"}, "sectors": {"business-support", "tourism"}, "description_sr": {"Мрежа кластера југоисточне Србије."}}
		code, resp := call(t, ed, "POST", page+"?lang=en", body.Encode(), form)
		if code != 303 {
			t.Fatalf("update: %d %.500s", code, resp)
		}
		_, resp = call(t, ed, "GET", page+"?lang=sr-Latn", "", "")
		for _, want := range []string{"Kuća klastera Niš", "https://kuca-klastera.example", "Mreža klastera jugoistočne Srbije.", "Turizam"} {
			if !strings.Contains(resp, want) {
				t.Errorf("page after edit lacks %q", want)
			}
		}
		// Invalid edits show errors next to fields and save nothing.
		bad := url.Values{"name": {"X"}, "kind": {"cluster"}, "country": {"RS"}, "reg_no": {"12345678"}, "founded": {"3000"}, "email": {"nope"}}
		code, resp = call(t, ed, "POST", page+"?lang=en", bad.Encode(), form)
		if code != 422 {
			t.Fatalf("invalid update: %d", code)
		}
		for _, want := range []string{`id="reg_no-error"`, `id="founded-error">Give a year between 1800 and this year.`, `id="email-error"`} {
			if !strings.Contains(resp, want) {
				t.Errorf("error page lacks %s", want)
			}
		}
		o, _ := s.dir.Get(context.Background(), s.cluster.ID)
		if o.Name != "Кућа кластера Ниш" {
			t.Errorf("a refused update changed the name to %q", o.Name)
		}
	})
}

func TestClaimApproval(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	mem, adm := s.client("member"), s.client("admin")
	page := s.ts.URL + "/organizations/" + s.member.Slug
	if code, _ := call(t, mem, "GET", page+"/edit", "", ""); code != 403 {
		t.Fatalf("member edits before approval: %d", code)
	}
	call(t, mem, "POST", page+"/claim", "message=I+run+it", form)
	claims, _ := s.dir.PendingClaims(context.Background())
	if len(claims) != 1 {
		t.Fatalf("claims = %d", len(claims))
	}
	if code, _ := call(t, adm, "POST", s.ts.URL+"/admin/claims/"+strconv.FormatInt(claims[0].ID, 10)+"/approve", "", form); code != 303 {
		t.Fatalf("approve: %d", code)
	}
	if code, _ := call(t, mem, "GET", page+"/edit", "", ""); code != 200 {
		t.Errorf("member edits after approval: %d, want 200", code)
	}
	if code, _ := call(t, adm, "POST", s.ts.URL+"/admin/claims/"+strconv.FormatInt(claims[0].ID, 10)+"/approve", "", form); code != 409 {
		t.Errorf("deciding twice: %d, want 409", code)
	}
}

func TestClusterPageShowsCrossBorder(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	_, body := call(t, s.client("visitor"), "GET", s.ts.URL+"/organizations/"+s.cluster.Slug+"?lang=en", "", "")
	for _, want := range []string{"1 member", "1 member is on the other side of the border.", `class="abroad"`, "Fondatsia za razvitie na predpriemachestvoto", "Partner"} {
		if !strings.Contains(body, want) {
			t.Errorf("cluster page lacks %q", want)
		}
	}
	var api struct {
		Items []struct {
			CrossBorder  bool `json:"cross_border"`
			Organization struct {
				Country string `json:"country"`
			} `json:"organization"`
		} `json:"items"`
	}
	_, body = call(t, s.client("visitor"), "GET", s.ts.URL+"/api/v1/clusters/"+strconv.FormatInt(s.cluster.ID, 10)+"/members", "", "")
	if err := json.Unmarshal([]byte(body), &api); err != nil || len(api.Items) != 1 || !api.Items[0].CrossBorder || api.Items[0].Organization.Country != "BG" {
		t.Errorf("members API = %s", body)
	}
}

func TestAPIOrganizations(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	_, body := call(t, s.client("visitor"), "GET", s.ts.URL+"/api/v1/organizations?q=%D0%9D%D0%B8%D1%88&country=RS", "", "")
	var list struct {
		Items []struct {
			ID           int64    `json:"id"`
			Name         string   `json:"name"`
			Kind         string   `json:"kind"`
			Country      string   `json:"country"`
			Municipality string   `json:"municipality"`
			District     string   `json:"district"`
			Sectors      []string `json:"sectors"`
			URL          string   `json:"url"`
		} `json:"items"`
		Total   int `json:"total"`
		Page    int `json:"page"`
		PerPage int `json:"per_page"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	if list.Total != 1 || list.Page != 1 || list.PerPage != 20 || len(list.Items) != 1 {
		t.Fatalf("list = %s", body)
	}
	it := list.Items[0]
	if it.Name != "Кућа кластера" || it.Kind != "cluster" || it.Country != "RS" || it.Municipality != "Niš" || it.District != "Nišavski" ||
		len(it.Sectors) != 1 || !strings.HasSuffix(it.URL, "/organizations/"+s.cluster.Slug) {
		t.Errorf("item = %+v", it)
	}
	// Validation errors come back per field, translated.
	code, body := call(t, s.client("member"), "POST", s.ts.URL+"/api/v1/organizations?lang=bg", `{"name":"","kind":"spaceship","country":"Serbia"}`, "application/json")
	if code != 422 || !strings.Contains(body, `"name": "Полето е задължително."`) || !strings.Contains(body, `"kind"`) || !strings.Contains(body, `"country"`) {
		t.Errorf("invalid create: %d %s", code, body)
	}
}

// TestNoQueryPerRow: a list page and a cluster page issue the same number of queries whatever the
// number of organisations they show.
func TestNoQueryPerRow(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	ctx := context.Background()
	for i := range 30 {
		o, err := s.dir.Create(ctx, audit.System, directory.Input{Name: "Firma " + strconv.Itoa(i), Kind: "company", Country: "RS",
			Municipality: "Leskovac", Sectors: []string{"textiles", "crafts"}, Public: true, Descriptions: map[string]string{"sr": "Опис"}})
		if err != nil {
			t.Fatal(err)
		}
		if i < 25 {
			if _, err := s.dir.AddMember(ctx, audit.System, s.cluster.ID, o.ID, "member", "", ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	queries := func(path string) int64 {
		cctx, n := db.CountQueries(ctx)
		req := httptest.NewRequest("GET", path, nil).WithContext(cctx)
		rec := httptest.NewRecorder()
		s.handler.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		return n.Load()
	}
	queries("/organizations") // loads the facet index, once per change of the directory
	small, large := queries("/organizations?per_page=2"), queries("/organizations?per_page=30")
	if small != large {
		t.Errorf("list page: %d queries for 2 rows, %d for 30: a query per row", small, large)
	}
	if small > 8 {
		t.Errorf("list page: %d queries, want at most 8", small)
	}
	cluster := queries("/organizations/" + s.cluster.Slug)
	if cluster > 12 {
		t.Errorf("cluster page with 26 members: %d queries, want at most 12", cluster)
	}
}

func TestImportPages(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	adm := s.client("admin")
	upload := func(path string) (int, string) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var buf strings.Builder
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("file", "members.csv")
		fw.Write(data)
		w.Close()
		return call(t, adm, "POST", s.ts.URL+"/import?lang=en", buf.String(), w.FormDataContentType())
	}
	code, body := upload("testdata/messy-1251.csv")
	if code != 422 || !strings.Contains(body, "Nothing can be imported") || !strings.Contains(body, "space-agency") || strings.Contains(body, `name="token"`) {
		t.Errorf("messy upload: %d", code)
	}
	code, body = upload("testdata/clean-1250.csv")
	tok := strings.SplitN(strings.SplitN(body, `name="token" value="`, 2)[1], `"`, 2)[0]
	if code != 200 || tok == "" {
		t.Fatalf("clean upload: %d", code)
	}
	code, _ = call(t, adm, "POST", s.ts.URL+"/import/commit", "token="+tok, form)
	if code != 303 {
		t.Fatalf("commit: %d", code)
	}
	r, _ := s.dir.Search(context.Background(), directory.Query{Q: "Klaster zanatlija"})
	if r.Total != 1 {
		t.Errorf("imported organisation not found: %d", r.Total)
	}
	// The token is spent.
	if code, _ := call(t, adm, "POST", s.ts.URL+"/import/commit", "token="+tok, form); code != 422 {
		t.Errorf("second commit with the same token: %d, want 422", code)
	}
}

func multipartBody(t *testing.T, field, filename string, data []byte) (string, string) {
	t.Helper()
	var buf strings.Builder
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile(field, filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return buf.String(), w.FormDataContentType()
}

func TestLogoUpload(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	var png bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 1200, 600))
	for x := range 1200 {
		img.Set(x, x%600, color.RGBA{R: 200, A: 255})
	}
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	logo := "/organizations/" + s.cluster.Slug + "/logo"
	body, ctype := multipartBody(t, "logo", "logo.png", png.Bytes())
	if code, _ := call(t, s.client("member"), "POST", s.ts.URL+logo, body, ctype); code != 403 {
		t.Errorf("member upload: %d, want 403", code)
	}
	if code, _ := call(t, s.client("visitor"), "POST", s.ts.URL+logo, body, ctype); code != 401 {
		t.Errorf("visitor upload: %d, want 401", code)
	}
	ed := s.client("editor")
	if code, resp := call(t, ed, "POST", s.ts.URL+logo, body, ctype); code != 303 {
		t.Fatalf("editor upload: %d %.300s", code, resp)
	}
	o, _ := s.dir.Get(context.Background(), s.cluster.ID)
	if o.Logo == "" {
		t.Fatal("no logo recorded")
	}
	code, served := call(t, s.client("visitor"), "GET", s.ts.URL+"/media/"+o.Logo, "", "")
	if code != 200 {
		t.Fatalf("media: %d", code)
	}
	cfg, format, err := image.DecodeConfig(strings.NewReader(served))
	if err != nil || cfg.Width != 512 || cfg.Height != 256 || format == "" {
		t.Errorf("served logo: %v %dx%d %s, want a 512x256 re-encoded picture", err, cfg.Width, cfg.Height, format)
	}
	// Something that is not a picture is refused with a message next to the field.
	body, ctype = multipartBody(t, "logo", "logo.png", []byte("<svg onload=alert(1)></svg>"))
	code, resp := call(t, ed, "POST", s.ts.URL+logo+"?lang=en", body, ctype)
	if code != 422 || !strings.Contains(resp, `id="logo-error"`) {
		t.Errorf("svg upload: %d", code)
	}
}

func TestDirectoryPagesAccessible(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	ed, adm := s.client("editor"), s.client("admin")
	for _, p := range []struct {
		c    *http.Client
		path string
	}{
		{s.client("visitor"), "/organizations?q=nis"}, {ed, "/organizations/" + s.cluster.Slug}, {ed, "/organizations/" + s.cluster.Slug + "/edit"},
		{ed, "/organizations/new"}, {adm, "/import"}, {adm, "/admin/claims"}, {s.client("member"), "/organizations/" + s.member.Slug},
		{s.client("visitor"), "/clusters"},
	} {
		_, body := call(t, p.c, "GET", s.ts.URL+p.path, "", "")
		webtest.CheckAccessible(t, p.path, body)
	}
	bad := url.Values{"name": {""}, "kind": {"cluster"}, "country": {"RS"}, "reg_no": {"1"}, "email": {"x"}}
	_, body := call(t, ed, "POST", s.ts.URL+"/organizations/"+s.cluster.Slug, bad.Encode(), form)
	webtest.CheckAccessible(t, "form with errors", body)
}

func TestContactConsentWithdrawn(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	contacts, _ := s.dir.Contacts(context.Background(), s.cluster.ID, true)
	if len(contacts) != 1 {
		t.Fatalf("public contacts = %d", len(contacts))
	}
	c := contacts[0]
	path := "/organizations/" + s.cluster.Slug + "/contacts/" + strconv.FormatInt(c.ID, 10)
	if code, _ := call(t, s.client("member"), "POST", s.ts.URL+path, "contact_name=X", form); code != 403 {
		t.Errorf("member edits a contact: %d, want 403", code)
	}
	// The person withdraws consent: the editor unticks it and the public no longer sees them.
	if code, _ := call(t, s.client("editor"), "POST", s.ts.URL+path, "contact_name=Јавна+Особа&position=Директорка&languages=sr,+bg", form); code != 303 {
		t.Fatalf("update: %d", code)
	}
	_, body := call(t, s.client("visitor"), "GET", s.ts.URL+"/organizations/"+s.cluster.Slug, "", "")
	if strings.Contains(body, "Јавна Особа") || strings.Contains(body, "Javna Osoba") {
		t.Error("a contact who withdrew consent is still public")
	}
	got, _ := s.dir.Contact(context.Background(), c.ID)
	if got.Consent || got.ConsentAt != nil || got.Position != "Директорка" || len(got.Languages) != 2 {
		t.Errorf("contact after update = %+v", got)
	}
}
