package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/audit"
	"clusterbridge/internal/auth"
	"clusterbridge/internal/b2b/b2bcmd"
	"clusterbridge/internal/config"
	"clusterbridge/internal/consortium/consortiumcmd"
	"clusterbridge/internal/db"
	"clusterbridge/internal/directory"
	"clusterbridge/internal/i18n"
	"clusterbridge/internal/ratelimit"
	"clusterbridge/internal/web"
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise the module's
// build information is used.
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if rev != "" {
			if len(rev) > 12 {
				rev = rev[:12]
			}
			if dirty {
				rev += "+dirty"
			}
			return rev
		}
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
	}
	return "dev"
}

type app struct {
	cfg    config.Config
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

type command func(ctx context.Context, a *app, args []string) int

var commands = map[string]command{
	"serve":   serve,
	"migrate": migrate,
	"admin":   admin,
	"backup":  backup,
	"b2b": func(ctx context.Context, a *app, args []string) int {
		return b2bcmd.Main(ctx, args, a.stdout, a.stderr)
	},
	"consortium": func(ctx context.Context, a *app, args []string) int {
		return consortiumcmd.Main(ctx, args, a.stdout, a.stderr)
	},
	"import": directoryCommand((*directory.Service).ImportCommand),
	"export": directoryCommand((*directory.Service).ExportCommand),
	"version": func(_ context.Context, a *app, _ []string) int {
		fmt.Fprintln(a.stdout, "clusterbridge", versionString())
		return exitOK
	},
}

// directoryCommand runs a directory command line against the configured database.
func directoryCommand(run func(*directory.Service, context.Context, []string, io.Writer, io.Writer) int) command {
	return func(ctx context.Context, a *app, args []string) int {
		d, err := a.open(ctx)
		if err != nil {
			return a.fail(err)
		}
		defer d.Close()
		dir, err := directory.New(ctx, d, mustBundle())
		if err != nil {
			return a.fail(err)
		}
		return run(dir, ctx, args, a.stdout, a.stderr)
	}
}

func loadConfig(args []string, getenv func(string) string, out io.Writer) (config.Config, []string, error) {
	return config.Load("clusterbridge", args, getenv, out)
}

// open connects to the configured database and brings its schema up to date.
func (a *app) open(ctx context.Context) (*db.DB, error) {
	d, err := db.Open(ctx, a.cfg.Database)
	if err != nil {
		return nil, err
	}
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func (a *app) fail(err error) int {
	fmt.Fprintln(a.stderr, "clusterbridge:", describe(err))
	if errors.Is(err, apperr.Invalid) || errors.Is(err, apperr.NotFound) {
		return exitUsage
	}
	return exitFail
}

// describe turns an error into English for the operator at the terminal; validation errors name
// their fields.
func describe(err error) string {
	e, ok := apperr.As(err)
	if !ok {
		return err.Error()
	}
	en := mustBundle().For(i18n.EN)
	if len(e.Fields) > 0 {
		var parts []string
		for f, k := range e.Fields {
			parts = append(parts, f+": "+en.T(k))
		}
		return strings.Join(parts, "; ")
	}
	return en.Msg(e.Key, e.Args...)
}

func mustBundle() *i18n.Bundle {
	b, err := i18n.Load()
	if err != nil {
		panic(err) // the catalogs are embedded; a test keeps them loadable
	}
	return b
}

func migrate(ctx context.Context, a *app, _ []string) int {
	d, err := db.Open(ctx, a.cfg.Database)
	if err != nil {
		return a.fail(err)
	}
	defer d.Close()
	n, err := d.Migrate(ctx)
	if err != nil {
		return a.fail(err)
	}
	v, _ := d.Version(ctx)
	fmt.Fprintf(a.stdout, "applied %d migration(s); schema version %d\n", n, v)
	return exitOK
}

func serve(ctx context.Context, a *app, _ []string) int {
	log := a.cfg.Logger(a.stderr)
	if err := os.MkdirAll(a.cfg.DataDir, 0o750); err != nil {
		return a.fail(fmt.Errorf("data-dir: %w", err))
	}
	d, err := a.open(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer d.Close()
	limiter := ratelimit.New(d)
	accounts := auth.New(d, limiter)
	password, created, err := accounts.EnsureAdmin(ctx, a.cfg.AdminEmail, a.cfg.AdminPassword)
	if err != nil {
		return a.fail(err)
	}
	bundle, err := i18n.Load()
	if err != nil {
		return a.fail(err)
	}
	dir, err := directory.New(ctx, d, bundle)
	if err != nil {
		return a.fail(err)
	}
	if a.cfg.Demo {
		n, err := dir.LoadDemo(ctx)
		if err != nil {
			return a.fail(fmt.Errorf("demo network: %w", err))
		}
		if n > 0 {
			log.Info("demo network loaded", "organizations", n)
		}
	}
	web.Version = versionString()
	srv, err := web.New(web.Deps{Config: a.cfg, DB: d, Auth: accounts, I18n: bundle, Log: log})
	if err != nil {
		return a.fail(err)
	}
	// Capabilities are mounted here, one line each.
	srv.Mount(directory.NewWeb(dir))

	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return a.fail(fmt.Errorf("addr (CLUSTERBRIDGE_ADDR): %w", err))
	}
	url := a.cfg.Public()
	if a.cfg.BaseURL == "" {
		url = "http://" + displayAddr(ln.Addr())
	}
	line := fmt.Sprintf("clusterbridge listening on %s (database: %s %s)", url, d.Dialect(), a.cfg.Redacted())
	if created {
		line += fmt.Sprintf("; administrator %s, password %s (shown only this once)", a.cfg.AdminEmail, password)
		if a.cfg.AdminPassword != "" {
			line = fmt.Sprintf("clusterbridge listening on %s (database: %s %s); administrator %s created with the password from CLUSTERBRIDGE_ADMIN_PASSWORD",
				url, d.Dialect(), a.cfg.Redacted(), a.cfg.AdminEmail)
		}
	}
	fmt.Fprintln(a.stdout, line)

	go janitor(ctx, log, accounts, limiter)
	hs := srv.HTTPServer()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return a.fail(err)
		}
	case <-ctx.Done():
		log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := hs.Shutdown(sctx); err != nil {
			return a.fail(err)
		}
	}
	return exitOK
}

// displayAddr shows a listen address as a browser would use it (an unspecified host becomes
// localhost).
func displayAddr(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// janitor prunes expired sessions and old rate-limit events. Every app server runs it; the
// deletes are idempotent, so overlapping runs on several servers do no harm.
func janitor(ctx context.Context, log *slog.Logger, accounts *auth.Service, limiter *ratelimit.Limiter) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := accounts.PruneSessions(ctx); err != nil {
				log.Warn("prune sessions", "err", err)
			}
			if err := limiter.Prune(ctx, 24*time.Hour); err != nil {
				log.Warn("prune rate events", "err", err)
			}
		}
	}
}

func admin(ctx context.Context, a *app, args []string) int {
	if len(args) < 2 || (args[0] != "create" && args[0] != "reset-password") {
		fmt.Fprintln(a.stderr, "usage: clusterbridge admin create EMAIL [NAME] | clusterbridge admin reset-password EMAIL")
		return exitUsage
	}
	d, err := a.open(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer d.Close()
	accounts := auth.New(d, ratelimit.New(d))
	email := args[1]
	password := a.cfg.AdminPassword
	generated := password == ""
	if generated {
		password = auth.GeneratePassword()
	}
	switch args[0] {
	case "create":
		name := "Administrator"
		if len(args) > 2 {
			name = strings.Join(args[2:], " ")
		}
		if _, err := accounts.CreateUser(ctx, audit.System, auth.NewUser{Email: email, Name: name, Role: auth.RoleAdmin, Password: password}); err != nil {
			return a.fail(err)
		}
		fmt.Fprintf(a.stdout, "administrator %s created", auth.NormalizeEmail(email))
	case "reset-password":
		if err := accounts.ResetPassword(ctx, audit.System, email, password); err != nil {
			return a.fail(err)
		}
		fmt.Fprintf(a.stdout, "password of %s reset; other sessions ended", auth.NormalizeEmail(email))
	}
	if generated {
		fmt.Fprintf(a.stdout, "; password: %s\n", password)
	} else {
		fmt.Fprintln(a.stdout, "; password from CLUSTERBRIDGE_ADMIN_PASSWORD")
	}
	return exitOK
}

func backup(ctx context.Context, a *app, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(a.stderr, "usage: clusterbridge backup FILE")
		return exitUsage
	}
	if config.IsPostgres(a.cfg.Database) {
		fmt.Fprintf(a.stdout, "PostgreSQL is backed up with its own tool; run:\n  pg_dump --format=custom --file=%q %q\n", args[0], a.cfg.Redacted())
		return exitOK
	}
	if _, err := os.Stat(args[0]); err == nil {
		return a.fail(fmt.Errorf("backup: %s exists; choose a new file name", args[0]))
	}
	d, err := db.Open(ctx, a.cfg.Database)
	if err != nil {
		return a.fail(err)
	}
	defer d.Close()
	if err := d.Backup(ctx, args[0]); err != nil {
		return a.fail(err)
	}
	fmt.Fprintf(a.stdout, "backup written to %s\n", args[0])
	return exitOK
}
