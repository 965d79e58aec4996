package directory

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"clusterbridge/internal/audit"
	"clusterbridge/internal/directory/orgcsv"
	"clusterbridge/internal/i18n"
)

// ImportCommand is `clusterbridge import organizations [-dry-run] FILE`: it prints the preview's
// findings and exits 1 without writing anything when any row is invalid; otherwise it imports
// every row in one transaction.
func (s *Service) ImportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import organizations", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dry := fs.Bool("dry-run", false, "only check the file; write nothing")
	if len(args) == 0 || args[0] != "organizations" {
		fmt.Fprintln(stderr, "usage: clusterbridge import organizations [-dry-run] FILE.csv")
		return 2
	}
	if err := fs.Parse(reorder(args[1:], map[string]bool{})); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: clusterbridge import organizations [-dry-run] FILE.csv")
		return 2
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "import:", err)
		return 2
	}
	en := s.i18n.For(i18n.EN)
	p, err := s.PreviewImport(ctx, bytesReader(data))
	if err != nil {
		fmt.Fprintln(stderr, "import:", describeErr(en, err))
		return 1
	}
	fmt.Fprintf(stdout, "%s: %d row(s), %s, separator %q\n", fs.Arg(0), len(p.Rows), p.Encoding, p.Separator)
	for _, pr := range p.Problems {
		kind := "error"
		if !pr.Blocking() {
			kind = "warning"
		}
		fmt.Fprintf(stdout, "%s: %s\n", kind, describeProblem(en.Msg, pr))
	}
	if p.Blocking {
		fmt.Fprintln(stdout, "nothing imported: fix the errors above and run again")
		return 1
	}
	if *dry {
		fmt.Fprintf(stdout, "dry run: %d row(s) would be imported\n", len(p.Rows))
		return 0
	}
	n, _, err := s.CommitImport(ctx, audit.System, data)
	if err != nil {
		fmt.Fprintln(stderr, "import: nothing imported:", describeErr(en, err))
		return 1
	}
	fmt.Fprintf(stdout, "imported %d organisation(s)\n", n)
	return 0
}

// ExportCommand is `clusterbridge export organizations [-q TEXT] [-country RS] … [-o FILE]`.
func (s *Service) ExportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "organizations" {
		fmt.Fprintln(stderr, "usage: clusterbridge export organizations [-q TEXT] [-country CC] [-kind KIND] [-sector SLUG] [-o FILE]")
		return 2
	}
	fs := flag.NewFlagSet("export organizations", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var q Query
	fs.StringVar(&q.Q, "q", "", "search text")
	fs.StringVar(&q.Country, "country", "", "country code")
	fs.StringVar(&q.District, "district", "", "district code")
	fs.StringVar(&q.Municipality, "municipality", "", "municipality code or name")
	fs.StringVar(&q.Kind, "kind", "", "kind")
	fs.StringVar(&q.Sector, "sector", "", "sector slug")
	fs.StringVar(&q.Size, "size", "", "size class")
	fs.StringVar(&q.Cluster, "cluster", "", "cluster slug")
	out := fs.String("o", "", "output file (default: standard output)")
	sep := fs.String("separator", ",", "field separator: , or ;")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	q.Hidden = true
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(stderr, "export:", err)
			return 1
		}
		defer f.Close()
		w = f
	}
	opt := orgcsv.DefaultWriteOptions()
	if *sep == ";" {
		opt.Separator = ';'
	}
	n, err := s.Export(ctx, w, q, opt)
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return 1
	}
	if *out != "" {
		fmt.Fprintf(stdout, "exported %d organisation(s) to %s\n", n, *out)
	}
	return 0
}

// reorder lets flags follow the file name (import organizations FILE -dry-run).
func reorder(args []string, _ map[string]bool) []string {
	var flags, rest []string
	for _, a := range args {
		if len(a) > 1 && a[0] == '-' {
			flags = append(flags, a)
		} else {
			rest = append(rest, a)
		}
	}
	return append(flags, rest...)
}

func describeErr(l *i18n.Localizer, err error) string {
	if e, ok := asAppErr(err); ok && e.Key != "" {
		return l.Msg(e.Key, e.Args...)
	}
	return err.Error()
}

// GenerateCommand is `clusterbridge generate organizations [-n 100000] [-seed 1]`: it adds a
// synthetic directory for load tests.
func (s *Service) GenerateCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "organizations" {
		fmt.Fprintln(stderr, "usage: clusterbridge generate organizations [-n 100000] [-seed 1]")
		return 2
	}
	fs := flag.NewFlagSet("generate organizations", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 100_000, "how many organisations")
	seed := fs.Uint64("seed", 1, "seed: the same seed gives the same organisations")
	if err := fs.Parse(args[1:]); err != nil || *n <= 0 {
		return 2
	}
	if err := s.Generate(ctx, *seed, *n); err != nil {
		fmt.Fprintln(stderr, "generate:", err)
		return 1
	}
	fmt.Fprintf(stdout, "generated %d synthetic organisation(s)\n", *n)
	return 0
}
