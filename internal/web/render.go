package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"

	"clusterbridge/internal/auth"
	"clusterbridge/internal/i18n"
)

// templates keeps one parsed set per page: the shared layout plus the page's own file. Sets are
// parsed once at start and only executed afterwards, and all per-request values (the locale
// above all) travel in the data, so concurrent requests in different languages share nothing
// mutable.
type templates struct {
	mu     sync.RWMutex
	layout *template.Template
	pages  map[string]*template.Template
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	"sub": func(a, b int) int { return a - b },
	"eq2": func(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) },
}

func newTemplates(fsys fs.FS, dir string) (*templates, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(fsys, path.Join(dir, "layout.html"))
	if err != nil {
		return nil, fmt.Errorf("web: layout: %w", err)
	}
	t := &templates{layout: layout, pages: map[string]*template.Template{}}
	return t, t.add(fsys, dir)
}

func (t *templates) add(fsys fs.FS, dir string) error {
	files, err := fs.Glob(fsys, path.Join(dir, "*.html"))
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			continue
		}
		if _, dup := t.pages[name]; dup {
			return fmt.Errorf("web: template %q defined twice", name)
		}
		set, err := template.Must(t.layout.Clone()).ParseFS(fsys, f)
		if err != nil {
			return fmt.Errorf("web: template %s: %w", f, err)
		}
		t.pages[name] = set
	}
	return nil
}

func (t *templates) get(name string) (*template.Template, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	p, ok := t.pages[name]
	return p, ok
}

// Page is the data every template receives.
type Page struct {
	L         *i18n.Localizer
	User      *auth.User
	Title     string // catalog key or text of the page title
	Path      string
	Locales   []LocaleLink
	Flash     string            // catalog key of a one-time notice
	Errors    map[string]string // form field → catalog key
	Form      url.Values        // submitted values, to refill a form
	Data      any
	RequestID string
	Status    int
	Nav       []NavItem
}

// NavItem is a main-menu entry a capability adds.
type NavItem struct {
	Key  string // catalog key of the label
	Href string
}

// Current reports whether the page is at or below href, for aria-current in menus.
func (p *Page) Current(href string) bool {
	return href != "/" && (p.Path == href || strings.HasPrefix(p.Path, strings.TrimSuffix(href, "/")+"/"))
}

// LocaleLink is one entry of the language switcher.
type LocaleLink struct {
	Locale  i18n.Locale
	Label   string
	Href    string
	Current bool
}

// localeLabels are each language's name in itself, shown the same in every locale.
var localeLabels = map[i18n.Locale]string{
	i18n.SrCyrl: "Српски",
	i18n.SrLatn: "Srpski",
	i18n.BG:     "Български",
	i18n.EN:     "English",
}

func localeLinks(r *http.Request, current i18n.Locale) []LocaleLink {
	out := make([]LocaleLink, 0, len(i18n.Locales))
	for _, l := range i18n.Locales {
		q := r.URL.Query()
		q.Set("lang", string(l))
		out = append(out, LocaleLink{Locale: l, Label: localeLabels[l], Href: r.URL.Path + "?" + q.Encode(), Current: l == current})
	}
	return out
}

// NewPage fills the common fields of a page for r.
func (s *Server) NewPage(w http.ResponseWriter, r *http.Request, title string, data any) *Page {
	st := StateOf(r)
	p := &Page{L: st.L, User: st.User, Title: title, Path: r.URL.Path, Locales: localeLinks(r, st.L.Locale),
		Data: data, RequestID: st.RequestID, Nav: s.nav, Errors: map[string]string{}, Form: url.Values{}}
	if c, err := r.Cookie(FlashCookie); err == nil {
		if st.L.Has(c.Value) && strings.HasPrefix(c.Value, "flash.") {
			p.Flash = c.Value
		}
		http.SetCookie(w, &http.Cookie{Name: FlashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	return p
}

// Render executes a page template into a buffer first, so that a template error becomes a clean
// error page instead of half a page.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) error {
	t, ok := s.tmpl.get(name)
	if !ok {
		return fmt.Errorf("web: no template %q", name)
	}
	p.Status = status
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// Redirect sends the browser on after a successful form, with an optional one-time notice.
func (s *Server) Redirect(w http.ResponseWriter, r *http.Request, to, flashKey string) error {
	if flashKey != "" {
		http.SetCookie(w, &http.Cookie{Name: FlashCookie, Value: flashKey, Path: "/", MaxAge: 60,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Config.SecureCookies()})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func staticHandler(fsys fs.FS) http.Handler {
	fileServer := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || r.URL.Path == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fileServer.ServeHTTP(w, r)
	})
}
