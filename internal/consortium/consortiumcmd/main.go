// Package consortiumcmd is the command line of the consortium engine:
//
//	clusterbridge consortium volume [-json] [-k N] FILE.json
//	clusterbridge consortium tender [-json] [-k N] FILE.json
//
// FILE is an instance in the JSON format documented in
// internal/consortium/README.md; "-" reads standard input. Flags may come
// before or after FILE. The answer is a readable table, or JSON with -json.
package consortiumcmd

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"clusterbridge/internal/consortium"
)

const usage = `usage: clusterbridge consortium volume|tender [-json] [-k N] FILE.json
  volume  pool producers' capacity for a volume order
  tender  cover a tender's requirements with the fewest partners
  -json   print the result as JSON instead of a table
  -k N    number of alternative consortia (overrides the file's options.k)
`

// Main runs the command with args as they follow "clusterbridge consortium"
// and returns the exit code: 0 when an answer was printed (including "no
// consortium, because ..."), 2 for bad usage or bad input, 1 otherwise.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "volume" && args[0] != "tender") {
		fmt.Fprint(stderr, usage)
		return 2
	}
	kind := args[0]
	fs := flag.NewFlagSet("consortium "+kind, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "")
	k := fs.Int("k", 0, "")
	var files []string
	rest := args[1:]
	// The flag package stops at the first operand, so parse again after each
	// one to accept flags on either side of FILE.
	for {
		if err := fs.Parse(rest); err != nil {
			fmt.Fprintf(stderr, "consortium %s: %v\n%s", kind, err, usage)
			return 2
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		files = append(files, rest[0])
		rest = rest[1:]
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "consortium %s: want exactly one FILE, got %d\n%s", kind, len(files), usage)
		return 2
	}
	data, err := readInput(files[0])
	if err != nil {
		fmt.Fprintf(stderr, "consortium %s: %v\n", kind, err)
		return 2
	}
	var result any
	var render func(io.Writer) error
	switch kind {
	case "volume":
		in, err := consortium.DecodeVolumeInstance(strings.NewReader(data))
		if err != nil {
			fmt.Fprintf(stderr, "consortium volume: %s: %v\n", files[0], err)
			return 2
		}
		if *k != 0 {
			in.Options.K = *k
		}
		res, err := consortium.Volume(ctx, in.Order, in.Producers, in.Options)
		if err != nil {
			return fail(stderr, kind, files[0], err)
		}
		result, render = res, func(w io.Writer) error { return writeVolume(w, in, res) }
	case "tender":
		in, err := consortium.DecodeTenderInstance(strings.NewReader(data))
		if err != nil {
			fmt.Fprintf(stderr, "consortium tender: %s: %v\n", files[0], err)
			return 2
		}
		if *k != 0 {
			in.Options.K = *k
		}
		res, err := consortium.Tender(ctx, in.Tender, in.Firms, in.Options)
		if err != nil {
			return fail(stderr, kind, files[0], err)
		}
		result, render = res, func(w io.Writer) error { return writeTender(w, in, res) }
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		render = func(io.Writer) error { return enc.Encode(result) }
	}
	if err := render(stdout); err != nil {
		fmt.Fprintf(stderr, "consortium %s: %v\n", kind, err)
		return 1
	}
	return 0
}

func fail(stderr io.Writer, kind, file string, err error) int {
	fmt.Fprintf(stderr, "consortium %s: %s: %v\n", kind, file, err)
	if errors.Is(err, consortium.ErrInvalid) {
		return 2
	}
	return 1
}

func readInput(name string) (string, error) {
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(os.Stdin)
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return "", fmt.Errorf("read instance: %w", err)
	}
	return string(b), nil
}

func money(v float64) string { return fmt.Sprintf("%.2f", v) }

func writeVolume(out io.Writer, in consortium.VolumeInstance, res consortium.VolumeResult) error {
	var sb strings.Builder
	var total int64
	var dates []string
	for _, d := range res.Deliveries {
		total += d.Quantity
		dates = append(dates, fmt.Sprintf("%d by %s", d.Quantity, d.Date))
	}
	fmt.Fprintf(&sb, "Order: %d × %s (%s)\n", total, in.Order.Product, strings.Join(dates, ", "))
	if len(res.Consortia) == 0 {
		sb.WriteString("No consortium can meet this order.\n")
		for _, r := range res.Reasons {
			fmt.Fprintf(&sb, "  - %s\n", r)
		}
		if a := res.LaterDate; a != nil {
			fmt.Fprintf(&sb, "\nAlternative: every delivery %d days later (last on %s):\n", a.ShiftDays, a.Deliveries[len(a.Deliveries)-1].Date)
			writeVolumeConsortium(&sb, a.Consortium)
		}
		if a := res.Partial; a != nil {
			most := ""
			if a.Proven {
				most = " (the most any consortium can make)"
			}
			fmt.Fprintf(&sb, "\nAlternative: %d units on the original dates%s:\n", a.Quantity, most)
			writeVolumeConsortium(&sb, a.Consortium)
		}
	}
	for _, c := range res.Consortia {
		fmt.Fprintf(&sb, "\n#%d ", c.Rank)
		writeVolumeConsortium(&sb, c)
	}
	_, err := io.WriteString(out, sb.String())
	return err
}

func writeVolumeConsortium(sb *strings.Builder, c consortium.VolumeConsortium) {
	fmt.Fprintf(sb, "%d members, total cost %s, mean reliability %.3f\n", len(c.Members), money(c.TotalCost), c.MeanReliability)
	tw := tabwriter.NewWriter(sb, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tmember\tcountry\tunits\tper delivery\tunit cost\tkm\treliability\t")
	for _, m := range c.Members {
		per := make([]string, len(m.PerDelivery))
		for j, v := range m.PerDelivery {
			per[j] = fmt.Sprint(v)
		}
		fmt.Fprintf(tw, "\t%s\t%s\t%d\t%s\t%s\t%.1f\t%.2f\t\n", m.ID, m.Country, m.Units, strings.Join(per, " + "), money(m.UnitCost), m.DistanceKm, m.Reliability)
	}
	tw.Flush()
}

func writeTender(out io.Writer, in consortium.TenderInstance, res consortium.TenderResult) error {
	var sb strings.Builder
	var reqs []string
	for _, r := range in.Tender.Requirements {
		reqs = append(reqs, fmt.Sprintf("%s (%d+ refs)", r.Competence, r.MinReferences))
	}
	title := in.Tender.Title
	if title == "" {
		title = "Tender"
	}
	fmt.Fprintf(&sb, "%s: %s\n", title, strings.Join(reqs, ", "))
	if len(res.Consortia) == 0 {
		sb.WriteString("No consortium covers this tender.\n")
		for _, r := range res.Reasons {
			fmt.Fprintf(&sb, "  - %s\n", r)
		}
		// Uncovered requirements already named in a reason are not repeated.
		named := map[string]bool{}
		for _, r := range res.Reasons {
			if r.Code == consortium.UncoveredRequirement {
				named[r.Params["competence"]] = true
			}
		}
		for _, u := range res.Uncovered {
			if named[u.Competence] {
				continue
			}
			var cl []string
			for _, c := range u.Closest {
				cl = append(cl, fmt.Sprintf("%s (%d)", c.ID, c.References))
			}
			fmt.Fprintf(&sb, "  uncovered: %s, %d+ references; closest: %s\n", u.Competence, u.MinReferences, strings.Join(cl, ", "))
		}
	}
	for _, c := range res.Consortia {
		fmt.Fprintf(&sb, "\n#%d %d partners, lead %s, turnover %.0f, %d countries, fit %.3f\n", c.Rank, len(c.Members), c.Lead, c.TotalTurnover, c.Countries, float64(c.Fit)/1e6)
		tw := tabwriter.NewWriter(&sb, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  requirement\tpartner\treferences")
		for _, a := range c.Assignments {
			fmt.Fprintf(tw, "  %s\t%s\t%d\n", a.Competence, a.MemberID, a.References)
		}
		tw.Flush()
		tw = tabwriter.NewWriter(&sb, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  partner\tcountry\tturnover\tkm\treliability\tcovers")
		for _, m := range c.Members {
			fmt.Fprintf(tw, "  %s\t%s\t%.0f\t%.1f\t%.2f\t%s\n", m.ID, m.Country, m.Turnover, m.DistanceKm, m.Reliability, strings.Join(m.Covers, ", "))
		}
		tw.Flush()
	}
	_, err := io.WriteString(out, sb.String())
	return err
}
