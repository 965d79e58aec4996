// Package web is the platform's HTTP layer: routing, middleware (request IDs, logging, panic
// recovery, security headers, cross-origin protection, sessions, locale), template rendering,
// static files, and the one place where errors become HTTP statuses.
//
// A capability plugs in by implementing Capability: its Routes method registers handlers on the
// Server and, optionally, its own templates. cmd/clusterbridge wires each capability with one line.
package web

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"clusterbridge/internal/auth"
	"clusterbridge/internal/config"
	"clusterbridge/internal/db"
	"clusterbridge/internal/i18n"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Version is set by the command at build time.
var Version = "dev"

// Deps is what the server needs from the outside.
type Deps struct {
	Config config.Config
	DB     *db.DB
	Auth   *auth.Service
	I18n   *i18n.Bundle
	Log    *slog.Logger
}

// Capability is one feature area of the platform (directory, events, …).
type Capability interface {
	Routes(s *Server)
}

// Server holds the routes and the shared machinery.
type Server struct {
	Deps
	mux       *http.ServeMux
	tmpl      *templates
	cop       *http.CrossOriginProtection
	api       *OpenAPI
	handler   http.Handler
	startedAt time.Time
	nav       []NavItem
	cards     []HomeCard
	search    homeSearch
}

// HomeCard is a capability's entry on the home page: a title, a line of text, a link, and
// optionally a live count (with a plural catalog key such as "directory.home.count").
type HomeCard struct {
	Title, Text, Href string
	CountKey          string
	Count             func(ctx context.Context) (int, error)
}

// AddHomeCard puts a capability on the home page.
func (s *Server) AddHomeCard(c HomeCard) { s.cards = append(s.cards, c) }

// SetSearch puts a search box on the home page that sends its text to action as ?q=.
func (s *Server) SetSearch(action, labelKey string) {
	s.search = homeSearch{Action: action, Label: labelKey}
}

type homeSearch struct{ Action, Label string }

// AddNav adds an entry to the main menu; capabilities call it from Routes.
func (s *Server) AddNav(key, href string) { s.nav = append(s.nav, NavItem{Key: key, Href: href}) }

// New builds a server with the core routes (home, sign-in, account, administration, health,
// OpenAPI). Mount capabilities, then call Handler.
func New(d Deps) (*Server, error) {
	s := &Server{Deps: d, mux: http.NewServeMux(), cop: http.NewCrossOriginProtection(), startedAt: time.Now()}
	if d.Config.BaseURL != "" {
		if err := s.cop.AddTrustedOrigin(d.Config.Public()); err != nil {
			return nil, err
		}
	}
	s.cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	tmpl, err := newTemplates(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	s.tmpl = tmpl
	s.api = newOpenAPI(Version)
	static, _ := fs.Sub(staticFiles, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", staticHandler(static)))
	s.coreRoutes()
	return s, nil
}

// Mount plugs a capability in.
func (s *Server) Mount(c Capability) { c.Routes(s) }

// AddTemplates registers a capability's page templates (files *.html under dir of fsys), each
// rendered inside the shared layout.
func (s *Server) AddTemplates(fsys fs.FS, dir string) error { return s.tmpl.add(fsys, dir) }

// API is the OpenAPI document capabilities add their operations to.
func (s *Server) API() *OpenAPI { return s.api }

// Handle registers a handler that may return an error; the error is rendered in one place.
func (s *Server) Handle(pattern string, h HandlerFunc) {
	s.mux.Handle(pattern, s.wrap(h))
}

// HandlerFunc is an http handler that returns its error instead of writing it.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) wrap(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.Error(w, r, err)
		}
	})
}

// Handler returns the whole middleware chain around the routes.
func (s *Server) Handler() http.Handler {
	if s.handler == nil {
		var h http.Handler = s.mux
		h = s.withSession(h)
		h = s.cop.Handler(h)
		h = s.withLocale(h)
		h = securityHeaders(s.Config.SecureCookies(), h)
		h = s.recoverer(h)
		h = s.logRequests(h)
		h = withRequestID(h)
		s.handler = h
	}
	return s.handler
}

// HTTPServer returns an http.Server with sensible time-outs for the handler.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
	}
}
