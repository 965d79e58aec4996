package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/audit"
	"clusterbridge/internal/auth"
	"clusterbridge/internal/db"
	"clusterbridge/internal/db/dbtest"
	"clusterbridge/internal/ratelimit"
)

const goodPassword = "correct horse battery"

func newService(t *testing.T, d *db.DB) *auth.Service {
	t.Helper()
	return auth.New(d, ratelimit.New(d))
}

func mustUser(t *testing.T, s *auth.Service, email string, role auth.Role) auth.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), audit.System, auth.NewUser{Email: email, Name: "Test " + email, Role: role, Password: goodPassword})
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

func countAudit(t *testing.T, d *db.DB, action string) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE action = ?", action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		u := mustUser(t, s, "Ana@Example.org", auth.RoleMember)
		if u.Email != "ana@example.org" {
			t.Errorf("email stored as %q, want lower case", u.Email)
		}
		token, got, err := s.Login(ctx, " ANA@example.org", goodPassword, "10.0.0.1", "test", "")
		if err != nil {
			t.Fatalf("Login: %v", err)
		}
		if got.ID != u.ID || token == "" {
			t.Errorf("Login = %v %q, want user %d and a token", got.ID, token, u.ID)
		}
		su, err := s.Session(ctx, token)
		if err != nil || su.ID != u.ID {
			t.Fatalf("Session = %v, %v; want user %d", su.ID, err, u.ID)
		}
		// A new sign-in from the same browser replaces its session.
		token2, _, err := s.Login(ctx, "ana@example.org", goodPassword, "10.0.0.1", "test", token)
		if err != nil {
			t.Fatal(err)
		}
		if token2 == token {
			t.Error("sign-in reused the session token")
		}
		if _, err := s.Session(ctx, token); !errors.Is(err, apperr.Unauthorized) {
			t.Errorf("old session after new sign-in: err = %v, want Unauthorized", err)
		}
		for _, tt := range []struct{ name, email, password string }{
			{"wrong password", "ana@example.org", "wrong password!"},
			{"unknown user", "nobody@example.org", goodPassword},
			{"empty", "", ""},
		} {
			if _, _, err := s.Login(ctx, tt.email, tt.password, "10.0.0.2", "", ""); !errors.Is(err, apperr.Unauthorized) {
				t.Errorf("%s: err = %v, want Unauthorized", tt.name, err)
			}
		}
		if err := s.Logout(ctx, token2); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, token2); !errors.Is(err, apperr.Unauthorized) {
			t.Errorf("session after logout: err = %v, want Unauthorized", err)
		}
		if n := countAudit(t, d, "user.login"); n != 2 {
			t.Errorf("user.login audit entries = %d, want 2", n)
		}
	})
}

func TestLoginRateLimit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		mustUser(t, s, "bojan@example.org", auth.RoleMember)
		for i := range auth.LoginPerAccount.Max {
			if _, _, err := s.Login(ctx, "bojan@example.org", "not the password", "10.0.0.3", "", ""); !errors.Is(err, apperr.Unauthorized) {
				t.Fatalf("attempt %d: err = %v, want Unauthorized", i, err)
			}
		}
		// Now even the right password is refused, with a message saying when to retry.
		_, _, err := s.Login(ctx, "bojan@example.org", goodPassword, "10.0.0.4", "", "")
		if !errors.Is(err, apperr.RateLimited) {
			t.Fatalf("after %d failures: err = %v, want RateLimited", auth.LoginPerAccount.Max, err)
		}
		if e, _ := apperr.As(err); e.Key != "auth.login.rate_limited" || len(e.Args) != 2 {
			t.Errorf("rate-limit error = %+v, want key auth.login.rate_limited with minutes", e)
		}
		// Another account from the same address is not locked by the first one's failures.
		mustUser(t, s, "vesna@example.org", auth.RoleMember)
		if _, _, err := s.Login(ctx, "vesna@example.org", goodPassword, "10.0.0.3", "", ""); err != nil {
			t.Errorf("other account: %v", err)
		}
		// Per address: many accounts tried from one IP are cut off too.
		var last error
		for i := range auth.LoginPerIP.Max + 1 {
			_, _, last = s.Login(ctx, "guess"+string(rune('a'+i%26))+"@example.org", "x", "10.9.9.9", "", "")
		}
		if !errors.Is(last, apperr.RateLimited) {
			t.Errorf("after %d failures from one IP: err = %v, want RateLimited", auth.LoginPerIP.Max+1, last)
		}
	})
}

func TestPasswordPolicy(t *testing.T) {
	tests := []struct{ password, email, want string }{
		{"short", "a@b.c", "auth.password.too_short"},
		{"password123", "a@b.c", "auth.password.common"},
		{"Qwertyuiop", "a@b.c", "auth.password.common"},
		{"ivana.petrovic", "ivana.petrovic@example.org", "auth.password.is_email"},
		{"correct horse battery", "a@b.c", ""},
		{"ђурђевдан у нишу", "a@b.c", ""},
	}
	for _, tt := range tests {
		if got := auth.CheckPassword(tt.password, tt.email); got != tt.want {
			t.Errorf("CheckPassword(%q) = %q, want %q", tt.password, got, tt.want)
		}
	}
	h, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := auth.VerifyPassword(h, "correct horse battery"); !ok {
		t.Error("VerifyPassword rejected the right password")
	}
	if ok, _ := auth.VerifyPassword(h, "correct horse batterY"); ok {
		t.Error("VerifyPassword accepted a wrong password")
	}
	if _, err := auth.VerifyPassword("$2a$10$garbage", "x"); err == nil {
		t.Error("VerifyPassword accepted a malformed hash")
	}
}

func TestCreateUserValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		mustUser(t, s, "taken@example.org", auth.RoleMember)
		tests := []struct {
			name  string
			in    auth.NewUser
			field string
			key   string
		}{
			{"bad email", auth.NewUser{Email: "not-an-email", Name: "X", Password: goodPassword}, "email", "auth.email.invalid"},
			{"taken email", auth.NewUser{Email: "TAKEN@example.org", Name: "X", Password: goodPassword}, "email", "auth.email.taken"},
			{"no name", auth.NewUser{Email: "n@example.org", Name: "  ", Password: goodPassword}, "name", "form.required"},
			{"bad role", auth.NewUser{Email: "r@example.org", Name: "R", Role: "king", Password: goodPassword}, "role", "form.invalid_choice"},
			{"bad locale", auth.NewUser{Email: "l@example.org", Name: "L", Locale: "fr", Password: goodPassword}, "locale", "form.invalid_choice"},
			{"weak password", auth.NewUser{Email: "w@example.org", Name: "W", Password: "12345678"}, "password", "auth.password.too_short"},
		}
		for _, tt := range tests {
			_, err := s.CreateUser(context.Background(), audit.System, tt.in)
			e, ok := apperr.As(err)
			if !ok || !errors.Is(err, apperr.Invalid) || e.Fields[tt.field] != tt.key {
				t.Errorf("%s: err = %v, want field %s = %s", tt.name, err, tt.field, tt.key)
			}
		}
		// Nothing half-written: one user (the first), one audit entry.
		var n int
		if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM users").Scan(&n); err != nil || n != 1 {
			t.Errorf("users = %d (%v), want 1", n, err)
		}
		if n := countAudit(t, d, "user.create"); n != 1 {
			t.Errorf("user.create audit entries = %d, want 1 (a failed change leaves none)", n)
		}
	})
}

func TestAuditInSameTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		u := mustUser(t, s, "coord@example.org", auth.RoleAdmin)
		// A change that fails after its audit entry was written leaves neither.
		boom := errors.New("boom")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, "UPDATE users SET name = 'Changed' WHERE id = ?", u.ID); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, u.Actor(""), "user.rename", "user", u.ID, nil); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if n := countAudit(t, d, "user.rename"); n != 0 {
			t.Errorf("audit entries of a failed change = %d, want 0", n)
		}
		got, _ := s.User(ctx, u.ID)
		if got.Name == "Changed" {
			t.Error("the failed change was kept")
		}
		// And an entry cannot be orphaned: SetRole on a missing user writes no entry.
		if err := s.SetRole(ctx, u.Actor(""), 99999, auth.RoleAdmin); !errors.Is(err, apperr.NotFound) {
			t.Errorf("SetRole(missing) = %v, want NotFound", err)
		}
		if n := countAudit(t, d, "user.role"); n != 0 {
			t.Errorf("user.role entries = %d, want 0", n)
		}
		entries, err := audit.List(ctx, d, audit.Filter{ObjectType: "user"})
		if err != nil || len(entries) != 1 || entries[0].Action != "user.create" {
			t.Errorf("audit.List = %+v, %v; want the one user.create", entries, err)
		}
	})
}

func TestTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		u := mustUser(t, s, "api@example.org", auth.RoleMember)
		other := mustUser(t, s, "other@example.org", auth.RoleMember)
		secret, tok, err := s.CreateToken(ctx, u.Actor(""), u.ID, "import script")
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.TokenUser(ctx, secret)
		if err != nil || got.ID != u.ID {
			t.Fatalf("TokenUser = %v, %v; want user %d", got.ID, err, u.ID)
		}
		for _, bad := range []string{"", "cbt_nope", secret + "x", "Bearer " + secret} {
			if _, err := s.TokenUser(ctx, bad); !errors.Is(err, apperr.Unauthorized) {
				t.Errorf("TokenUser(%q) = %v, want Unauthorized", bad, err)
			}
		}
		if err := s.RevokeToken(ctx, other.Actor(""), other.ID, tok.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("revoking another's token: %v, want NotFound", err)
		}
		if err := s.RevokeToken(ctx, u.Actor(""), u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, secret); !errors.Is(err, apperr.Unauthorized) {
			t.Errorf("revoked token: %v, want Unauthorized", err)
		}
		list, _ := s.Tokens(ctx, u.ID)
		if len(list) != 1 || list[0].Revoked == nil {
			t.Errorf("Tokens = %+v, want one revoked", list)
		}
		// The secret itself is not stored.
		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", secret).Scan(&n); err != nil || n != 0 {
			t.Errorf("token stored in clear")
		}
	})
}

func TestLogoutEverywhereAndDisable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		admin := mustUser(t, s, "admin@example.org", auth.RoleAdmin)
		u := mustUser(t, s, "m@example.org", auth.RoleMember)
		t1, _, _ := s.Login(ctx, u.Email, goodPassword, "1.1.1.1", "", "")
		t2, _, _ := s.Login(ctx, u.Email, goodPassword, "1.1.1.2", "", "")
		if err := s.LogoutEverywhere(ctx, u.Actor(""), u.ID); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{t1, t2} {
			if _, err := s.Session(ctx, tok); !errors.Is(err, apperr.Unauthorized) {
				t.Errorf("session after logout everywhere: %v", err)
			}
		}
		t3, _, _ := s.Login(ctx, u.Email, goodPassword, "1.1.1.1", "", "")
		if err := s.SetDisabled(ctx, admin.Actor(""), u.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, t3); !errors.Is(err, apperr.Unauthorized) {
			t.Errorf("session of disabled user: %v", err)
		}
		if _, _, err := s.Login(ctx, u.Email, goodPassword, "1.1.1.1", "", ""); !errors.Is(err, apperr.Unauthorized) {
			t.Errorf("login of disabled user: %v", err)
		}
		if err := s.SetDisabled(ctx, admin.Actor(""), admin.ID, true); !errors.Is(err, apperr.Invalid) {
			t.Errorf("admin disabling self: %v, want Invalid", err)
		}
	})
}

func TestSessionExpires(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	s := newService(t, d)
	u := mustUser(t, s, "e@example.org", auth.RoleMember)
	tok, _, err := s.Login(ctx, u.Email, goodPassword, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Now().Add(s.SessionTTL + time.Hour) }
	if _, err := s.Session(ctx, tok); !errors.Is(err, apperr.Unauthorized) {
		t.Errorf("expired session: %v, want Unauthorized", err)
	}
}

func TestChangePassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		u := mustUser(t, s, "p@example.org", auth.RoleMember)
		keep, _, _ := s.Login(ctx, u.Email, goodPassword, "", "", "")
		other, _, _ := s.Login(ctx, u.Email, goodPassword, "", "", "")
		err := s.ChangePassword(ctx, u.Actor(""), u.ID, "wrong", "another good passphrase", keep)
		if e, _ := apperr.As(err); e == nil || e.Fields["current"] != "auth.password.wrong" {
			t.Errorf("wrong current password: %v", err)
		}
		if err := s.ChangePassword(ctx, u.Actor(""), u.ID, goodPassword, "another good passphrase", keep); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, keep); err != nil {
			t.Errorf("the session that changed the password was ended: %v", err)
		}
		if _, err := s.Session(ctx, other); !errors.Is(err, apperr.Unauthorized) {
			t.Errorf("other session survived a password change: %v", err)
		}
		if _, _, err := s.Login(ctx, u.Email, "another good passphrase", "", "", ""); err != nil {
			t.Errorf("login with new password: %v", err)
		}
	})
}

func TestEnsureAdmin(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	s := newService(t, d)
	pw, created, err := s.EnsureAdmin(ctx, "admin@localhost", "")
	if err != nil || !created || len(pw) < 16 {
		t.Fatalf("EnsureAdmin = %q, %v, %v", pw, created, err)
	}
	u, err := s.UserByEmail(ctx, "admin@localhost")
	if err != nil || !u.IsAdmin() {
		t.Fatalf("admin = %+v, %v", u, err)
	}
	pw2, created, err := s.EnsureAdmin(ctx, "admin@localhost", "")
	if err != nil || created || pw2 != "" {
		t.Errorf("second EnsureAdmin = %q, %v, %v; want nothing done", pw2, created, err)
	}
}
