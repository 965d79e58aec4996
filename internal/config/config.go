// Package config holds the platform's one explicit configuration. Values come from defaults, then
// the environment (CLUSTERBRIDGE_*), then command-line flags, and are validated once at start so
// that a typo is reported by name instead of surfacing later as a confusing failure.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// Config is passed down explicitly; nothing reads the environment after Load.
type Config struct {
	Addr          string // listen address, host:port
	Database      string // file path, sqlite: URL, or postgres:// URL
	BaseURL       string // public base URL, used for links and the Secure cookie flag
	DataDir       string // where uploaded files are kept
	LogLevel      string // debug, info, warn, error
	LogFormat     string // text or json
	Demo          bool   // load the demo network into an empty database
	AdminEmail    string // the first administrator's e-mail
	AdminPassword string // the first administrator's password; generated when empty
}

// Default is the configuration of a newcomer's first `go run`.
func Default() Config {
	return Config{
		Addr:       "localhost:8080",
		Database:   "clusterbridge.db",
		BaseURL:    "",
		DataDir:    "data",
		LogLevel:   "info",
		LogFormat:  "text",
		Demo:       true,
		AdminEmail: "admin@localhost",
	}
}

// setting describes one configuration value once, so the environment, the flags and -h never
// disagree about its name or meaning.
type setting struct {
	flag, env, usage string
	str              *string
	boolean          *bool
}

func (c *Config) settings() []setting {
	return []setting{
		{flag: "addr", env: "CLUSTERBRIDGE_ADDR", usage: "listen address (host:port)", str: &c.Addr},
		{flag: "db", env: "CLUSTERBRIDGE_DATABASE", usage: "database: a SQLite file path or sqlite: URL, or a postgres:// URL", str: &c.Database},
		{flag: "base-url", env: "CLUSTERBRIDGE_BASE_URL", usage: "public base URL, e.g. https://cluster.example.org (default http://<addr>)", str: &c.BaseURL},
		{flag: "data-dir", env: "CLUSTERBRIDGE_DATA_DIR", usage: "directory for uploaded files", str: &c.DataDir},
		{flag: "log-level", env: "CLUSTERBRIDGE_LOG_LEVEL", usage: "log level: debug, info, warn or error", str: &c.LogLevel},
		{flag: "log-format", env: "CLUSTERBRIDGE_LOG_FORMAT", usage: "log format: text or json", str: &c.LogFormat},
		{flag: "demo", env: "CLUSTERBRIDGE_DEMO", usage: "load the demo network into an empty database", boolean: &c.Demo},
		{flag: "admin-email", env: "CLUSTERBRIDGE_ADMIN_EMAIL", usage: "e-mail of the administrator created on first start", str: &c.AdminEmail},
		{flag: "admin-password", env: "CLUSTERBRIDGE_ADMIN_PASSWORD", usage: "password of the administrator created on first start (generated when empty)", str: &c.AdminPassword},
	}
}

// Load builds a Config from defaults, the environment (getenv) and args, in that order of
// precedence (later wins), and validates it. It returns the arguments left after the flags.
// With -h it writes the usage to out and returns flag.ErrHelp.
func Load(name string, args []string, getenv func(string) string, out io.Writer) (Config, []string, error) {
	c := Default()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	for _, s := range c.settings() {
		if v := getenv(s.env); v != "" {
			if s.boolean != nil {
				b, err := strconv.ParseBool(v)
				if err != nil {
					return c, nil, fmt.Errorf("config: %s=%q is not true or false", s.env, v)
				}
				*s.boolean = b
			} else {
				*s.str = v
			}
		}
		if s.boolean != nil {
			fs.BoolVar(s.boolean, s.flag, *s.boolean, s.usage+" ("+s.env+")")
		} else {
			fs.StringVar(s.str, s.flag, *s.str, s.usage+" ("+s.env+")")
		}
	}
	fs.Usage = func() { Usage(out, fs) }
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	if err := c.Validate(); err != nil {
		return c, nil, err
	}
	return c, fs.Args(), nil
}

// Usage documents the settings and subcommands.
func Usage(out io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(out, `clusterbridge: the platform of the Bulgaria–Serbia cross-border cluster network

Usage:
  clusterbridge [flags] [command] [arguments]

Commands:
  serve                         start the web server (the default)
  migrate                       apply database migrations and exit
  admin create EMAIL [NAME]     create an administrator (password from CLUSTERBRIDGE_ADMIN_PASSWORD or generated)
  admin reset-password EMAIL    set a new password (from CLUSTERBRIDGE_ADMIN_PASSWORD or generated)
  import organizations [-dry-run] FILE.csv
                                check and import organisations from a spreadsheet (all rows or none)
  export organizations [-q TEXT] [-country CC] [-o FILE]
                                export organisations as CSV
  generate organizations [-n N] add N synthetic organisations (load tests)
  backup FILE                   write a consistent copy of a SQLite database (for PostgreSQL: prints the pg_dump command)
  b2b solve [flags] FILE        schedule one-to-one meetings of a brokerage event
  consortium volume|tender FILE find the best consortia for a volume order or a tender
  version                       print the version

Flags (each also settable by the environment variable in brackets; flags win):
`)
	fs.PrintDefaults()
}

// Validate names the first bad setting in plain words.
func (c *Config) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("addr (CLUSTERBRIDGE_ADDR): %q is not host:port, e.g. localhost:8080", c.Addr))
	}
	if strings.TrimSpace(c.Database) == "" {
		errs = append(errs, errors.New("db (CLUSTERBRIDGE_DATABASE): empty; give a file path, sqlite: URL or postgres:// URL"))
	} else if strings.Contains(c.Database, "://") && !IsPostgres(c.Database) && !strings.HasPrefix(c.Database, "sqlite:") && !strings.HasPrefix(c.Database, "file:") {
		errs = append(errs, fmt.Errorf("db (CLUSTERBRIDGE_DATABASE): scheme of %q is not supported; use a file path, sqlite: or postgres://", redact(c.Database)))
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("base-url (CLUSTERBRIDGE_BASE_URL): %q is not an http(s) URL with a host", c.BaseURL))
		}
	}
	if strings.TrimSpace(c.DataDir) == "" {
		errs = append(errs, errors.New("data-dir (CLUSTERBRIDGE_DATA_DIR): empty"))
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.LogLevel)); err != nil {
		errs = append(errs, fmt.Errorf("log-level (CLUSTERBRIDGE_LOG_LEVEL): %q is not debug, info, warn or error", c.LogLevel))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("log-format (CLUSTERBRIDGE_LOG_FORMAT): %q is not text or json", c.LogFormat))
	}
	if !strings.Contains(c.AdminEmail, "@") {
		errs = append(errs, fmt.Errorf("admin-email (CLUSTERBRIDGE_ADMIN_EMAIL): %q is not an e-mail address", c.AdminEmail))
	}
	if c.AdminPassword != "" && len([]rune(c.AdminPassword)) < 10 {
		errs = append(errs, errors.New("admin-password (CLUSTERBRIDGE_ADMIN_PASSWORD): shorter than 10 characters"))
	}
	if len(errs) > 0 {
		return fmt.Errorf("config: %w", errors.Join(errs...))
	}
	return nil
}

// IsPostgres reports whether a database setting names PostgreSQL.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Public returns the base URL users reach, defaulting to the listen address.
func (c *Config) Public() string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	return "http://" + c.Addr
}

// SecureCookies is true when users reach the platform over https.
func (c *Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// Logger builds the slog logger the settings ask for.
func (c *Config) Logger(w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(c.LogLevel)) // validated already
	opts := &slog.HandlerOptions{Level: lvl}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// redact hides a password inside a database URL before it is printed.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Redacted is the database setting safe to print.
func (c *Config) Redacted() string { return redact(c.Database) }

// Getenv is os.Getenv, named for callers that pass the real environment.
var Getenv = os.Getenv
