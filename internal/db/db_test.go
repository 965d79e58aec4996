package db_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/db"
	"clusterbridge/internal/db/dbtest"
)

func TestMigrateBothEngines(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ms, err := db.LoadMigrations()
		if err != nil {
			t.Fatal(err)
		}
		v, err := d.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := v, ms[len(ms)-1].Version; got != want {
			t.Errorf("version = %d, want %d", got, want)
		}
		n, err := d.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("second Migrate applied %d, want 0", n)
		}
		// The schema is the same on both engines: every table the migrations create answers.
		for _, table := range []string{"users", "sessions", "api_tokens", "audit_log", "rate_events", "schema_migrations"} {
			var c int
			if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&c); err != nil {
				t.Errorf("table %s: %v", table, err)
			}
		}
	})
}

func TestConcurrentMigrate(t *testing.T) {
	// Several app servers starting together against one PostgreSQL take turns.
	dsn := dbtest.PostgresDSN(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := db.Open(ctx, dsn)
			if err != nil {
				errs[i] = err
				return
			}
			defer d.Close()
			_, errs[i] = d.Migrate(ctx)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("server %d: %v", i, err)
		}
	}
}

func TestMigrationPairsComplete(t *testing.T) {
	if _, err := db.LoadMigrations(); err != nil {
		t.Fatalf("embedded migrations: %v", err)
	}
}

func TestErrorMapping(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		insertUser := func(q db.Querier, email string) (int64, error) {
			var id int64
			err := q.QueryRow(ctx, `INSERT INTO users (email, name, password_hash, created_at, updated_at)
				VALUES (?, 'x', 'h', ?, ?) RETURNING id`, email, now, now).Scan(&id)
			return id, err
		}
		var err error
		err = d.InTx(ctx, func(tx *db.Tx) error { _, err := insertUser(tx, "a@x"); return err })
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			run  func() error
			want error
		}{
			{"unique", func() error {
				return d.InTx(ctx, func(tx *db.Tx) error { _, err := insertUser(tx, "a@x"); return err })
			}, apperr.Conflict},
			{"foreign key", func() error {
				_, err := d.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, seen_at) VALUES ('t', 999999, ?, ?, ?)`, now, now, now)
				return err
			}, apperr.InvalidRef},
			{"not null", func() error {
				_, err := d.Exec(ctx, `INSERT INTO users (email, name, password_hash, created_at, updated_at) VALUES ('b@x', NULL, 'h', ?, ?)`, now, now)
				return err
			}, apperr.Invalid},
			{"check", func() error {
				_, err := d.Exec(ctx, `INSERT INTO users (email, name, password_hash, role, created_at, updated_at) VALUES ('c@x', 'c', 'h', 'emperor', ?, ?)`, now, now)
				return err
			}, apperr.Invalid},
			{"no rows", func() error {
				var id int64
				return d.QueryRow(ctx, "SELECT id FROM users WHERE email = ?", "nobody@x").Scan(&id)
			}, apperr.NotFound},
		}
		for _, tt := range tests {
			err := tt.run()
			if !errors.Is(err, tt.want) {
				t.Errorf("%s: err = %v, want kind %v", tt.name, err, tt.want)
			}
		}
	})
}

func TestTxRollsBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		boom := errors.New("boom")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO users (email, name, password_hash, created_at, updated_at) VALUES ('r@x', 'r', 'h', ?, ?)`, now, now); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE email = 'r@x'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("rows after rollback = %d, want 0", n)
		}
	})
}

// slowQuery runs long enough to be cancelled mid-flight on both engines.
func slowQuery(d *db.DB) string {
	if d.Dialect() == db.Postgres {
		return "SELECT pg_sleep(5)"
	}
	return `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) SELECT COUNT(*) FROM c`
}

func TestCancelMidQueryLeavesPoolUsable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		for round := range 10 {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			var n int64
			err := d.QueryRow(ctx, slowQuery(d)).Scan(&n)
			cancel()
			if err == nil {
				t.Fatalf("round %d: slow query finished; want it cancelled", round)
			}
			// The writer pool too: cancel a transaction mid-statement.
			ctx, cancel = context.WithTimeout(context.Background(), 20*time.Millisecond)
			_ = d.InTx(ctx, func(tx *db.Tx) error {
				return tx.QueryRow(ctx, slowQuery(d)).Scan(&n)
			})
			cancel()
		}
		ctx := context.Background()
		for i := range 50 {
			var one int
			if err := d.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
				t.Fatalf("read %d after cancellations: %v", i, err)
			}
			if err := d.InTx(ctx, func(tx *db.Tx) error {
				_, err := tx.Exec(ctx, "INSERT INTO rate_events (bucket, at) VALUES ('probe', ?)", time.Now().UTC())
				return err
			}); err != nil {
				t.Fatalf("write %d after cancellations: %v", i, err)
			}
		}
	})
}

func TestRebind(t *testing.T) {
	dir := t.TempDir()
	d, err := db.Open(context.Background(), dir+"/x.db")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got, want := d.Rebind("SELECT ?"), "SELECT ?"; got != want {
		t.Errorf("sqlite Rebind = %q, want %q", got, want)
	}
}

func TestBackup(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	if _, err := d.Exec(ctx, "INSERT INTO rate_events (bucket, at) VALUES ('b', ?)", time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir() + "/copy.db"
	if err := d.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	c, err := db.Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var n int
	if err := c.QueryRow(ctx, "SELECT COUNT(*) FROM rate_events").Scan(&n); err != nil || n != 1 {
		t.Errorf("copy has %d rows (%v), want 1", n, err)
	}
}
