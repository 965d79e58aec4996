// Command clusterbridge runs the platform of the Bulgaria–Serbia cross-border cluster network:
// the web server (the default) and its maintenance commands. `clusterbridge -h` lists them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// run is main without the process: tests call it directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, rest, err := loadConfig(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	cmd := "serve"
	if len(rest) > 0 {
		cmd = rest[0]
		// Flags may also follow the command (clusterbridge serve -addr :9000): parse them again
		// with the ones given before it.
		pre := args[:len(args)-len(rest)]
		if cmd != "b2b" && cmd != "consortium" {
			cfg, rest, err = loadConfig(append(append([]string{}, pre...), rest[1:]...), getenv, stderr)
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			if err != nil {
				fmt.Fprintln(stderr, err)
				return exitUsage
			}
		} else {
			rest = rest[1:]
		}
	}
	app := &app{cfg: cfg, getenv: getenv, stdout: stdout, stderr: stderr}
	if c, ok := commands[cmd]; ok {
		return c(ctx, app, rest)
	}
	fmt.Fprintf(stderr, "clusterbridge: unknown command %q; see clusterbridge -h\n", cmd)
	return exitUsage
}
