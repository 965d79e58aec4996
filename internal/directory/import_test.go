package directory_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/audit"
	"clusterbridge/internal/db"
	"clusterbridge/internal/db/dbtest"
	"clusterbridge/internal/directory"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func countOrgs(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM organizations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportMessyCSV: a Windows-1251 file with semicolons, mixed scripts, duplicates (of the
// directory and within the file) and every kind of error. The preview lists each finding; the
// commit refuses and writes nothing.
func TestImportMessyCSV(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		for _, in := range []directory.Input{
			{Name: "Кућа кластера", Kind: "cluster", Country: "RS", Municipality: "Ниш", RegNo: "21338494", Public: true},
			{Name: "Стара фирма", Kind: "company", Country: "RS", Municipality: "Svrljig", Public: true},
		} {
			if _, err := s.Create(ctx, audit.System, in); err != nil {
				t.Fatal(err)
			}
		}
		data, err := os.ReadFile("testdata/messy-1251.csv")
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.PreviewImport(ctx, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if p.Encoding != "windows-1251" || p.Separator != ";" {
			t.Errorf("encoding %q separator %q, want windows-1251 and ;", p.Encoding, p.Separator)
		}
		if !p.Blocking {
			t.Error("preview of a file with errors is not blocking")
		}
		var b strings.Builder
		fmt.Fprintf(&b, "rows: %d\n", len(p.Rows))
		for _, pr := range p.Problems {
			fmt.Fprintf(&b, "line %d\t%s\t%s\t%q\tblocking=%v\n", pr.Line, pr.Field, pr.Key, pr.Value, pr.Blocking())
		}
		golden(t, "messy-1251.findings", b.String())
		// The findings a coordinator must see, named explicitly too.
		want := map[string]string{
			"3|registration_number": "import.duplicate.regno",
			"4|registration_number": "regno.bg.eik.checksum",
			"5|municipality":        "import.place.unknown",
			"6|registration_number": "import.duplicate.in_file",
			"7|name":                "orgcsv.name.required",
			"8|email":               "orgcsv.email.invalid",
			"8|sectors":             "orgcsv.sector.unknown",
			"9|kind":                "orgcsv.kind.unknown",
			"11|name":               "import.duplicate.name",
		}
		got := map[string]string{}
		for _, pr := range p.Problems {
			got[fmt.Sprintf("%d|%s", pr.Line, pr.Field)] = pr.Key
		}
		for k, key := range want {
			if got[k] != key && !(k == "4|registration_number" && strings.HasPrefix(got[k], "regno.bg")) {
				t.Errorf("finding %s = %q, want %q", k, got[k], key)
			}
		}
		for _, clean := range []string{"2", "10"} {
			for k := range got {
				if strings.HasPrefix(k, clean+"|") {
					t.Errorf("clean line %s has a finding: %s %s", clean, k, got[k])
				}
			}
		}
		before := countOrgs(t, d)
		_, _, err = s.CommitImport(ctx, audit.System, data)
		if !errors.Is(err, apperr.Invalid) {
			t.Errorf("commit of a bad file: err = %v, want Invalid", err)
		}
		if after := countOrgs(t, d); after != before {
			t.Errorf("a refused import wrote %d organisations", after-before)
		}
	})
}

func TestImportCleanCSVAllOrNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		data, err := os.ReadFile("testdata/clean-1250.csv")
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.PreviewImport(ctx, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if p.Encoding != "windows-1250" || p.Blocking {
			t.Fatalf("preview: encoding %s, blocking %v, problems %+v", p.Encoding, p.Blocking, p.Problems)
		}
		n, _, err := s.CommitImport(ctx, audit.System, data)
		if err != nil || n != 2 {
			t.Fatalf("commit = %d, %v; want 2 rows", n, err)
		}
		r, err := s.Search(ctx, directory.Query{Q: "djordjevic"})
		if err != nil || len(r.Items) != 1 || r.Items[0].Kind != "company" || r.Items[0].Descriptions["sr"] == "" {
			t.Errorf("imported row not found by folded name: %+v %v", r.Items, err)
		}
		// The same file again is now all duplicates: nothing more is written.
		p, _ = s.PreviewImport(ctx, bytes.NewReader(data))
		if !p.Blocking {
			t.Error("re-import of the same file is not refused as duplicates")
		}
		if got := countOrgs(t, d); got != 2 {
			t.Errorf("organisations = %d, want 2", got)
		}
	})
}

func TestImportCommand(t *testing.T) {
	d := dbtest.SQLite(t)
	s := newService(t, d)
	ctx := context.Background()
	var out, errOut bytes.Buffer
	if code := s.ImportCommand(ctx, []string{"organizations", "testdata/messy-1251.csv"}, &out, &errOut); code != 1 {
		t.Errorf("bad file: exit %d, want 1\n%s%s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "nothing imported") || !strings.Contains(out.String(), "line 9, kind") {
		t.Errorf("findings not printed:\n%s", out.String())
	}
	out.Reset()
	if code := s.ImportCommand(ctx, []string{"organizations", "-dry-run", "testdata/clean-1250.csv"}, &out, &errOut); code != 0 || countOrgs(t, d) != 0 {
		t.Errorf("dry run: exit %d, %d organisations written\n%s", code, countOrgs(t, d), out.String())
	}
	out.Reset()
	if code := s.ImportCommand(ctx, []string{"organizations", "testdata/clean-1250.csv"}, &out, &errOut); code != 0 || countOrgs(t, d) != 2 {
		t.Errorf("import: exit %d, %d organisations\n%s%s", code, countOrgs(t, d), out.String(), errOut.String())
	}
	out.Reset()
	if code := s.ExportCommand(ctx, []string{"organizations", "-q", "Пирот"}, &out, &errOut); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "Klaster zanatlija Pirot") || strings.Contains(out.String(), "Đorđević") {
		t.Errorf("export of the search Пирот:\n%s", out.String())
	}
	if code := s.ImportCommand(ctx, []string{"organizations"}, &out, &errOut); code != 2 {
		t.Errorf("missing file: exit %d, want 2", code)
	}
}

func TestGenerateCommand(t *testing.T) {
	d := dbtest.SQLite(t)
	s := newService(t, d)
	var out, errOut bytes.Buffer
	if code := s.GenerateCommand(context.Background(), []string{"organizations", "-n", "300", "-seed", "3"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if got := countOrgs(t, d); got != 300 {
		t.Errorf("organisations = %d, want 300", got)
	}
	r, err := s.Search(context.Background(), directory.Query{Country: "RS"})
	if err != nil || r.Total < 100 || len(r.Facets["sector"]) < 5 {
		t.Errorf("synthetic directory looks wrong: %d Serbian, %d sectors (%v)", r.Total, len(r.Facets["sector"]), err)
	}
}
