package config

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadPrecedence(t *testing.T) {
	c, rest, err := Load("cb", []string{"-addr", "127.0.0.1:9000", "migrate"},
		env(map[string]string{"CLUSTERBRIDGE_ADDR": "0.0.0.0:1", "CLUSTERBRIDGE_DATABASE": "x.db", "CLUSTERBRIDGE_DEMO": "false"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Addr, "127.0.0.1:9000"; got != want {
		t.Errorf("Addr = %q, want %q (flag beats environment)", got, want)
	}
	if got, want := c.Database, "x.db"; got != want {
		t.Errorf("Database = %q, want %q (environment beats default)", got, want)
	}
	if c.Demo {
		t.Error("Demo = true, want false from CLUSTERBRIDGE_DEMO")
	}
	if got, want := c.LogLevel, "info"; got != want {
		t.Errorf("LogLevel = %q, want default %q", got, want)
	}
	if len(rest) != 1 || rest[0] != "migrate" {
		t.Errorf("rest = %q, want [migrate]", rest)
	}
}

func TestValidateNamesTheSetting(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"addr", []string{"-addr", "8080"}, nil, "addr (CLUSTERBRIDGE_ADDR)"},
		{"db scheme", []string{"-db", "mysql://x"}, nil, "db (CLUSTERBRIDGE_DATABASE)"},
		{"base url", []string{"-base-url", "ftp://x"}, nil, "base-url"},
		{"log level", nil, map[string]string{"CLUSTERBRIDGE_LOG_LEVEL": "loud"}, "log-level"},
		{"log format", []string{"-log-format", "xml"}, nil, "log-format"},
		{"admin email", []string{"-admin-email", "nobody"}, nil, "admin-email"},
		{"admin password", nil, map[string]string{"CLUSTERBRIDGE_ADMIN_PASSWORD": "short"}, "admin-password"},
		{"demo not bool", nil, map[string]string{"CLUSTERBRIDGE_DEMO": "maybe"}, "CLUSTERBRIDGE_DEMO"},
		{"empty data dir", []string{"-data-dir", " "}, nil, "data-dir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load("cb", tt.args, env(tt.env), io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one naming %q", err, tt.want)
			}
		})
	}
}

func TestHelpDocumentsEverySetting(t *testing.T) {
	var out strings.Builder
	_, _, err := Load("cb", []string{"-h"}, env(nil), &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err = %v, want flag.ErrHelp", err)
	}
	var c Config
	for _, s := range c.settings() {
		if !strings.Contains(out.String(), s.env) || !strings.Contains(out.String(), "-"+s.flag) {
			t.Errorf("-h does not document %s / -%s", s.env, s.flag)
		}
	}
	for _, cmd := range []string{"serve", "migrate", "admin create", "admin reset-password", "backup FILE", "version"} {
		if !strings.Contains(out.String(), cmd) {
			t.Errorf("-h does not document the %q command", cmd)
		}
	}
}

func TestRedacted(t *testing.T) {
	c := Config{Database: "postgres://u:secret@db:5432/cb"}
	if strings.Contains(c.Redacted(), "secret") {
		t.Errorf("Redacted() = %q still shows the password", c.Redacted())
	}
}
