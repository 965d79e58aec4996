package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/audit"
	"clusterbridge/internal/db"
	"clusterbridge/internal/ratelimit"
)

type rateRule = ratelimit.Rule

// TokenPrefix starts every personal API token, so leaked tokens are recognisable by scanners.
const TokenPrefix = "cbt_"

// Token is a personal API token as its owner sees it; the secret is shown once, at creation.
type Token struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Prefix    string     `json:"prefix"`
	CreatedAt time.Time  `json:"created_at"`
	LastUsed  *time.Time `json:"last_used_at"`
	Revoked   *time.Time `json:"revoked_at"`
}

// CreateToken makes a token for the user and returns its secret with its record.
func (s *Service) CreateToken(ctx context.Context, actor audit.Actor, userID int64, name string) (string, Token, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", Token{}, (apperr.Fields{"name": "form.required"}).Err()
	}
	if len([]rune(name)) > 80 {
		return "", Token{}, (apperr.Fields{"name": "form.too_long"}).Err()
	}
	secret := TokenPrefix + newToken(24)
	t := Token{Name: name, Prefix: secret[:len(TokenPrefix)+6], CreatedAt: s.now()}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			userID, t.Name, hashToken(secret), t.Prefix, t.CreatedAt).Scan(&t.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "token.create", "api_token", t.ID, map[string]any{"user": userID, "name": name})
	})
	if err != nil {
		return "", Token{}, err
	}
	return secret, t, nil
}

// Tokens lists a user's tokens, newest first.
func (s *Service) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := s.db.Query(ctx, `SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		if err := rows.Scan(&t.ID, &t.Name, &t.Prefix, &t.CreatedAt, &t.LastUsed, &t.Revoked); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken ends a token of the user's; another user's token is reported as not found.
func (s *Service) RevokeToken(ctx context.Context, actor audit.Actor, userID, tokenID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL", s.now(), tokenID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		return audit.Record(ctx, tx, actor, "token.revoke", "api_token", tokenID, nil)
	})
}

// TokenUser authenticates a bearer token.
func (s *Service) TokenUser(ctx context.Context, secret string) (User, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return User{}, apperr.New(apperr.Unauthorized, "auth.token.invalid")
	}
	var u User
	var role string
	var id int64
	var last *time.Time
	err := s.db.QueryRow(ctx, `SELECT u.id, u.email, u.name, u.locale, u.role, u.disabled, u.created_at, t.id, t.last_used_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL`, hashToken(secret)).
		Scan(&u.ID, &u.Email, &u.Name, &u.Locale, &role, &u.Disabled, &u.CreatedAt, &id, &last)
	u.Role = Role(role)
	if errors.Is(err, apperr.NotFound) || (err == nil && u.Disabled) {
		return User{}, apperr.New(apperr.Unauthorized, "auth.token.invalid")
	}
	if err != nil {
		return User{}, err
	}
	now := s.now()
	if last == nil || now.Sub(*last) > time.Minute {
		_, _ = s.db.Exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now, id)
	}
	return u, nil
}
