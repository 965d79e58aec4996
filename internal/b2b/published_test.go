package b2b

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

var tableOut = flag.String("b2btable", "", "write the benchmark results as a Markdown table to this file")

// benchDir is ../shared/bench/b2b relative to the repository root.
func benchDir(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "bench", "b2b")
	if _, err := os.Stat(filepath.Join(dir, "published", "best_known.csv")); err != nil {
		tb.Skip("benchmark data absent: ../shared/bench/b2b/published/best_known.csv not found")
	}
	return dir
}

type publishedConfig struct {
	file     string
	fairness int
	optimum  int // -1: proven infeasible
	paperSec string
}

func readPublished(tb testing.TB, dir string) []publishedConfig {
	tb.Helper()
	f, err := os.Open(filepath.Join(dir, "published", "best_known.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var out []publishedConfig
	for _, r := range rows[1:] {
		d, err := strconv.Atoi(r[1])
		if err != nil {
			tb.Fatalf("fairness %q: %v", r[1], err)
		}
		opt := -1
		if r[2] != "-" {
			if opt, err = strconv.Atoi(r[2]); err != nil {
				tb.Fatalf("optimum %q: %v", r[2], err)
			}
		}
		out = append(out, publishedConfig{file: r[0], fairness: d, optimum: opt, paperSec: r[3]})
	}
	return out
}

func loadDZN(tb testing.TB, path string) *Instance {
	tb.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	in, err := ParseDZN(src)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return in
}

// quickSample are configurations that solve in well under a second each, so
// the default test run still exercises real events of every kind.
var quickSample = map[string]bool{
	"tic-12.original.dzn/2":                 true,
	"tic-13.original.dzn/0":                 true,
	"forum-13.original.dzn/2":               true,
	"forumt-14.original.dzn/2":              true,
	"variants/tic-12.forb0003.dzn/2":        true,
	"variants/tic-13.forb0007.dzn/2":        true,
	"variants/forum-13.fixed040-Forb.dzn/2": true,
	"variants/tic-12.fixed020-Forb.dzn/2":   true,
	"variants/tic-12.prec15.dzn/2":          true,
	"variants/forum-14.prec25.dzn/2":        true,
}

func TestPublishedOptima(t *testing.T) {
	dir := benchDir(t)
	long := os.Getenv("CLUSTERBRIDGE_LONG") == "1"
	var table strings.Builder
	limit := 10 * time.Second
	if v := os.Getenv("CLUSTERBRIDGE_B2B_LIMIT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("CLUSTERBRIDGE_B2B_LIMIT: %v", err)
		}
		limit = d
	}
	var only *regexp.Regexp
	if v := os.Getenv("CLUSTERBRIDGE_B2B_ONLY"); v != "" {
		re, err := regexp.Compile(v)
		if err != nil {
			t.Fatalf("CLUSTERBRIDGE_B2B_ONLY: %v", err)
		}
		only = re
	}
	unproven := 0
	table.WriteString("| configuration | d | published | ours | bound | status | wall s | cpu s |\n|---|---|---|---|---|---|---|---|\n")
	for _, c := range readPublished(t, dir) {
		key := fmt.Sprintf("%s/%d", c.file, c.fairness)
		if !long && !quickSample[key] || only != nil && !only.MatchString(key) {
			continue
		}
		in := loadDZN(t, filepath.Join(dir, c.file))
		opt := Options{Fairness: c.fairness, TimeLimit: limit, RequireAll: true}
		if os.Getenv("CLUSTERBRIDGE_B2B_TRACE") == "1" {
			// The search's timeline, to standard error as it happens.
			traceSolve = func(format string, args ...any) {
				fmt.Fprintf(os.Stderr, key+" "+format+"\n", args...)
			}
		}
		cpu0 := cpuSeconds()
		res, err := Solve(context.Background(), in, opt)
		cpu := cpuSeconds() - cpu0
		traceSolve = nil
		if err != nil {
			t.Errorf("%s: %v", key, err)
			continue
		}
		pub, ours := "-", "-"
		if c.optimum >= 0 {
			pub = strconv.Itoa(c.optimum)
		}
		if res.Status == Optimal || res.Status == Feasible {
			ours = strconv.Itoa(res.Breaks)
			if err := checkSchedule(in, opt, res.Slots, res.Tables, res.Breaks); err != nil {
				t.Errorf("%s: invalid schedule: %v", key, err)
			}
		}
		fmt.Fprintf(&table, "| %s | %d | %s | %s | %d | %s | %.2f | %.2f |\n", c.file, c.fairness, pub, ours, res.LowerBound, res.Status, res.Elapsed.Seconds(), cpu)
		// Soundness always: a proof must agree with the published value, a schedule must respect
		// the proven bound. Reaching the proof within the limit is the open target: strict only
		// for the quick sample and with CLUSTERBRIDGE_B2B_STRICT=1.
		strict := quickSample[key] || os.Getenv("CLUSTERBRIDGE_B2B_STRICT") == "1"
		switch {
		case c.optimum < 0 && (res.Status == Optimal || res.Status == Feasible):
			t.Errorf("%s: found a schedule with %d breaks, but the instance is published as infeasible", key, res.Breaks)
		case c.optimum >= 0 && res.Status == Infeasible:
			t.Errorf("%s: claims infeasible, published optimum %d", key, c.optimum)
		case c.optimum >= 0 && res.Status == Optimal && res.Breaks != c.optimum:
			t.Errorf("%s: claims optimum %d, published optimum %d", key, res.Breaks, c.optimum)
		case c.optimum >= 0 && res.Status == Feasible && (res.LowerBound > c.optimum || res.Breaks < c.optimum):
			t.Errorf("%s: bound %d and schedule %d contradict the published optimum %d", key, res.LowerBound, res.Breaks, c.optimum)
		case strict && c.optimum < 0 && res.Status != Infeasible:
			t.Errorf("%s: got %v, published: infeasible", key, res.Status)
		case strict && c.optimum >= 0 && res.Status != Optimal:
			t.Errorf("%s: got %v with %d breaks (bound %d), published optimum %d", key, res.Status, res.Breaks, res.LowerBound, c.optimum)
		case !strict && !(res.Status == Optimal || res.Status == Infeasible):
			unproven++
		}
	}
	if unproven > 0 {
		t.Logf("%d configuration(s) not proven within %s (the open target; CLUSTERBRIDGE_B2B_STRICT=1 fails on them)", unproven, limit)
	}
	t.Log("\n" + table.String())
	if *tableOut != "" {
		if err := os.WriteFile(*tableOut, []byte(table.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// cpuSeconds is the process's user and system time. The machine is shared,
// so wall time alone says little about the solver; the tests run one
// configuration at a time, so the difference is this solve's CPU.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
