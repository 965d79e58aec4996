package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/i18n"
)

// status maps an error's kind to an HTTP status: the one place where that decision is made.
func status(err error) (int, string) {
	switch {
	case errors.Is(err, apperr.Invalid):
		return http.StatusUnprocessableEntity, "invalid"
	case errors.Is(err, apperr.InvalidRef):
		return http.StatusUnprocessableEntity, "invalid_reference"
	case errors.Is(err, apperr.NotFound):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, apperr.Conflict):
		return http.StatusConflict, "conflict"
	case errors.Is(err, apperr.Unauthorized):
		return http.StatusUnauthorized, "unauthorized"
	case errors.Is(err, apperr.Forbidden):
		return http.StatusForbidden, "forbidden"
	case errors.Is(err, apperr.RateLimited):
		return http.StatusTooManyRequests, "rate_limited"
	case errors.Is(err, apperr.Unavailable), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "unavailable"
	}
	return http.StatusInternalServerError, "internal"
}

var defaultKeys = map[int]string{
	http.StatusUnprocessableEntity: "error.invalid",
	http.StatusNotFound:            "error.not_found",
	http.StatusConflict:            "error.conflict",
	http.StatusUnauthorized:        "auth.signin_required",
	http.StatusForbidden:           "error.forbidden",
	http.StatusTooManyRequests:     "error.rate_limited",
	http.StatusServiceUnavailable:  "error.busy",
	http.StatusInternalServerError: "error.internal",
}

// IsAPI reports whether a request is to the JSON API.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// errorView is what the error page shows.
type errorView struct {
	Code    int
	Message string
}

// Error writes err for the user: a translated message in JSON for the API, a page otherwise.
// The cause is logged with the request ID; the user sees the ID, never the cause.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	st := StateOf(r)
	code, slug := status(err)
	if code >= 500 {
		s.Log.Error("request failed", "id", st.RequestID, "path", r.URL.Path, "err", err)
	}
	key, args := defaultKeys[code], []any(nil)
	var fields map[string]string
	if e, ok := apperr.As(err); ok {
		if e.Key != "" && st.L.Has(e.Key) {
			key, args = e.Key, e.Args
		}
		fields = e.Fields
	}
	msg := st.L.Msg(key, args...)
	if code == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "60")
	}
	if IsAPI(r) {
		body := map[string]any{"code": slug, "message": msg}
		if len(fields) > 0 {
			body["fields"] = FieldMessages(st.L, err)
		}
		if code >= 500 {
			body["request_id"] = st.RequestID
		}
		WriteJSON(w, code, map[string]any{"error": body})
		return
	}
	if code == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := s.NewPage(w, r, "error.title", errorView{Code: code, Message: msg})
	if rerr := s.Render(w, r, code, "error", p); rerr != nil {
		s.Log.Error("render error page", "id", st.RequestID, "err", rerr)
		http.Error(w, msg, code)
	}
}

// FieldMessages renders a validation error's field problems in the reader's language.
func FieldMessages(l *i18n.Localizer, err error) map[string]string {
	out := map[string]string{}
	e, ok := apperr.As(err)
	if !ok {
		return out
	}
	for f, k := range e.Fields {
		out[f] = l.Msg(k, e.FieldArgs[f]...)
	}
	return out
}

// WriteJSON writes v as JSON with a status.
func WriteJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// DecodeJSON reads a request body of at most 1 MiB into v, refusing unknown fields.
func DecodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return apperr.Wrap(apperr.Invalid, "error.bad_json", err)
	}
	return nil
}
