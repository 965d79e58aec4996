package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/audit"
	"clusterbridge/internal/auth"
	"clusterbridge/internal/i18n"
)

func (s *Server) coreRoutes() {
	s.Handle("GET /{$}", s.home)
	s.Handle("GET /healthz", s.health)
	s.Handle("GET /login", s.loginForm)
	s.Handle("POST /login", s.login)
	s.Handle("POST /logout", s.logout)
	s.Handle("POST /logout/everywhere", s.RequireUser(s.logoutEverywhere))
	s.Handle("GET /account", s.RequireUser(s.account))
	s.Handle("POST /account/profile", s.RequireUser(s.updateProfile))
	s.Handle("POST /account/password", s.RequireUser(s.changePassword))
	s.Handle("POST /account/tokens", s.RequireUser(s.createToken))
	s.Handle("POST /account/tokens/{id}/revoke", s.RequireUser(s.revokeToken))
	s.Handle("GET /account/export", s.RequireUser(s.exportAccount))
	s.Handle("POST /account/erase", s.RequireUser(s.eraseAccount))
	s.Handle("GET /admin/users", s.RequireAdmin(s.adminUsers))
	s.Handle("GET /admin/users/new", s.RequireAdmin(s.adminNewUserForm))
	s.Handle("POST /admin/users", s.RequireAdmin(s.adminCreateUser))
	s.Handle("POST /admin/users/{id}/role", s.RequireAdmin(s.adminSetRole))
	s.Handle("POST /admin/users/{id}/disable", s.RequireAdmin(s.adminDisable(true)))
	s.Handle("POST /admin/users/{id}/enable", s.RequireAdmin(s.adminDisable(false)))
	s.Handle("GET /admin/audit", s.RequireAdmin(s.adminAudit))
	s.Handle("/", s.notFound)
	s.apiRoutes()
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return apperr.New(apperr.NotFound, "error.not_found")
}

type homeCardView struct {
	HomeCard
	N        int
	HasCount bool
}

type homeView struct {
	Cards  []homeCardView
	Search homeSearch
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	v := homeView{Search: s.search}
	for _, c := range s.cards {
		cv := homeCardView{HomeCard: c}
		if c.Count != nil {
			n, err := c.Count(r.Context())
			if err != nil {
				return err
			}
			cv.N, cv.HasCount = n, true
		}
		v.Cards = append(v.Cards, cv)
	}
	return s.Render(w, r, http.StatusOK, "home", s.NewPage(w, r, "home.title", v))
}

// health reports the database's state; load balancers and monitors poll it.
func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	body := map[string]any{"status": "ok", "version": Version, "database": map[string]any{"engine": s.DB.Dialect().String()}}
	dbState := body["database"].(map[string]any)
	code := http.StatusOK
	start := time.Now()
	if err := s.DB.Ping(r.Context()); err != nil {
		s.Log.Warn("health: database", "err", err)
		body["status"], dbState["status"] = "unavailable", "unreachable"
		code = http.StatusServiceUnavailable
	} else {
		dbState["status"] = "ok"
		dbState["ping_ms"] = float64(time.Since(start).Microseconds()) / 1000
		if v, err := s.DB.Version(r.Context()); err == nil {
			dbState["schema_version"] = v
		}
	}
	body["uptime_seconds"] = int(time.Since(s.startedAt).Seconds())
	WriteJSON(w, code, body)
	return nil
}

// safeNext keeps a post-sign-in redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	p := s.NewPage(w, r, "login.title", nil)
	p.Form.Set("next", safeNext(r.URL.Query().Get("next")))
	return s.Render(w, r, http.StatusOK, "login", p)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return apperr.Wrap(apperr.Invalid, "error.invalid", err)
	}
	email, password := r.PostForm.Get("email"), r.PostForm.Get("password")
	previous := ""
	if c, err := r.Cookie(SessionCookie); err == nil {
		previous = c.Value
	}
	token, _, err := s.Auth.Login(r.Context(), email, password, ClientIP(r), r.UserAgent(), previous)
	if err != nil {
		if errors.Is(err, apperr.Unauthorized) || errors.Is(err, apperr.RateLimited) {
			code, _ := status(err)
			p := s.NewPage(w, r, "login.title", nil)
			p.Form.Set("email", email)
			p.Form.Set("next", safeNext(r.PostForm.Get("next")))
			e, _ := apperr.As(err)
			p.Errors["form"] = e.Key
			p.Data = e.Args
			return s.Render(w, r, code, "login", p)
		}
		return err
	}
	s.setSessionCookie(w, token)
	return s.Redirect(w, r, safeNext(r.PostForm.Get("next")), "flash.signed_in")
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if st := StateOf(r); st.Token != "" {
		if err := s.Auth.Logout(r.Context(), st.Token); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w)
	return s.Redirect(w, r, "/", "flash.signed_out")
}

func (s *Server) logoutEverywhere(w http.ResponseWriter, r *http.Request) error {
	st := StateOf(r)
	if err := s.Auth.LogoutEverywhere(r.Context(), st.User.Actor(ClientIP(r)), st.User.ID); err != nil {
		return err
	}
	s.clearSessionCookie(w)
	return s.Redirect(w, r, "/", "flash.signed_out_everywhere")
}

type accountView struct {
	Tokens   []auth.Token
	NewToken string // shown once after creation
	Locales  []i18n.Locale
	Labels   map[i18n.Locale]string
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, code int, p *Page, newToken string) error {
	st := StateOf(r)
	tokens, err := s.Auth.Tokens(r.Context(), st.User.ID)
	if err != nil {
		return err
	}
	p.Data = accountView{Tokens: tokens, NewToken: newToken, Locales: i18n.Locales, Labels: localeLabels}
	if p.Form.Get("name") == "" {
		p.Form.Set("name", st.User.Name)
		p.Form.Set("locale", st.User.Locale)
	}
	return s.Render(w, r, code, "account", p)
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	return s.accountPage(w, r, http.StatusOK, s.NewPage(w, r, "account.title", nil), "")
}

// formError re-renders a form with its field errors when err is a validation error.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, err error, render func(p *Page) error) error {
	e, ok := apperr.As(err)
	if !ok || !errors.Is(err, apperr.Invalid) {
		return err
	}
	p := s.NewPage(w, r, "", nil)
	p.Form = r.PostForm
	p.Form.Del("password")
	p.Form.Del("current")
	for f, m := range FieldMessages(p.L, err) {
		p.Errors[f] = m
	}
	if len(e.Fields) == 0 {
		p.Errors["form"] = e.Key
	}
	return render(p)
}

func (s *Server) updateProfile(w http.ResponseWriter, r *http.Request) error {
	st := StateOf(r)
	if err := r.ParseForm(); err != nil {
		return apperr.Wrap(apperr.Invalid, "error.invalid", err)
	}
	err := s.Auth.UpdateProfile(r.Context(), st.User.Actor(ClientIP(r)), st.User.ID, r.PostForm.Get("name"), r.PostForm.Get("locale"))
	if err != nil {
		return s.formError(w, r, err, func(p *Page) error {
			p.Title = "account.title"
			return s.accountPage(w, r, http.StatusUnprocessableEntity, p, "")
		})
	}
	// The saved language applies at once: forget a language chosen earlier for this browser.
	if r.PostForm.Get("locale") != "" {
		http.SetCookie(w, &http.Cookie{Name: LangCookie, Path: "/", MaxAge: -1})
	}
	return s.Redirect(w, r, "/account", "flash.saved")
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	st := StateOf(r)
	if err := r.ParseForm(); err != nil {
		return apperr.Wrap(apperr.Invalid, "error.invalid", err)
	}
	if r.PostForm.Get("password") != r.PostForm.Get("confirm") {
		return s.formError(w, r, (apperr.Fields{"confirm": "auth.password.mismatch"}).Err(), func(p *Page) error {
			p.Title = "account.title"
			return s.accountPage(w, r, http.StatusUnprocessableEntity, p, "")
		})
	}
	err := s.Auth.ChangePassword(r.Context(), st.User.Actor(ClientIP(r)), st.User.ID, r.PostForm.Get("current"), r.PostForm.Get("password"), st.Token)
	if err != nil {
		return s.formError(w, r, err, func(p *Page) error {
			p.Title = "account.title"
			return s.accountPage(w, r, http.StatusUnprocessableEntity, p, "")
		})
	}
	return s.Redirect(w, r, "/account", "flash.password_changed")
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	st := StateOf(r)
	if err := r.ParseForm(); err != nil {
		return apperr.Wrap(apperr.Invalid, "error.invalid", err)
	}
	secret, _, err := s.Auth.CreateToken(r.Context(), st.User.Actor(ClientIP(r)), st.User.ID, r.PostForm.Get("token_name"))
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Fields["name"] != "" {
			e.Fields = map[string]string{"token_name": e.Fields["name"]}
		}
		return s.formError(w, r, err, func(p *Page) error {
			p.Title = "account.title"
			return s.accountPage(w, r, http.StatusUnprocessableEntity, p, "")
		})
	}
	// The secret is shown in this one response and never again; no redirect, so it is not
	// kept in a URL or a cookie.
	p := s.NewPage(w, r, "account.title", nil)
	p.Flash = "flash.token_created"
	return s.accountPage(w, r, http.StatusOK, p, secret)
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "error.not_found")
	}
	return id, nil
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	st := StateOf(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.Auth.RevokeToken(r.Context(), st.User.Actor(ClientIP(r)), st.User.ID, id); err != nil {
		return err
	}
	return s.Redirect(w, r, "/account", "flash.token_revoked")
}

// exportAccount hands a user everything the platform holds about them, as JSON.
func (s *Server) exportAccount(w http.ResponseWriter, r *http.Request) error {
	x, err := s.Auth.ExportData(r.Context(), StateOf(r).User.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="my-clusterbridge-data.json"`)
	WriteJSON(w, http.StatusOK, x)
	return nil
}

// eraseAccount deletes the user's account after they confirm with their password.
func (s *Server) eraseAccount(w http.ResponseWriter, r *http.Request) error {
	st := StateOf(r)
	if err := r.ParseForm(); err != nil {
		return apperr.Wrap(apperr.Invalid, "error.invalid", err)
	}
	if _, _, err := s.Auth.Login(r.Context(), st.User.Email, r.PostForm.Get("erase_password"), ClientIP(r), r.UserAgent(), st.Token); err != nil {
		if errors.Is(err, apperr.Unauthorized) {
			err = (apperr.Fields{"erase_password": "auth.password.wrong"}).Err()
		}
		return s.formError(w, r, err, func(p *Page) error {
			p.Title = "account.title"
			return s.accountPage(w, r, http.StatusUnprocessableEntity, p, "")
		})
	}
	if err := s.Auth.Erase(r.Context(), st.User.Actor(ClientIP(r)), st.User.ID); err != nil {
		return err
	}
	s.clearSessionCookie(w)
	return s.Redirect(w, r, "/", "flash.account_erased")
}

type usersView struct {
	Users      []auth.User
	Total      int
	Page, Next int
	Query      string
	Roles      []auth.Role
	Password   string // shown once after an admin creates an account
	Created    string
	Locales    []i18n.Locale
	Labels     map[i18n.Locale]string
}

const usersPerPage = 50

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	return s.usersPage(w, r, s.NewPage(w, r, "admin.users.title", nil), "", "")
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, p *Page, created, password string) error {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if page < 1 {
		page = 1
	}
	q := r.URL.Query().Get("q")
	users, total, err := s.Auth.Users(r.Context(), q, usersPerPage, (page-1)*usersPerPage)
	if err != nil {
		return err
	}
	v := usersView{Users: users, Total: total, Page: page, Query: q, Roles: []auth.Role{auth.RoleAdmin, auth.RoleMember},
		Password: password, Created: created}
	if page*usersPerPage < total {
		v.Next = page + 1
	}
	p.Data = v
	return s.Render(w, r, http.StatusOK, "admin_users", p)
}

func (s *Server) adminNewUserForm(w http.ResponseWriter, r *http.Request) error {
	p := s.NewPage(w, r, "admin.users.new", usersView{Roles: []auth.Role{auth.RoleAdmin, auth.RoleMember}, Locales: i18n.Locales, Labels: localeLabels})
	p.Form.Set("role", string(auth.RoleMember))
	return s.Render(w, r, http.StatusOK, "admin_user_new", p)
}

func (s *Server) adminCreateUser(w http.ResponseWriter, r *http.Request) error {
	st := StateOf(r)
	if err := r.ParseForm(); err != nil {
		return apperr.Wrap(apperr.Invalid, "error.invalid", err)
	}
	password := auth.GeneratePassword()
	u, err := s.Auth.CreateUser(r.Context(), st.User.Actor(ClientIP(r)), auth.NewUser{
		Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Locale: r.PostForm.Get("locale"),
		Role: auth.Role(r.PostForm.Get("role")), Password: password,
	})
	if err != nil {
		return s.formError(w, r, err, func(p *Page) error {
			p.Title = "admin.users.new"
			p.Data = usersView{Roles: []auth.Role{auth.RoleAdmin, auth.RoleMember}, Locales: i18n.Locales, Labels: localeLabels}
			return s.Render(w, r, http.StatusUnprocessableEntity, "admin_user_new", p)
		})
	}
	p := s.NewPage(w, r, "admin.users.title", nil)
	p.Flash = "flash.user_created"
	return s.usersPage(w, r, p, u.Email, password)
}

func (s *Server) adminSetRole(w http.ResponseWriter, r *http.Request) error {
	st := StateOf(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.Wrap(apperr.Invalid, "error.invalid", err)
	}
	if err := s.Auth.SetRole(r.Context(), st.User.Actor(ClientIP(r)), id, auth.Role(r.PostForm.Get("role"))); err != nil {
		return err
	}
	return s.Redirect(w, r, "/admin/users", "flash.saved")
}

func (s *Server) adminDisable(disabled bool) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		st := StateOf(r)
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := s.Auth.SetDisabled(r.Context(), st.User.Actor(ClientIP(r)), id, disabled); err != nil {
			return err
		}
		return s.Redirect(w, r, "/admin/users", "flash.saved")
	}
}

type auditView struct {
	Entries []audit.Entry
	Filter  audit.Filter
	Older   int64
}

func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := audit.Filter{Action: q.Get("action"), ObjectType: q.Get("object_type"), ObjectID: q.Get("object_id"), Limit: 50}
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	entries, err := audit.List(r.Context(), s.DB, f)
	if err != nil {
		return err
	}
	v := auditView{Entries: entries, Filter: f}
	if len(entries) == f.Limit {
		v.Older = entries[len(entries)-1].ID
	}
	return s.Render(w, r, http.StatusOK, "admin_audit", s.NewPage(w, r, "admin.audit.title", v))
}
