package directory_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"clusterbridge/internal/auth"
	"clusterbridge/internal/config"
	"clusterbridge/internal/db"
	"clusterbridge/internal/db/dbtest"
	"clusterbridge/internal/directory"
	"clusterbridge/internal/i18n"
	"clusterbridge/internal/ratelimit"
	"clusterbridge/internal/web"
)

// benchSize is the synthetic directory's size: 100,000 unless CLUSTERBRIDGE_BENCH_ORGS says otherwise.
func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("CLUSTERBRIDGE_BENCH_ORGS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

type benchEnv struct {
	svc     *directory.Service
	handler *web.Server
	slugs   []string
}

var (
	benchOnce sync.Map // engine → *benchEnv
)

// benchDirectory opens (and on first use fills) a synthetic directory. The SQLite file and the
// PostgreSQL database are kept between runs, so only the first run pays for generating them.
func benchDirectory(b *testing.B, engine string) *benchEnv {
	b.Helper()
	if v, ok := benchOnce.Load(engine); ok {
		return v.(*benchEnv)
	}
	n := benchSize()
	ctx := context.Background()
	var dsn string
	switch engine {
	case "sqlite":
		dsn = filepath.Join(os.TempDir(), fmt.Sprintf("clusterbridge-bench-%d.db", n))
	case "postgres":
		base := os.Getenv(dbtest.EnvPostgres)
		if base == "" {
			b.Skip("PostgreSQL benchmark skipped: set " + dbtest.EnvPostgres)
		}
		admin, err := db.Open(ctx, base)
		if err != nil {
			b.Fatal(err)
		}
		name := fmt.Sprintf("clusterbridge_bench_%d", n)
		var exists int
		_ = admin.QueryRow(ctx, "SELECT COUNT(*) FROM pg_database WHERE datname = ?", name).Scan(&exists)
		if exists == 0 {
			if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
				b.Fatal(err)
			}
		}
		admin.Close()
		u, _ := url.Parse(base)
		u.Path = "/" + name
		dsn = u.String()
	}
	d, err := db.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	bundle, _ := i18n.Load()
	svc, err := directory.New(ctx, d, bundle)
	if err != nil {
		b.Fatal(err)
	}
	var have int
	_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM organizations").Scan(&have)
	if have < n {
		start := time.Now()
		if err := svc.Generate(ctx, uint64(1000+have), n-have); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: generated %d organisations in %s", engine, n-have, time.Since(start).Round(time.Second))
		_, _ = d.Exec(ctx, "ANALYZE")
	}
	if d.Dialect() == db.Postgres {
		// Measure the steady state autovacuum keeps in production: no dead index entries left
		// over from generating or migrating the data.
		if _, err := d.Exec(ctx, "VACUUM ANALYZE org_search"); err != nil {
			b.Fatal(err)
		}
	}
	accounts := auth.New(d, ratelimit.New(d))
	srv, err := web.New(web.Deps{Config: config.Default(), DB: d, Auth: accounts, I18n: bundle, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	srv.Mount(directory.NewWeb(svc))
	env := &benchEnv{svc: svc, handler: srv}
	// Load the facet index before timing: it is read once per change of the directory.
	if _, err := svc.Search(ctx, directory.Query{}); err != nil {
		b.Fatal(err)
	}
	rows, err := d.Query(ctx, "SELECT slug FROM organizations WHERE public = ? ORDER BY id LIMIT 500", true)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		env.slugs = append(env.slugs, s)
	}
	rows.Close()
	benchOnce.Store(engine, env)
	return env
}

// facetedQueries are what people type, in both scripts, with facets set.
var facetedQueries = []directory.Query{
	{Q: "текстил", Country: "RS"}, {Q: "tekstil nisava"}, {Q: "Витоша", Kind: "company"}, {Q: "vitosha soft"},
	{Q: "агро", Sector: "agriculture"}, {Q: "klaster"}, {Q: "мед", Size: "micro"}, {Q: "dunav", Country: "BG", Sort: "newest"},
	{Q: "Ђердап"}, {Q: "solar energija"}, {Q: "ботевград"}, {Q: "dizajn", District: "RS-nisavski"},
}

// percentiles records each iteration's duration and reports p50 and p99 in milliseconds.
func percentiles(b *testing.B, run func(i int)) {
	var times []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		run(i)
		times = append(times, time.Since(start))
		i++
	}
	sort.Slice(times, func(a, c int) bool { return times[a] < times[c] })
	at := func(p float64) float64 {
		return float64(times[int(p*float64(len(times)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

func BenchmarkDirectory(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			env := benchDirectory(b, engine)
			ctx := context.Background()
			b.Run("faceted-search", func(b *testing.B) {
				env.svc.NoMatchCache = true // every query asks the full-text engine
				defer func() { env.svc.NoMatchCache = false }()
				percentiles(b, func(i int) {
					if _, err := env.svc.Search(ctx, facetedQueries[i%len(facetedQueries)]); err != nil {
						b.Fatal(err)
					}
				})
			})
			b.Run("faceted-search-repeated-text", func(b *testing.B) {
				// Facet clicks, pages and sorts of a text already searched.
				percentiles(b, func(i int) {
					if _, err := env.svc.Search(ctx, facetedQueries[i%len(facetedQueries)]); err != nil {
						b.Fatal(err)
					}
				})
			})
			b.Run("search-page", func(b *testing.B) {
				env.svc.NoMatchCache = true
				defer func() { env.svc.NoMatchCache = false }()
				percentiles(b, func(i int) {
					q := facetedQueries[i%len(facetedQueries)]
					rec := httptest.NewRecorder()
					env.handler.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/organizations?"+q.Values().Encode(), nil))
					if rec.Code != 200 {
						b.Fatalf("status %d", rec.Code)
					}
				})
			})
			b.Run("list-page", func(b *testing.B) {
				percentiles(b, func(i int) {
					rec := httptest.NewRecorder()
					env.handler.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/organizations?page="+strconv.Itoa(1+i%50), nil))
					if rec.Code != 200 {
						b.Fatalf("status %d", rec.Code)
					}
				})
			})
			b.Run("organization-page", func(b *testing.B) {
				percentiles(b, func(i int) {
					rec := httptest.NewRecorder()
					env.handler.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/organizations/"+env.slugs[i%len(env.slugs)], nil))
					if rec.Code != 200 {
						b.Fatalf("status %d", rec.Code)
					}
				})
			})
		})
	}
}
