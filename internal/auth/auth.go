// Package auth keeps the platform's accounts: users and their roles, passwords, server-side
// sessions, personal API tokens and sign-in rate limits. Every change is audited in the same
// transaction.
package auth

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/audit"
	"clusterbridge/internal/db"
	"clusterbridge/internal/i18n"
	"clusterbridge/internal/ratelimit"
)

// Role is a user's platform-wide role. Editing rights over an organisation are granted by the
// directory on top of the member role.
type Role string

const (
	RoleAdmin  Role = "admin"  // network coordinator: everything
	RoleMember Role = "member" // a signed-in person
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleMember }

// User is an account.
type User struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Locale    string    `json:"locale"`
	Role      Role      `json:"role"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// IsAdmin reports whether the user coordinates the network.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin && !u.Disabled }

// Actor is the user as an audit actor.
func (u *User) Actor(ip string) audit.Actor {
	return audit.Actor{ID: u.ID, Label: u.Email, IP: ip}
}

// Limits on sign-in attempts.
var (
	LoginPerAccount = ratelimit.Rule{Max: 5, Window: 15 * time.Minute}
	LoginPerIP      = ratelimit.Rule{Max: 30, Window: 15 * time.Minute}
)

// Service is the accounts capability.
type Service struct {
	db         *db.DB
	limiter    *ratelimit.Limiter
	SessionTTL time.Duration
	Now        func() time.Time
}

// New returns the service over d.
func New(d *db.DB, l *ratelimit.Limiter) *Service {
	return &Service{db: d, limiter: l, SessionTTL: 14 * 24 * time.Hour, Now: time.Now}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

const userColumns = "id, email, name, locale, role, disabled, created_at"

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var role string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Locale, &role, &u.Disabled, &u.CreatedAt)
	u.Role = Role(role)
	return u, err
}

// NormalizeEmail lower-cases and trims an address; the unique index is on this form.
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// NewUser is the input to CreateUser.
type NewUser struct {
	Email    string
	Name     string
	Locale   string
	Role     Role
	Password string
}

func validEmail(e string) bool {
	a, err := mail.ParseAddress(e)
	return err == nil && a.Address == e && strings.Contains(e, "@")
}

func (in *NewUser) validate() error {
	f := apperr.Fields{}
	in.Email = NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	if !validEmail(in.Email) {
		f.Add("email", "auth.email.invalid")
	}
	if in.Name == "" {
		f.Add("name", "form.required")
	} else if len([]rune(in.Name)) > 120 {
		f.Add("name", "form.too_long")
	}
	if in.Locale != "" {
		if _, ok := i18n.Parse(in.Locale); !ok {
			f.Add("locale", "form.invalid_choice")
		}
	}
	if in.Role == "" {
		in.Role = RoleMember
	}
	if !in.Role.Valid() {
		f.Add("role", "form.invalid_choice")
	}
	if k := CheckPassword(in.Password, in.Email); k != "" {
		f.Add("password", k)
	}
	return f.Err()
}

// CreateUser validates and stores a new account.
func (s *Service) CreateUser(ctx context.Context, actor audit.Actor, in NewUser) (User, error) {
	if err := in.validate(); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return User{}, err
	}
	var u User
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		u, err = scanUser(tx.QueryRow(ctx, `INSERT INTO users (email, name, locale, password_hash, role, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING `+userColumns, in.Email, in.Name, in.Locale, hash, string(in.Role), now, now))
		if err != nil {
			if errors.Is(err, apperr.Conflict) {
				return &apperr.Error{Kind: apperr.Invalid, Key: "error.invalid", Fields: apperr.Fields{"email": "auth.email.taken"}, Err: err}
			}
			return err
		}
		return audit.Record(ctx, tx, actor, "user.create", "user", u.ID, map[string]any{"email": u.Email, "role": u.Role})
	})
	return u, err
}

// User returns an account by ID.
func (s *Service) User(ctx context.Context, id int64) (User, error) {
	return scanUser(s.db.QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
}

// UserByEmail returns an account by e-mail.
func (s *Service) UserByEmail(ctx context.Context, email string) (User, error) {
	return scanUser(s.db.QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE email = ?", NormalizeEmail(email)))
}

// Users lists accounts ordered by e-mail, optionally filtered by a text in e-mail or name.
func (s *Service) Users(ctx context.Context, q string, limit, offset int) ([]User, int, error) {
	where := ""
	var args []any
	if q = strings.TrimSpace(q); q != "" {
		where = " WHERE LOWER(email) LIKE ? OR LOWER(name) LIKE ?"
		like := "%" + strings.ToLower(q) + "%"
		args = append(args, like, like)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM users"+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Query(ctx, "SELECT "+userColumns+" FROM users"+where+" ORDER BY email LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

// SetRole changes a user's role. An administrator cannot demote themselves, so the network never
// loses its last coordinator by accident.
func (s *Service) SetRole(ctx context.Context, actor audit.Actor, id int64, role Role) error {
	if !role.Valid() {
		return apperr.New(apperr.Invalid, "form.invalid_choice")
	}
	if actor.ID == id && role != RoleAdmin {
		return apperr.New(apperr.Invalid, "auth.admin.not_self")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE users SET role = ?, updated_at = ? WHERE id = ?", string(role), s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		return audit.Record(ctx, tx, actor, "user.role", "user", id, map[string]any{"role": role})
	})
}

// SetDisabled disables or re-enables an account; disabling also ends its sessions and tokens'
// effect (a disabled user cannot authenticate).
func (s *Service) SetDisabled(ctx context.Context, actor audit.Actor, id int64, disabled bool) error {
	if actor.ID == id && disabled {
		return apperr.New(apperr.Invalid, "auth.admin.not_self")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?", disabled, s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		if disabled {
			if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
				return err
			}
		}
		action := "user.enable"
		if disabled {
			action = "user.disable"
		}
		return audit.Record(ctx, tx, actor, action, "user", id, nil)
	})
}

// UpdateProfile changes a user's display name and preferred locale.
func (s *Service) UpdateProfile(ctx context.Context, actor audit.Actor, id int64, name, locale string) error {
	f := apperr.Fields{}
	name = strings.TrimSpace(name)
	if name == "" {
		f.Add("name", "form.required")
	} else if len([]rune(name)) > 120 {
		f.Add("name", "form.too_long")
	}
	if locale != "" {
		if _, ok := i18n.Parse(locale); !ok {
			f.Add("locale", "form.invalid_choice")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE users SET name = ?, locale = ?, updated_at = ? WHERE id = ?", name, locale, s.now(), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "user.profile", "user", id, map[string]any{"name": name, "locale": locale})
	})
}

// ChangePassword sets a new password after checking the current one, and signs the user out of
// every other session.
func (s *Service) ChangePassword(ctx context.Context, actor audit.Actor, id int64, current, next, keepSession string) error {
	var hash, email string
	if err := s.db.QueryRow(ctx, "SELECT password_hash, email FROM users WHERE id = ?", id).Scan(&hash, &email); err != nil {
		return err
	}
	if ok, _ := VerifyPassword(hash, current); !ok {
		return (apperr.Fields{"current": "auth.password.wrong"}).Err()
	}
	if k := CheckPassword(next, email); k != "" {
		return (apperr.Fields{"password": k}).Err()
	}
	return s.setPassword(ctx, actor, id, next, keepSession)
}

// ResetPassword sets a password without the current one (the administrator's command line).
func (s *Service) ResetPassword(ctx context.Context, actor audit.Actor, email, password string) error {
	u, err := s.UserByEmail(ctx, email)
	if err != nil {
		return err
	}
	if k := CheckPassword(password, u.Email); k != "" {
		return (apperr.Fields{"password": k}).Err()
	}
	return s.setPassword(ctx, actor, u.ID, password, "")
}

func (s *Service) setPassword(ctx context.Context, actor audit.Actor, id int64, password, keepSession string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, s.now(), id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", id, hashToken(keepSession)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "user.password", "user", id, nil)
	})
}

// EnsureAdmin creates the first administrator when the database has no users. It returns the
// password used (generated when password is empty) and whether an account was created.
func (s *Service) EnsureAdmin(ctx context.Context, email, password string) (string, bool, error) {
	var n int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n); err != nil {
		return "", false, err
	}
	if n > 0 {
		return "", false, nil
	}
	if password == "" {
		password = GeneratePassword()
	}
	_, err := s.CreateUser(ctx, audit.System, NewUser{Email: email, Name: "Administrator", Role: RoleAdmin, Password: password})
	if err != nil {
		return "", false, fmt.Errorf("auth: first administrator: %w", err)
	}
	return password, true, nil
}

// Export is everything the platform holds about a user, for their right of access.
type Export struct {
	User     User        `json:"user"`
	Tokens   []Token     `json:"api_tokens"`
	Sessions int         `json:"open_sessions"`
	Activity []ExportAct `json:"activity"`
}

// ExportAct is one audit entry of the user's own actions.
type ExportAct struct {
	At         time.Time `json:"at"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
}

// ExportData gathers a user's data.
func (s *Service) ExportData(ctx context.Context, id int64) (Export, error) {
	u, err := s.User(ctx, id)
	if err != nil {
		return Export{}, err
	}
	x := Export{User: u, Activity: []ExportAct{}}
	if x.Tokens, err = s.Tokens(ctx, id); err != nil {
		return x, err
	}
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", id).Scan(&x.Sessions); err != nil {
		return x, err
	}
	rows, err := s.db.Query(ctx, "SELECT at, action, object_type, object_id FROM audit_log WHERE actor_id = ? ORDER BY id", id)
	if err != nil {
		return x, err
	}
	defer rows.Close()
	for rows.Next() {
		var a ExportAct
		if err := rows.Scan(&a.At, &a.Action, &a.ObjectType, &a.ObjectID); err != nil {
			return x, err
		}
		x.Activity = append(x.Activity, a)
	}
	return x, rows.Err()
}

// Erase deletes a user's account on their request: sessions, tokens, editor rights and claims go
// with it, and the audit log keeps what was done but no longer who did it. The last administrator
// cannot erase themselves, so the network is never left without a coordinator.
func (s *Service) Erase(ctx context.Context, actor audit.Actor, id int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var role string
		if err := tx.QueryRow(ctx, "SELECT role FROM users WHERE id = ?", id).Scan(&role); err != nil {
			return err
		}
		if Role(role) == RoleAdmin {
			var admins int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = ?", false).Scan(&admins); err != nil {
				return err
			}
			if admins <= 1 {
				return apperr.New(apperr.Conflict, "auth.erase.last_admin")
			}
		}
		if _, err := tx.Exec(ctx, "UPDATE audit_log SET actor = ?, ip = '' WHERE actor_id = ?", fmt.Sprintf("erased user #%d", id), id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM users WHERE id = ?", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Actor{ID: actor.ID, Label: fmt.Sprintf("erased user #%d", id)}, "user.erase", "user", id, nil)
	})
}
