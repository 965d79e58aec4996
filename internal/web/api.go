package web

import (
	"net/http"

	"clusterbridge/internal/auth"
)

func (s *Server) apiRoutes() {
	s.Handle("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) error {
		WriteJSON(w, http.StatusOK, s.api.Document(s.Config.Public()))
		return nil
	})
	s.Handle("GET /api/v1/me", s.RequireUser(s.apiMe))
	s.Handle("GET /api/v1/me/tokens", s.RequireUser(s.apiTokens))
	s.Handle("POST /api/v1/me/tokens", s.RequireUser(s.apiCreateToken))
	s.Handle("DELETE /api/v1/me/tokens/{id}", s.RequireUser(s.apiRevokeToken))
	s.Handle("/api/", s.notFound)

	s.api.Schema("Error", map[string]any{"type": "object", "required": []string{"error"}, "properties": map[string]any{
		"error": map[string]any{"type": "object", "required": []string{"code", "message"}, "properties": map[string]any{
			"code":       map[string]any{"type": "string", "description": "machine-readable: invalid, not_found, conflict, unauthorized, forbidden, rate_limited, unavailable, internal"},
			"message":    map[string]any{"type": "string", "description": "for people, in the request's language"},
			"fields":     map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
			"request_id": map[string]any{"type": "string"},
		}}}})
	s.api.Schema("Health", map[string]any{"type": "object", "properties": map[string]any{
		"status": map[string]any{"type": "string", "enum": []string{"ok", "unavailable"}}, "version": map[string]any{"type": "string"},
		"database": map[string]any{"type": "object"}, "uptime_seconds": map[string]any{"type": "integer"}}})
	s.api.Schema("User", map[string]any{"type": "object", "properties": map[string]any{
		"id": map[string]any{"type": "integer"}, "email": map[string]any{"type": "string"}, "name": map[string]any{"type": "string"},
		"locale": map[string]any{"type": "string"}, "role": map[string]any{"type": "string", "enum": []string{"admin", "member"}}}})
	s.api.Schema("Token", map[string]any{"type": "object", "properties": map[string]any{
		"id": map[string]any{"type": "integer"}, "name": map[string]any{"type": "string"}, "prefix": map[string]any{"type": "string"},
		"created_at":   map[string]any{"type": "string", "format": "date-time"},
		"last_used_at": map[string]any{"type": []string{"string", "null"}, "format": "date-time"},
		"revoked_at":   map[string]any{"type": []string{"string", "null"}, "format": "date-time"}}})
	s.api.Schema("TokenList", map[string]any{"type": "object", "properties": map[string]any{"items": map[string]any{"type": "array", "items": ref("Token")}}})
	s.api.Schema("NewToken", map[string]any{"type": "object", "required": []string{"name"}, "properties": map[string]any{"name": map[string]any{"type": "string", "maxLength": 80}}})
	s.api.Schema("CreatedToken", map[string]any{"type": "object", "properties": map[string]any{
		"token": map[string]any{"type": "string", "description": "the secret, shown only in this response"}, "item": ref("Token")}})

	s.api.Add("GET", "/healthz", Op{Summary: "Health of the server and its database", Tags: []string{"platform"},
		Responses: map[int]string{200: "Health", 503: "Health"}})
	s.api.Add("GET", "/api/v1/openapi.json", Op{Summary: "This document", Tags: []string{"platform"}, Responses: map[int]string{200: ""}})
	s.api.Add("GET", "/api/v1/me", Op{Summary: "The signed-in user", Tags: []string{"account"}, Auth: true, Responses: map[int]string{200: "User"}})
	s.api.Add("GET", "/api/v1/me/tokens", Op{Summary: "List your API tokens", Tags: []string{"account"}, Auth: true, Responses: map[int]string{200: "TokenList"}})
	s.api.Add("POST", "/api/v1/me/tokens", Op{Summary: "Create an API token", Tags: []string{"account"}, Auth: true, RequestBody: "NewToken",
		Responses: map[int]string{201: "CreatedToken"}})
	s.api.Add("DELETE", "/api/v1/me/tokens/{id}", Op{Summary: "Revoke an API token", Tags: []string{"account"}, Auth: true,
		Params: []Param{{Name: "id", In: "path", Type: "integer"}}, Responses: map[int]string{204: ""}})
}

type userJSON struct {
	ID     int64  `json:"id"`
	Email  string `json:"email"`
	Name   string `json:"name"`
	Locale string `json:"locale"`
	Role   string `json:"role"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	u := StateOf(r).User
	WriteJSON(w, http.StatusOK, userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Locale: u.Locale, Role: string(u.Role)})
	return nil
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) error {
	tokens, err := s.Auth.Tokens(r.Context(), StateOf(r).User.ID)
	if err != nil {
		return err
	}
	if tokens == nil {
		tokens = []auth.Token{}
	}
	WriteJSON(w, http.StatusOK, map[string]any{"items": tokens})
	return nil
}

func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	u := StateOf(r).User
	secret, t, err := s.Auth.CreateToken(r.Context(), u.Actor(ClientIP(r)), u.ID, in.Name)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusCreated, map[string]any{"token": secret, "item": t})
	return nil
}

func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u := StateOf(r).User
	if err := s.Auth.RevokeToken(r.Context(), u.Actor(ClientIP(r)), u.ID, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
