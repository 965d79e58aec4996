// Package db is the platform's one storage layer over two engines: SQLite (the default, a file
// next to the binary, through the pure-Go modernc driver so no C compiler is needed) and
// PostgreSQL (through pgx, for deployments with several stateless app servers).
//
// Queries are written once with ? placeholders and rebound to $n for PostgreSQL. Writes go through
// Tx, which retries when the engine reports a transient conflict. Driver errors are mapped by code,
// never by message text, to the kinds of package apperr.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"clusterbridge/internal/apperr"
)

// Dialect names the engine behind a DB.
type Dialect int

const (
	SQLite Dialect = iota + 1
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is safe for concurrent use. For SQLite it holds two pools: many readers and exactly one
// writer, because SQLite allows one writer at a time and a single writer connection turns
// lock contention into an orderly queue instead of SQLITE_BUSY errors.
type DB struct {
	dialect Dialect
	read    *sql.DB
	write   *sql.DB
	path    string // SQLite file path
}

// Open connects to the database a setting names (a file path, sqlite: or file: URL, or a
// postgres:// URL). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: connect postgres: %w", err)
	}
	return &DB{dialect: Postgres, read: pool, write: pool}, nil
}

// sqlitePragmas are chosen knowingly:
//   - WAL lets readers proceed while the writer writes.
//   - synchronous=NORMAL is durable across application crashes in WAL mode and loses at most the
//     last transactions on a power cut; FULL would cost an fsync per commit for that.
//   - foreign keys are off by default in SQLite and must be asked for on every connection.
//   - busy_timeout covers other processes (a CLI import while the server runs).
var sqlitePragmas = []string{
	"busy_timeout(5000)",
	"journal_mode(WAL)",
	"synchronous(NORMAL)",
	"foreign_keys(1)",
	"temp_store(MEMORY)",
}

// SQLitePath extracts the file path from a SQLite setting.
func SQLitePath(dsn string) string {
	p := dsn
	for _, prefix := range []string{"sqlite://", "sqlite:", "file:"} {
		if strings.HasPrefix(p, prefix) {
			p = strings.TrimPrefix(p, prefix)
			break
		}
	}
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p
}

func sqliteDSN(path string, writer bool) string {
	q := url.Values{}
	for _, p := range sqlitePragmas {
		q.Add("_pragma", p)
	}
	if writer {
		// Take the write lock at BEGIN so a transaction never fails half-way on upgrade.
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

func openSQLite(ctx context.Context, dsn string) (*DB, error) {
	path := SQLitePath(dsn)
	if path == "" || path == ":memory:" {
		return nil, errors.New("db: SQLite needs a file path (an in-memory database cannot be shared by the reader and writer pools)")
	}
	w, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	// The writer connects first so that WAL mode is set before readers open the file.
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open sqlite: %w", err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	return &DB{dialect: SQLite, read: r, write: w, path: path}, nil
}

// Close closes both pools.
func (d *DB) Close() error {
	err := d.write.Close()
	if d.read != d.write {
		err = errors.Join(err, d.read.Close())
	}
	return err
}

// Path is the SQLite file, empty for PostgreSQL.
func (d *DB) Path() string { return d.path }

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.read.PingContext(ctx); err != nil {
		return mapError(err)
	}
	var one int
	return d.QueryRow(ctx, "SELECT 1").Scan(&one)
}

// Rebind turns ? placeholders into $1, $2… for PostgreSQL. Question marks inside quoted strings
// and identifiers are left alone.
func (d *DB) Rebind(q string) string {
	if d.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(fmt.Sprint(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Querier is what both DB and Tx offer; domain code that only reads takes one.
type Querier interface {
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *Row
	Exec(ctx context.Context, q string, args ...any) (sql.Result, error)
	Dialect() Dialect
}

// Row wraps sql.Row so that Scan maps errors (no rows → apperr.NotFound).
type Row struct {
	row *sql.Row
	err error
}

// Scan copies the columns, mapping sql.ErrNoRows to apperr.NotFound.
func (r *Row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	err := r.row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.Wrap(apperr.NotFound, "error.not_found", err)
	}
	return mapError(err)
}

// Exec runs a statement outside an explicit transaction (on the writer).
func (d *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	count(ctx)
	res, err := d.write.ExecContext(ctx, d.Rebind(q), args...)
	return res, mapError(err)
}

// Query reads (on a reader connection).
func (d *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	count(ctx)
	rows, err := d.read.QueryContext(ctx, d.Rebind(q), args...)
	return rows, mapError(err)
}

// QueryRow reads one row.
func (d *DB) QueryRow(ctx context.Context, q string, args ...any) *Row {
	count(ctx)
	return &Row{row: d.read.QueryRowContext(ctx, d.Rebind(q), args...)}
}

// Tx is a transaction; its methods rebind and map errors like DB's.
type Tx struct {
	tx *sql.Tx
	d  *DB
}

func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	count(ctx)
	res, err := t.tx.ExecContext(ctx, t.d.Rebind(q), args...)
	return res, mapError(err)
}

func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	count(ctx)
	rows, err := t.tx.QueryContext(ctx, t.d.Rebind(q), args...)
	return rows, mapError(err)
}

func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *Row {
	count(ctx)
	return &Row{row: t.tx.QueryRowContext(ctx, t.d.Rebind(q), args...)}
}

// Dialect of the transaction's database.
func (t *Tx) Dialect() Dialect { return t.d.dialect }

// Dialect names the engine.
func (d *DB) Dialect() Dialect { return d.dialect }

// InTx runs fn in a transaction: committed when fn returns nil, rolled back otherwise. When the
// engine reports a transient conflict (SQLite busy, PostgreSQL serialization failure or
// deadlock) the whole function is run again, up to three times, so fn must not have effects
// outside the transaction.
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return apperr.Wrap(apperr.Unavailable, "error.busy", ctx.Err())
			case <-time.After(time.Duration(attempt*attempt) * 20 * time.Millisecond):
			}
		}
		err = d.tryTx(ctx, fn)
		if !isRetryable(err) {
			return err
		}
	}
	return err
}

func (d *DB) tryTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlTx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return mapError(err)
	}
	tx := &Tx{tx: sqlTx, d: d}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	return mapError(sqlTx.Commit())
}

// Backup writes a consistent copy of a SQLite database to path while it is in use.
func (d *DB) Backup(ctx context.Context, path string) error {
	if d.dialect != SQLite {
		return errors.New("db: online backup is for SQLite; use pg_dump for PostgreSQL")
	}
	_, err := d.write.ExecContext(ctx, "VACUUM INTO ?", path)
	if err != nil {
		return fmt.Errorf("db: backup to %s: %w", path, err)
	}
	return nil
}

type counterKey struct{}

// CountQueries returns a context under which every statement run through this package adds one
// to *n. Tests use it to prove a page does not issue a query per row.
func CountQueries(ctx context.Context) (context.Context, *atomic.Int64) {
	n := new(atomic.Int64)
	return context.WithValue(ctx, counterKey{}, n), n
}

func count(ctx context.Context) {
	if n, ok := ctx.Value(counterKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}
