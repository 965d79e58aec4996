package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/auth"
	"clusterbridge/internal/i18n"
)

// Cookie names.
const (
	SessionCookie = "cb_session"
	LangCookie    = "cb_lang"
	FlashCookie   = "cb_flash"
)

type stateKey struct{}

// State is what the middleware learns about a request; handlers read it with StateOf.
type State struct {
	RequestID string
	L         *i18n.Localizer
	User      *auth.User // nil for visitors
	Token     string     // the session token, when signed in by cookie
	ViaToken  bool       // signed in by API token
}

// StateOf returns the request's state (never nil inside the server).
func StateOf(r *http.Request) *State {
	if st, ok := r.Context().Value(stateKey{}).(*State); ok {
		return st
	}
	return &State{}
}

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !requestIDPattern.MatchString(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-ID", id)
		st := &State{RequestID: id}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), stateKey{}, st)))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		st := StateOf(r)
		attrs := []any{"id", st.RequestID, "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"bytes", sw.bytes, "ms", float64(time.Since(start).Microseconds()) / 1000}
		if st.User != nil {
			attrs = append(attrs, "user", st.User.ID)
		}
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		s.Log.Log(r.Context(), level, "request", attrs...)
	})
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.Log.Error("panic", "id", StateOf(r).RequestID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				s.Error(w, r, fmt.Errorf("panic: %v", p))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders applies a strict policy: no inline script anywhere, no framing, no sniffing.
func securityHeaders(https bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if https {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// withLocale settles the request's locale before anything can fail, so even the cross-origin
// refusal is in the reader's language. The signed-in user's preference is applied later, in
// withSession, when the user is known.
func (s *Server) withLocale(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := StateOf(r)
		q := r.URL.Query().Get("lang")
		if l, ok := i18n.Parse(q); ok {
			http.SetCookie(w, &http.Cookie{Name: LangCookie, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Config.SecureCookies()})
		}
		cookie := ""
		if c, err := r.Cookie(LangCookie); err == nil {
			cookie = c.Value
		}
		st.L = s.I18n.For(i18n.Negotiate(q, cookie, "", r.Header.Get("Accept-Language")))
		next.ServeHTTP(w, r)
	})
}

func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := StateOf(r)
		ctx := r.Context()
		if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			u, err := s.Auth.TokenUser(ctx, strings.TrimSpace(bearer))
			if err != nil {
				s.Error(w, r, err)
				return
			}
			st.User, st.ViaToken = &u, true
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			u, err := s.Auth.Session(ctx, c.Value)
			switch {
			case err == nil:
				st.User, st.Token = &u, c.Value
			case errors.Is(err, apperr.Unauthorized):
				s.clearSessionCookie(w)
			default:
				s.Error(w, r, err)
				return
			}
		}
		if st.User != nil && st.User.Locale != "" {
			q := r.URL.Query().Get("lang")
			cookie := ""
			if c, err := r.Cookie(LangCookie); err == nil {
				cookie = c.Value
			}
			st.L = s.I18n.For(i18n.Negotiate(q, cookie, st.User.Locale, r.Header.Get("Accept-Language")))
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", MaxAge: int(s.Auth.SessionTTL.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Config.SecureCookies()})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Config.SecureCookies()})
}

func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.Error(w, r, apperr.New(apperr.Forbidden, "error.cross_origin"))
}

// ClientIP is the address used for rate limits and the audit log. Behind a load balancer the
// server trusts X-Forwarded-For only from loopback and private peers, so a visitor cannot
// choose their own address by sending the header.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip != nil && (ip.IsLoopback() || ip.IsPrivate()) {
		if fwd := r.Header.Get("X-Forwarded-For"); fwd != "" {
			parts := strings.Split(fwd, ",")
			if cand := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); cand != nil {
				return cand.String()
			}
		}
	}
	return host
}

// RequireUser refuses visitors: pages redirect to sign-in, the API answers 401.
func (s *Server) RequireUser(h HandlerFunc) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if StateOf(r).User == nil {
			return apperr.New(apperr.Unauthorized, "auth.signin_required")
		}
		return h(w, r)
	}
}

// RequireAdmin refuses everyone but network coordinators.
func (s *Server) RequireAdmin(h HandlerFunc) HandlerFunc {
	return s.RequireUser(func(w http.ResponseWriter, r *http.Request) error {
		if !StateOf(r).User.IsAdmin() {
			return apperr.New(apperr.Forbidden, "error.forbidden")
		}
		return h(w, r)
	})
}
