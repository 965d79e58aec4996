package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func runCmd(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestConfigErrorsNameTheSetting(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"-addr", "nope", "migrate"}, nil, "addr (CLUSTERBRIDGE_ADDR)"},
		{[]string{"migrate", "-log-level", "chatty"}, nil, "log-level"},
		{nil, map[string]string{"CLUSTERBRIDGE_DATABASE": "mysql://x/y"}, "CLUSTERBRIDGE_DATABASE"},
		{[]string{"frobnicate"}, nil, `unknown command "frobnicate"`},
	}
	for _, tt := range tests {
		code, _, stderr := runCmd(t, tt.env, tt.args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 naming %q", tt.args, code, stderr, tt.want)
		}
	}
	code, _, stderr := runCmd(t, nil, "-h")
	if code != exitOK || !strings.Contains(stderr, "CLUSTERBRIDGE_DATABASE") {
		t.Errorf("-h: exit %d, usage %q", code, stderr)
	}
}

func TestMigrateVersionBackupAdmin(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "cb.db")
	env := map[string]string{"CLUSTERBRIDGE_DATABASE": dbPath}
	code, out, stderr := runCmd(t, env, "migrate")
	if code != 0 || !strings.Contains(out, "schema version") {
		t.Fatalf("migrate: %d %q %q", code, out, stderr)
	}
	code, out, _ = runCmd(t, env, "migrate")
	if code != 0 || !strings.Contains(out, "applied 0 migration") {
		t.Errorf("second migrate: %d %q", code, out)
	}
	code, out, _ = runCmd(t, env, "version")
	if code != 0 || !strings.HasPrefix(out, "clusterbridge ") {
		t.Errorf("version: %d %q", code, out)
	}
	code, out, stderr = runCmd(t, env, "admin", "create", "Coord@Example.org", "Ана", "Петровић")
	if code != 0 || !regexp.MustCompile(`administrator coord@example.org created; password: \S{20}`).MatchString(out) {
		t.Errorf("admin create: %d %q %q", code, out, stderr)
	}
	code, _, stderr = runCmd(t, env, "admin", "create", "coord@example.org")
	if code == 0 || !strings.Contains(stderr, "already exists") {
		t.Errorf("duplicate admin create: %d %q", code, stderr)
	}
	env["CLUSTERBRIDGE_ADMIN_PASSWORD"] = "a brand new passphrase"
	code, out, _ = runCmd(t, env, "admin", "reset-password", "coord@example.org")
	if code != 0 || !strings.Contains(out, "from CLUSTERBRIDGE_ADMIN_PASSWORD") {
		t.Errorf("reset-password: %d %q", code, out)
	}
	code, _, stderr = runCmd(t, env, "admin", "reset-password", "nobody@example.org")
	if code == 0 || stderr == "" {
		t.Errorf("reset of unknown user: %d %q", code, stderr)
	}
	copyPath := filepath.Join(dir, "copy.db")
	code, out, stderr = runCmd(t, env, "backup", copyPath)
	if code != 0 {
		t.Fatalf("backup: %d %q %q", code, out, stderr)
	}
	if st, err := os.Stat(copyPath); err != nil || st.Size() == 0 {
		t.Errorf("backup file: %v", err)
	}
	code, _, stderr = runCmd(t, env, "backup", copyPath)
	if code == 0 || !strings.Contains(stderr, "exists") {
		t.Errorf("backup over an existing file: %d %q", code, stderr)
	}
	code, out, _ = runCmd(t, map[string]string{"CLUSTERBRIDGE_DATABASE": "postgres://u:secret@db.example/cb"}, "backup", "x.dump")
	if code != 0 || !strings.Contains(out, "pg_dump") || strings.Contains(out, "secret") {
		t.Errorf("postgres backup: %d %q", code, out)
	}
}

// TestServeFirstAndSecondStart: the first start prints the administrator's password, the second
// reuses the database and prints none.
func TestServeFirstAndSecondStart(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"CLUSTERBRIDGE_DATABASE": filepath.Join(dir, "cb.db"), "CLUSTERBRIDGE_DATA_DIR": filepath.Join(dir, "data")}
	start := func() string {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		var out, errOut syncBuffer
		done := make(chan int)
		go func() {
			done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, &out, &errOut)
		}()
		deadline := time.Now().Add(20 * time.Second)
		for !strings.Contains(out.String(), "listening on") && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		line := out.String()
		addr := regexp.MustCompile(`http://(\S+)`).FindStringSubmatch(line)
		if addr == nil {
			cancel()
			t.Fatalf("no listening line; stdout %q stderr %q", line, errOut.String())
		}
		conn, err := net.Dial("tcp", addr[1])
		if err != nil {
			t.Errorf("not listening on %s: %v", addr[1], err)
		} else {
			conn.Close()
		}
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d: %s", code, errOut.String())
		}
		return line
	}
	first := start()
	if !regexp.MustCompile(`administrator admin@localhost, password \S{20} \(shown only this once\)`).MatchString(first) {
		t.Errorf("first start: %q, want the administrator's password", first)
	}
	if n := strings.Count(strings.TrimSpace(first), "\n"); n != 0 {
		t.Errorf("first start printed %d lines, want one", n+1)
	}
	second := start()
	if strings.Contains(second, "password") {
		t.Errorf("second start printed a password: %q", second)
	}
}
