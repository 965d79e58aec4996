// Package b2bcmd is the command line of the B2B meeting scheduler:
//
//	clusterbridge b2b solve [-fairness 2] [-timeout 10s] [-partial] [-json] FILE
//
// FILE is a benchmark .dzn file or the engine's JSON instance format (see
// b2b.ParseJSON); flags may come before or after it. Exit status: 0 when a
// schedule or a proof of infeasibility was produced, 1 when the time ran
// out before any schedule, 2 on bad input or usage.
package b2bcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"clusterbridge/internal/b2b"
)

const usage = `usage: clusterbridge b2b solve [-fairness 2] [-timeout 10s] [-partial] [-json] FILE

FILE is a .dzn benchmark instance or a JSON instance.
  -fairness d   no participant may have more than d breaks more than another (-1: off)
  -timeout t    stop searching after t and report the best schedule found
  -partial      place as many meetings as possible instead of requiring all
  -json         print the machine-readable summary
`

// Main runs the command with args as they follow "clusterbridge b2b".
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] != "solve" {
		fmt.Fprintf(stderr, "b2b: unknown command %q\n%s", args[0], usage)
		return 2
	}
	fs := flag.NewFlagSet("b2b solve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fairness := fs.Int("fairness", 2, "")
	timeout := fs.Duration("timeout", 10*time.Second, "")
	partial := fs.Bool("partial", false, "")
	asJSON := fs.Bool("json", false, "")
	var files []string
	rest := args[1:]
	for {
		if err := fs.Parse(rest); err != nil {
			fmt.Fprintf(stderr, "b2b: %v\n%s", err, usage)
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "b2b: want exactly one instance file, got %d\n%s", len(files), usage)
		return 2
	}
	if *timeout <= 0 {
		fmt.Fprintf(stderr, "b2b: -timeout must be positive\n")
		return 2
	}
	src, err := os.ReadFile(files[0])
	if err != nil {
		fmt.Fprintf(stderr, "b2b: %v\n", err)
		return 2
	}
	in, err := parse(files[0], src)
	if err != nil {
		fmt.Fprintf(stderr, "b2b: %s: %v\n", files[0], err)
		return 2
	}
	opt := b2b.Options{Fairness: *fairness, TimeLimit: *timeout, RequireAll: !*partial}
	res, err := b2b.Solve(ctx, in, opt)
	if err != nil {
		fmt.Fprintf(stderr, "b2b: %v\n", err)
		return 2
	}
	if *asJSON {
		err = writeJSON(stdout, res)
	} else {
		err = writeText(stdout, in, res)
	}
	if err != nil {
		fmt.Fprintf(stderr, "b2b: %v\n", err)
		return 2
	}
	if res.Status == b2b.Unknown {
		return 1
	}
	return 0
}

func parse(name string, src []byte) (*b2b.Instance, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return b2b.ParseJSON(src)
	case ".dzn":
		return b2b.ParseDZN(src)
	}
	if t := bytes.TrimSpace(src); len(t) > 0 && t[0] == '{' {
		return b2b.ParseJSON(src)
	}
	return b2b.ParseDZN(src)
}

type jsonResult struct {
	Status     string  `json:"status"`
	Scheduled  int     `json:"scheduled"`
	Requested  int     `json:"requested"`
	Breaks     int     `json:"breaks"`
	LowerBound int     `json:"lower_bound"`
	Slots      []int   `json:"slots"`
	Tables     []int   `json:"tables"`
	Seconds    float64 `json:"seconds"`
}

func writeJSON(w io.Writer, res b2b.Result) error {
	out := jsonResult{
		Status:     res.Status.String(),
		Scheduled:  res.Scheduled,
		Requested:  res.Requested,
		Breaks:     res.Breaks,
		LowerBound: res.LowerBound,
		Slots:      make([]int, res.Requested),
		Tables:     make([]int, res.Requested),
		Seconds:    float64(res.Elapsed.Milliseconds()) / 1000,
	}
	for m := range out.Slots {
		if res.Slots != nil && res.Slots[m] >= 0 {
			out.Slots[m] = res.Slots[m] + 1
			out.Tables[m] = res.Tables[m] + 1
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("encoding result: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

func name(in *b2b.Instance, p int) string {
	pp := in.Participants[p]
	switch {
	case pp.Name != "":
		return pp.Name
	case pp.ID != "":
		return "participant " + pp.ID
	}
	return fmt.Sprintf("participant %d", p+1)
}

func slotName(in *b2b.Instance, s int) string {
	if l := in.Slots[s].Label; l != "" && l != fmt.Sprint(s+1) {
		return fmt.Sprintf("slot %d (%s)", s+1, l)
	}
	return fmt.Sprintf("slot %d", s+1)
}

func tableName(in *b2b.Instance, t int) string {
	if n := in.Tables[t].Name; n != "" && n != fmt.Sprint(t+1) {
		return fmt.Sprintf("table %d (%s)", t+1, n)
	}
	return fmt.Sprintf("table %d", t+1)
}

func writeText(w io.Writer, in *b2b.Instance, res b2b.Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "status: %s\n", res.Status)
	fmt.Fprintf(&b, "meetings scheduled: %d of %d\n", res.Scheduled, res.Requested)
	if res.Slots != nil {
		fmt.Fprintf(&b, "breaks: %d (proven lower bound %d)\n", res.Breaks, res.LowerBound)
		fmt.Fprintf(&b, "table changes: %d\n", res.TableMoves)
	}
	fmt.Fprintf(&b, "time: %.3fs\n", res.Elapsed.Seconds())
	for _, r := range res.Reasons {
		fmt.Fprintf(&b, "why: %s\n", r)
	}
	if res.Slots != nil {
		type row struct{ slot, table, partner int }
		rows := make([][]row, len(in.Participants))
		for m, mt := range in.Meetings {
			s := res.Slots[m]
			if s < 0 {
				continue
			}
			rows[mt.A] = append(rows[mt.A], row{s, res.Tables[m], mt.B})
			rows[mt.B] = append(rows[mt.B], row{s, res.Tables[m], mt.A})
		}
		for p, rs := range rows {
			if len(rs) == 0 {
				continue
			}
			sort.Slice(rs, func(i, j int) bool { return rs[i].slot < rs[j].slot })
			fmt.Fprintf(&b, "\n%s (meetings: %d, breaks: %d)\n", name(in, p), len(rs), res.BreaksOf[p])
			for _, r := range rs {
				fmt.Fprintf(&b, "  %-22s %-18s with %s\n", slotName(in, r.slot), tableName(in, r.table), name(in, r.partner))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("writing schedule: %w", err)
	}
	return nil
}
