// Package dbtest gives each test a fresh, migrated database: always SQLite (a file in the test's
// temporary directory) and, when CLUSTERBRIDGE_TEST_POSTGRES names a server, PostgreSQL too, in a
// schema of its own so tests can run in parallel against one server.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"clusterbridge/internal/db"
)

// EnvPostgres names the variable that turns on the PostgreSQL runs.
const EnvPostgres = "CLUSTERBRIDGE_TEST_POSTGRES"

// Each runs fn as a subtest on every engine available: "sqlite" always, "postgres" when
// CLUSTERBRIDGE_TEST_POSTGRES is set.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated SQLite database that lives as long as the test.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "test.db"))
}

// Postgres returns a migrated PostgreSQL database in a schema of its own, dropped when the test
// ends; it skips the test when CLUSTERBRIDGE_TEST_POSTGRES is not set.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	dsn := PostgresDSN(t)
	return open(t, dsn)
}

// PostgresDSN creates an empty schema and returns a URL whose connections use it. It skips the
// test when CLUSTERBRIDGE_TEST_POSTGRES is not set.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skip("PostgreSQL run skipped: set " + EnvPostgres + "=postgres://postgres@127.0.0.1:5432/test?sslmode=disable")
	}
	ctx := context.Background()
	admin, err := db.Open(ctx, base)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	defer admin.Close()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("dbtest: create schema: %v", err)
	}
	t.Cleanup(func() {
		admin, err := db.Open(context.Background(), base)
		if err != nil {
			t.Logf("dbtest: drop schema %s: %v", schema, err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Logf("dbtest: drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("dbtest: %s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t testing.TB, dsn string) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("dbtest: open: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatalf("dbtest: migrate: %v", err)
	}
	return d
}
