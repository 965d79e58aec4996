package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/audit"
	"clusterbridge/internal/db"
)

func newToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// dummyHash is verified when an e-mail is unknown, so that the answer takes as long as for a
// known one and does not reveal which addresses have accounts.
var dummyHash, _ = HashPassword("not a real password, only for timing")

// Login checks the credentials and opens a new session, returning its token. previous, the token
// of a session the browser already had, is ended: a new token on every sign-in means a token
// planted before sign-in is worthless.
func (s *Service) Login(ctx context.Context, email, password, ip, userAgent, previous string) (string, User, error) {
	email = NormalizeEmail(email)
	acct, byIP := "login:account:"+email, "login:ip:"+ip
	for _, c := range []struct {
		bucket string
		rule   rateRule
	}{{acct, LoginPerAccount}, {byIP, LoginPerIP}} {
		over, wait, err := s.limiter.Exceeded(ctx, c.bucket, c.rule)
		if err != nil {
			return "", User{}, err
		}
		if over {
			minutes := int(wait.Minutes() + 0.999)
			return "", User{}, apperr.New(apperr.RateLimited, "auth.login.rate_limited", "n", minutes)
		}
	}
	var hash string
	var u User
	var role string
	err := s.db.QueryRow(ctx, "SELECT "+userColumns+", password_hash FROM users WHERE email = ?", email).
		Scan(&u.ID, &u.Email, &u.Name, &u.Locale, &role, &u.Disabled, &u.CreatedAt, &hash)
	u.Role = Role(role)
	if errors.Is(err, apperr.NotFound) {
		hash = dummyHash
	} else if err != nil {
		return "", User{}, err
	}
	ok, _ := VerifyPassword(hash, password)
	if !ok || u.ID == 0 || u.Disabled {
		if err := s.limiter.Hit(ctx, acct, byIP); err != nil {
			return "", User{}, err
		}
		return "", User{}, apperr.New(apperr.Unauthorized, "auth.login.failed")
	}
	_ = s.limiter.Reset(ctx, acct)
	token := newToken(32)
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if previous != "" {
			if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hashToken(previous)); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, seen_at, user_agent, ip)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, hashToken(token), u.ID, now, now.Add(s.SessionTTL), now, truncate(userAgent, 200), ip); err != nil {
			return err
		}
		return audit.Record(ctx, tx, u.Actor(ip), "user.login", "user", u.ID, nil)
	})
	if err != nil {
		return "", User{}, err
	}
	return token, u, nil
}

// Session returns the user of a session token. Sessions slide: each use more than an hour after
// the last one pushes the expiry forward, so active people stay signed in and idle sessions end.
func (s *Service) Session(ctx context.Context, token string) (User, error) {
	if token == "" {
		return User{}, apperr.New(apperr.Unauthorized, "auth.signin_required")
	}
	var u User
	var role string
	var expires, seen time.Time
	err := s.db.QueryRow(ctx, `SELECT u.id, u.email, u.name, u.locale, u.role, u.disabled, u.created_at, s.expires_at, s.seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, hashToken(token)).
		Scan(&u.ID, &u.Email, &u.Name, &u.Locale, &role, &u.Disabled, &u.CreatedAt, &expires, &seen)
	u.Role = Role(role)
	if errors.Is(err, apperr.NotFound) {
		return User{}, apperr.New(apperr.Unauthorized, "auth.signin_required")
	}
	if err != nil {
		return User{}, err
	}
	now := s.now()
	if now.After(expires) || u.Disabled {
		return User{}, apperr.New(apperr.Unauthorized, "auth.signin_required")
	}
	if now.Sub(seen) > time.Hour {
		_, _ = s.db.Exec(ctx, "UPDATE sessions SET seen_at = ?, expires_at = ? WHERE token_hash = ?", now, now.Add(s.SessionTTL), hashToken(token))
	}
	return u, nil
}

// Logout ends one session.
func (s *Service) Logout(ctx context.Context, token string) error {
	_, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hashToken(token))
	return err
}

// LogoutEverywhere ends every session of a user.
func (s *Service) LogoutEverywhere(ctx context.Context, actor audit.Actor, userID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "user.logout_everywhere", "user", userID, nil)
	})
}

// PruneSessions deletes expired sessions.
func (s *Service) PruneSessions(ctx context.Context) error {
	_, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE expires_at < ?", s.now())
	return err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
