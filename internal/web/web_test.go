package web_test

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"clusterbridge/internal/audit"
	"clusterbridge/internal/auth"
	"clusterbridge/internal/config"
	"clusterbridge/internal/db"
	"clusterbridge/internal/db/dbtest"
	"clusterbridge/internal/i18n"
	"clusterbridge/internal/ratelimit"
	"clusterbridge/internal/web"
	"clusterbridge/internal/web/webtest"
)

var update = flag.Bool("update", false, "rewrite golden files")

const pw = "correct horse battery"

type env struct {
	t      *testing.T
	srv    *web.Server
	ts     *httptest.Server
	auth   *auth.Service
	db     *db.DB
	admin  auth.User
	member auth.User
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	bundle, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	accounts := auth.New(d, ratelimit.New(d))
	srv, err := web.New(web.Deps{Config: config.Default(), DB: d, Auth: accounts, I18n: bundle,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, srv: srv, auth: accounts, db: d}
	ctx := context.Background()
	e.admin, err = accounts.CreateUser(ctx, audit.System, auth.NewUser{Email: "coordinator@example.org", Name: "Кординатор", Role: auth.RoleAdmin, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	e.member, err = accounts.CreateUser(ctx, audit.System, auth.NewUser{Email: "member@example.org", Name: "Member", Role: auth.RoleMember, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	e.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(e.ts.Close)
	return e
}

// client returns a browser-like client: a cookie jar, no automatic redirects.
func (e *env) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (e *env) signedIn(email string) *http.Client {
	e.t.Helper()
	c := e.client()
	resp, err := c.PostForm(e.ts.URL+"/login", url.Values{"email": {email}, "password": {pw}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("sign-in of %s: status %d", email, resp.StatusCode)
	}
	return c
}

func do(t *testing.T, c *http.Client, method, u string, body io.Reader, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if method == http.MethodPost && body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestAuthorizationPerRole is the route × role table: every core route, as a visitor, a member
// and an administrator.
func TestAuthorizationPerRole(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	clients := map[string]func() *http.Client{
		"visitor": e.client,
		"member":  func() *http.Client { return e.signedIn("member@example.org") },
		"admin":   func() *http.Client { return e.signedIn("coordinator@example.org") },
	}
	memberID := itoa(e.member.ID)
	tests := []struct {
		method, path, body string
		want               map[string]int
	}{
		{"GET", "/", "", map[string]int{"visitor": 200, "member": 200, "admin": 200}},
		{"GET", "/healthz", "", map[string]int{"visitor": 200, "member": 200, "admin": 200}},
		{"GET", "/login", "", map[string]int{"visitor": 200, "member": 200, "admin": 200}},
		{"GET", "/static/style.css", "", map[string]int{"visitor": 200, "member": 200, "admin": 200}},
		{"GET", "/api/v1/openapi.json", "", map[string]int{"visitor": 200, "member": 200, "admin": 200}},
		{"GET", "/account", "", map[string]int{"visitor": 303, "member": 200, "admin": 200}},
		{"POST", "/account/profile", "name=New+Name", map[string]int{"visitor": 401, "member": 303, "admin": 303}},
		{"POST", "/account/tokens", "token_name=t", map[string]int{"visitor": 401, "member": 200, "admin": 200}},
		{"POST", "/account/tokens/999/revoke", "", map[string]int{"visitor": 401, "member": 404, "admin": 404}},
		{"POST", "/account/password", "current=x&password=y&confirm=y", map[string]int{"visitor": 401, "member": 422, "admin": 422}},
		{"GET", "/account/export", "", map[string]int{"visitor": 303, "member": 200, "admin": 200}},
		{"POST", "/account/erase", "erase_password=wrong", map[string]int{"visitor": 401, "member": 422, "admin": 422}},
		{"GET", "/admin/users", "", map[string]int{"visitor": 303, "member": 403, "admin": 200}},
		{"GET", "/admin/users/new", "", map[string]int{"visitor": 303, "member": 403, "admin": 200}},
		{"POST", "/admin/users", "email=n%40example.org&name=N&role=member", map[string]int{"visitor": 401, "member": 403, "admin": 200}},
		{"POST", "/admin/users/" + memberID + "/role", "role=member", map[string]int{"visitor": 401, "member": 403, "admin": 303}},
		{"POST", "/admin/users/" + memberID + "/enable", "", map[string]int{"visitor": 401, "member": 403, "admin": 303}},
		{"GET", "/admin/audit", "", map[string]int{"visitor": 303, "member": 403, "admin": 200}},
		{"GET", "/api/v1/me", "", map[string]int{"visitor": 401, "member": 200, "admin": 200}},
		{"GET", "/api/v1/me/tokens", "", map[string]int{"visitor": 401, "member": 200, "admin": 200}},
		{"DELETE", "/api/v1/me/tokens/999", "", map[string]int{"visitor": 401, "member": 404, "admin": 404}},
		{"GET", "/no/such/page", "", map[string]int{"visitor": 404, "member": 404, "admin": 404}},
		{"POST", "/logout/everywhere", "", map[string]int{"visitor": 401, "member": 303, "admin": 303}},
		{"POST", "/logout", "", map[string]int{"visitor": 303, "member": 303, "admin": 303}},
	}
	for _, tt := range tests {
		for _, role := range []string{"visitor", "member", "admin"} {
			t.Run(role+" "+tt.method+" "+tt.path, func(t *testing.T) {
				var body io.Reader
				if tt.method != "GET" {
					body = strings.NewReader(tt.body)
				}
				resp, _ := do(t, clients[role](), tt.method, e.ts.URL+tt.path, body, nil)
				if got, want := resp.StatusCode, tt.want[role]; got != want {
					t.Errorf("status = %d, want %d", got, want)
				}
			})
		}
	}
}

func itoa(n int64) string { return strings.TrimSpace(strings.ReplaceAll(jsonString(n), `"`, "")) }

func jsonString(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c := e.client()
	// A form on another site posting to our sign-in: refused before it reaches the handler.
	for _, hdr := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "https://attacker.example"},
	} {
		resp, body := do(t, c, "POST", e.ts.URL+"/login?lang=bg", strings.NewReader("email=coordinator%40example.org&password="+url.QueryEscape(pw)), hdr)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%v: status = %d, want 403", hdr, resp.StatusCode)
		}
		if !strings.Contains(body, "друг сайт") {
			t.Errorf("%v: refusal not in Bulgarian: %.200s", hdr, body)
		}
		if hasCookie(resp, web.SessionCookie) {
			t.Errorf("%v: a session was opened", hdr)
		}
	}
	// The same post from our own pages goes through.
	resp, _ := do(t, c, "POST", e.ts.URL+"/login", strings.NewReader("email=coordinator%40example.org&password="+url.QueryEscape(pw)),
		map[string]string{"Sec-Fetch-Site": "same-origin"})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("same-origin sign-in: status = %d, want 303", resp.StatusCode)
	}
	// And a signed-in user's state-changing request from elsewhere is refused too.
	resp, _ = do(t, c, "POST", e.ts.URL+"/account/tokens", strings.NewReader("token_name=evil"), map[string]string{"Sec-Fetch-Site": "cross-site"})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site token creation: status = %d, want 403", resp.StatusCode)
	}
	if toks, _ := e.auth.Tokens(context.Background(), e.admin.ID); len(toks) != 0 {
		t.Errorf("cross-site post created %d tokens", len(toks))
	}
}

func hasCookie(resp *http.Response, name string) bool {
	for _, c := range resp.Cookies() {
		if c.Name == name && c.Value != "" {
			return true
		}
	}
	return false
}

func TestLoginFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.client()
		resp, body := do(t, c, "POST", e.ts.URL+"/login?lang=sr-Latn", strings.NewReader("email=member%40example.org&password=wrong+password"), nil)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Imejl ili lozinka nisu tačni.") {
			t.Errorf("failed sign-in: status %d, body lacks the Serbian Latin message", resp.StatusCode)
		}
		if !strings.Contains(body, `value="member@example.org"`) {
			t.Error("failed sign-in did not keep the e-mail in the form")
		}
		resp, _ = do(t, c, "POST", e.ts.URL+"/login", strings.NewReader("email=member%40example.org&password="+url.QueryEscape(pw)+"&next=/account"), nil)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account" {
			t.Fatalf("sign-in: %d to %q, want 303 to /account", resp.StatusCode, resp.Header.Get("Location"))
		}
		var session *http.Cookie
		for _, ck := range resp.Cookies() {
			if ck.Name == web.SessionCookie {
				session = ck
			}
		}
		if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
			t.Fatalf("session cookie = %+v, want HttpOnly SameSite=Lax", session)
		}
		resp, body = do(t, c, "GET", e.ts.URL+"/account", nil, nil)
		if resp.StatusCode != 200 || !strings.Contains(body, "member@example.org") {
			t.Errorf("account page: %d", resp.StatusCode)
		}
		// An open redirect through next= is not possible.
		c2 := e.client()
		resp, _ = do(t, c2, "POST", e.ts.URL+"/login", strings.NewReader("email=member%40example.org&password="+url.QueryEscape(pw)+"&next=//evil.example/"), nil)
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("next=//evil.example/ redirected to %q, want /", loc)
		}
		resp, _ = do(t, c, "POST", e.ts.URL+"/logout", nil, nil)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("logout: %d", resp.StatusCode)
		}
		resp, _ = do(t, c, "GET", e.ts.URL+"/account", nil, nil)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("account after logout: %d %s, want redirect to sign-in", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}

func TestLoginRateLimitPage(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c := e.client()
	for range auth.LoginPerAccount.Max {
		do(t, c, "POST", e.ts.URL+"/login", strings.NewReader("email=member%40example.org&password=nope+nope+nope"), nil)
	}
	resp, body := do(t, c, "POST", e.ts.URL+"/login?lang=sr-Cyrl", strings.NewReader("email=member%40example.org&password="+url.QueryEscape(pw)), nil)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("status = %d, want 429", resp.StatusCode)
	}
	if !regexp.MustCompile(`Превише неуспешних покушаја\. Покушајте поново за 1[0-5] минута\.`).MatchString(body) {
		t.Errorf("rate-limit message missing or not pluralised: %s", regexp.MustCompile(`(?s)<div class="alert".*?</div>`).FindString(body))
	}
}

func TestTokenAuth(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.signedIn("member@example.org")
		resp, body := do(t, c, "POST", e.ts.URL+"/api/v1/me/tokens", strings.NewReader(`{"name":"CRM sync"}`), map[string]string{"Content-Type": "application/json"})
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("create token: %d %s", resp.StatusCode, body)
		}
		var created struct {
			Token string `json:"token"`
			Item  struct {
				ID int64 `json:"id"`
			} `json:"item"`
		}
		if err := json.Unmarshal([]byte(body), &created); err != nil || !strings.HasPrefix(created.Token, auth.TokenPrefix) {
			t.Fatalf("created = %s (%v)", body, err)
		}
		bare := &http.Client{}
		bearer := map[string]string{"Authorization": "Bearer " + created.Token}
		resp, body = do(t, bare, "GET", e.ts.URL+"/api/v1/me", nil, bearer)
		if resp.StatusCode != 200 || !strings.Contains(body, `"email": "member@example.org"`) {
			t.Errorf("GET /api/v1/me with token: %d %s", resp.StatusCode, body)
		}
		// The token cannot reach admin pages of a member.
		resp, _ = do(t, bare, "GET", e.ts.URL+"/admin/users", nil, bearer)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("member token on admin page: %d, want 403", resp.StatusCode)
		}
		resp, _ = do(t, bare, "DELETE", e.ts.URL+"/api/v1/me/tokens/"+itoa(created.Item.ID), nil, bearer)
		if resp.StatusCode != http.StatusNoContent {
			t.Errorf("revoke: %d", resp.StatusCode)
		}
		resp, body = do(t, bare, "GET", e.ts.URL+"/api/v1/me", nil, map[string]string{"Authorization": "Bearer " + created.Token, "Accept-Language": "bg"})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("revoked token: %d, want 401", resp.StatusCode)
		}
		var errBody struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(body), &errBody); err != nil || errBody.Error.Code != "unauthorized" || !strings.Contains(errBody.Error.Message, "ключ") {
			t.Errorf("error body = %s, want {error:{code:unauthorized, message in Bulgarian}}", body)
		}
	})
}

func TestJSONErrors(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c := e.signedIn("member@example.org")
	tests := []struct {
		name, method, path, body, lang string
		status                         int
		code, messagePart              string
	}{
		{"bad json", "POST", "/api/v1/me/tokens", `{"name":`, "en", 422, "invalid", "not valid JSON"},
		{"unknown field", "POST", "/api/v1/me/tokens", `{"nom":"x"}`, "sr-Latn", 422, "invalid", "JSON"},
		{"empty name", "POST", "/api/v1/me/tokens", `{"name":"  "}`, "sr-Cyrl", 422, "invalid", "поља"},
		{"not found", "GET", "/api/v1/nothing", "", "bg", 404, "not_found", "не съществува"},
	}
	for _, tt := range tests {
		resp, body := do(t, c, tt.method, e.ts.URL+tt.path+"?lang="+tt.lang, strings.NewReader(tt.body), map[string]string{"Content-Type": "application/json"})
		var got struct {
			Error struct {
				Code, Message string
				Fields        map[string]string
			}
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Errorf("%s: body is not JSON: %s", tt.name, body)
			continue
		}
		if resp.StatusCode != tt.status || got.Error.Code != tt.code || !strings.Contains(got.Error.Message, tt.messagePart) {
			t.Errorf("%s: %d %+v, want %d %s containing %q", tt.name, resp.StatusCode, got.Error, tt.status, tt.code, tt.messagePart)
		}
		if strings.Contains(body, "sql") || strings.Contains(body, "goroutine") {
			t.Errorf("%s: internals leaked: %s", tt.name, body)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	resp, body := do(t, e.client(), "GET", e.ts.URL+"/", nil, nil)
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin-when-cross-origin",
		"X-Frame-Options":         "DENY",
	} {
		if got := resp.Header.Get(h); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to contain %q", h, got, want)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %s", csp)
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") || strings.Contains(body, " onclick=") {
		t.Error("page has inline script or style, which the CSP would block")
	}
	if resp.Header.Get("X-Request-ID") == "" {
		t.Error("no X-Request-ID")
	}
}

func TestLocaleSelection(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c := e.client()
	// ?lang= switches and is remembered by a cookie.
	resp, body := do(t, c, "GET", e.ts.URL+"/?lang=sr-Cyrl", nil, nil)
	if !strings.Contains(body, `<html lang="sr-Cyrl">`) || !strings.Contains(body, "Кластерска мрежа") {
		t.Fatalf("?lang=sr-Cyrl did not switch: %d", resp.StatusCode)
	}
	_, body = do(t, c, "GET", e.ts.URL+"/login", nil, map[string]string{"Accept-Language": "en"})
	if !strings.Contains(body, `<html lang="sr-Cyrl">`) {
		t.Error("the chosen language was not remembered")
	}
	// Accept-Language decides for a new visitor.
	_, body = do(t, e.client(), "GET", e.ts.URL+"/", nil, map[string]string{"Accept-Language": "bg-BG,bg;q=0.9"})
	if !strings.Contains(body, `<html lang="bg">`) {
		t.Error("Accept-Language bg was ignored")
	}
	// A signed-in user's saved preference beats the browser.
	if err := e.auth.UpdateProfile(context.Background(), audit.System, e.member.ID, "Member", "sr-Latn"); err != nil {
		t.Fatal(err)
	}
	_, body = do(t, e.signedIn("member@example.org"), "GET", e.ts.URL+"/", nil, map[string]string{"Accept-Language": "en"})
	if !strings.Contains(body, `<html lang="sr-Latn">`) || !strings.Contains(body, "Klasterska mreža") {
		t.Error("saved preference sr-Latn was ignored")
	}
	// The switcher is on every page, in all four languages.
	for _, path := range []string{"/", "/login", "/no/such/page"} {
		_, body := do(t, e.client(), "GET", e.ts.URL+path, nil, nil)
		for _, l := range i18n.Locales {
			if !strings.Contains(body, `hreflang="`+string(l)+`"`) {
				t.Errorf("%s: switcher lacks %s", path, l)
			}
		}
	}
}

func TestPanicRecovery(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.srv.Handle("GET /boom", func(w http.ResponseWriter, r *http.Request) error { panic("secret internal detail") })
	ts := httptest.NewServer(e.srv.Handler())
	defer ts.Close()
	resp, body := do(t, e.client(), "GET", ts.URL+"/boom?lang=bg", nil, nil)
	if resp.StatusCode != 500 {
		t.Errorf("status = %d, want 500", resp.StatusCode)
	}
	if strings.Contains(body, "secret internal detail") || strings.Contains(body, "goroutine") {
		t.Error("panic details shown to the user")
	}
	if !strings.Contains(body, "Нещо се обърка") || !strings.Contains(body, resp.Header.Get("X-Request-ID")) {
		t.Error("500 page not translated or lacks the request reference")
	}
}

func TestHealth(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		resp, body := do(t, e.client(), "GET", e.ts.URL+"/healthz", nil, nil)
		var h struct {
			Status   string
			Database struct {
				Engine, Status string
				SchemaVersion  int `json:"schema_version"`
			}
		}
		if err := json.Unmarshal([]byte(body), &h); err != nil || resp.StatusCode != 200 || h.Status != "ok" || h.Database.Status != "ok" ||
			h.Database.Engine != d.Dialect().String() || h.Database.SchemaVersion < 1 {
			t.Errorf("healthz = %d %s", resp.StatusCode, body)
		}
		d.Close()
		resp, _ = do(t, e.client(), "GET", e.ts.URL+"/healthz", nil, nil)
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("healthz with the database closed: %d, want 503", resp.StatusCode)
		}
	})
}

func TestOpenAPI(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	_, body := do(t, e.client(), "GET", e.ts.URL+"/api/v1/openapi.json", nil, nil)
	var doc struct {
		OpenAPI    string                    `json:"openapi"`
		Paths      map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	for path, methods := range map[string][]string{
		"/healthz": {"get"}, "/api/v1/me": {"get"}, "/api/v1/me/tokens": {"get", "post"}, "/api/v1/me/tokens/{id}": {"delete"},
	} {
		for _, m := range methods {
			if _, ok := doc.Paths[path][m]; !ok {
				t.Errorf("OpenAPI lacks %s %s", m, path)
			}
		}
	}
	// Every $ref points at a defined schema.
	for _, ref := range regexp.MustCompile(`"#/components/schemas/([A-Za-z]+)"`).FindAllStringSubmatch(body, -1) {
		if _, ok := doc.Components.Schemas[ref[1]]; !ok {
			t.Errorf("dangling $ref %s", ref[1])
		}
	}
}

// TestTemplateKeysExist fails when a template asks for a catalog key that does not exist.
func TestTemplateKeysExist(t *testing.T) {
	bundle, _ := i18n.Load()
	files, _ := filepath.Glob("templates/*.html")
	re := regexp.MustCompile(`\.L\.(?:T|N|Msg) "([a-z0-9_.]+)"`)
	n := 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			n++
			for _, l := range i18n.Locales {
				if !bundle.For(l).Has(m[1]) {
					t.Errorf("%s uses %q, missing in %s", f, m[1], l)
				}
			}
		}
	}
	if n < 50 {
		t.Errorf("found only %d keys in templates; the pattern is broken", n)
	}
}

// TestHomeGolden pins the rendered home page in each locale (go test -update rewrites).
func TestHomeGolden(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	for _, l := range i18n.Locales {
		_, body := do(t, e.client(), "GET", e.ts.URL+"/?lang="+string(l), nil, nil)
		golden := filepath.Join("testdata", "home."+string(l)+".html")
		if *update {
			if err := os.WriteFile(golden, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if body != string(want) {
			t.Errorf("%s home page differs from %s", l, golden)
		}
	}
}

func TestAccountForms(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c := e.signedIn("member@example.org")
	// Validation errors are shown next to the field, in the user's language, and nothing is saved.
	resp, body := do(t, c, "POST", e.ts.URL+"/account/password?lang=bg", strings.NewReader("current="+url.QueryEscape(pw)+"&password=short&confirm=short"), nil)
	if resp.StatusCode != 422 || !strings.Contains(body, `id="password-error">Използвайте поне 10 знака.`) {
		t.Errorf("short password: %d, error not shown next to the field", resp.StatusCode)
	}
	resp, body = do(t, c, "POST", e.ts.URL+"/account/password?lang=en", strings.NewReader("current="+url.QueryEscape(pw)+"&password=a+long+new+passphrase&confirm=different+one+here"), nil)
	if resp.StatusCode != 422 || !strings.Contains(body, "The two passwords differ.") {
		t.Errorf("mismatch: %d", resp.StatusCode)
	}
	if _, _, err := e.auth.Login(context.Background(), "member@example.org", pw, "", "", ""); err != nil {
		t.Errorf("password changed despite errors: %v", err)
	}
	resp, body = do(t, c, "POST", e.ts.URL+"/account/profile?lang=en", strings.NewReader("name=&locale=bg"), nil)
	if resp.StatusCode != 422 || !strings.Contains(body, `id="name-error">This field is required.`) {
		t.Errorf("empty name: %d", resp.StatusCode)
	}
	// A created token is shown exactly once.
	_, body = do(t, c, "POST", e.ts.URL+"/account/tokens", strings.NewReader("token_name=reports"), nil)
	secret := regexp.MustCompile(`cbt_[A-Za-z0-9_-]+`).FindString(body)
	if secret == "" {
		t.Fatal("new token not shown")
	}
	_, body = do(t, c, "GET", e.ts.URL+"/account", nil, nil)
	if strings.Contains(body, secret) {
		t.Error("token secret shown again")
	}
}

func TestAdminCreatesUser(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c := e.signedIn("coordinator@example.org")
	resp, body := do(t, c, "POST", e.ts.URL+"/admin/users?lang=en", strings.NewReader("email=member%40example.org&name=Dup&role=member"), nil)
	if resp.StatusCode != 422 || !strings.Contains(body, "An account with this e-mail already exists.") {
		t.Errorf("duplicate e-mail: %d", resp.StatusCode)
	}
	resp, body = do(t, c, "POST", e.ts.URL+"/admin/users?lang=en", strings.NewReader("email=mila%40example.org&name=Mila&role=member&locale=bg"), nil)
	password := regexp.MustCompile(`<code id="new-password">([^<]+)</code>`).FindStringSubmatch(body)
	if resp.StatusCode != 200 || password == nil {
		t.Fatalf("create: %d, password not shown", resp.StatusCode)
	}
	if _, _, err := e.auth.Login(context.Background(), "mila@example.org", password[1], "", "", ""); err != nil {
		t.Errorf("the shown password does not work: %v", err)
	}
	entries, _ := audit.List(context.Background(), e.db, audit.Filter{Action: "user.create", ActorID: e.admin.ID})
	if len(entries) != 1 {
		t.Errorf("audit entries for the admin's user.create = %d, want 1", len(entries))
	}
	_, body = do(t, c, "GET", e.ts.URL+"/admin/audit?action=user.create", nil, nil)
	if !strings.Contains(body, "coordinator@example.org") {
		t.Error("audit page does not show the actor")
	}
}

func TestPagesAccessible(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	admin := e.signedIn("coordinator@example.org")
	for _, path := range []string{"/", "/login", "/account", "/admin/users", "/admin/users/new", "/admin/audit", "/no/such/page"} {
		for _, l := range []string{"en", "sr-Cyrl"} {
			_, body := do(t, admin, "GET", e.ts.URL+path+"?lang="+l, nil, nil)
			webtest.CheckAccessible(t, path+" "+l, body)
		}
	}
	// Pages with errors shown keep their references intact.
	_, body := do(t, admin, "POST", e.ts.URL+"/account/password", strings.NewReader("current=x&password=short&confirm=other"), nil)
	webtest.CheckAccessible(t, "account with errors", body)
}

func TestAccountExportAndErase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.signedIn("member@example.org")
		do(t, c, "POST", e.ts.URL+"/account/tokens", strings.NewReader("token_name=sync"), nil)
		resp, body := do(t, c, "GET", e.ts.URL+"/account/export", nil, nil)
		if resp.StatusCode != 200 || !strings.Contains(body, `"email": "member@example.org"`) || !strings.Contains(body, `"token.create"`) {
			t.Fatalf("export: %d %s", resp.StatusCode, body)
		}
		resp, body = do(t, c, "POST", e.ts.URL+"/account/erase?lang=en", strings.NewReader("erase_password=wrong"), nil)
		if resp.StatusCode != 422 || !strings.Contains(body, `id="erase-error"`) {
			t.Errorf("erase with a wrong password: %d", resp.StatusCode)
		}
		resp, _ = do(t, c, "POST", e.ts.URL+"/account/erase", strings.NewReader("erase_password="+url.QueryEscape(pw)), nil)
		if resp.StatusCode != 303 {
			t.Fatalf("erase: %d", resp.StatusCode)
		}
		if _, err := e.auth.UserByEmail(context.Background(), "member@example.org"); err == nil {
			t.Error("the account still exists")
		}
		entries, _ := audit.List(context.Background(), d, audit.Filter{ActorID: e.member.ID})
		for _, en := range entries {
			if strings.Contains(en.Actor, "member@") {
				t.Errorf("audit entry still names the erased user: %+v", en)
			}
		}
		// The only coordinator cannot erase themselves.
		a := e.signedIn("coordinator@example.org")
		resp, _ = do(t, a, "POST", e.ts.URL+"/account/erase", strings.NewReader("erase_password="+url.QueryEscape(pw)), nil)
		if resp.StatusCode != 409 {
			t.Errorf("last admin erasing: %d, want 409", resp.StatusCode)
		}
	})
}
