package orgcsv

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"

	"clusterbridge/internal/regno"
)

// withoutLines drops the line numbers, which change when rows are written to a new file.
func withoutLines(rows []Row) []Row {
	out := make([]Row, len(rows))
	for i, r := range rows {
		r.Line = 0
		out[i] = r
	}
	return out
}

func roundTrip(t *testing.T, rows []Row, opt WriteOptions) Result {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, rows, opt); err != nil {
		t.Fatalf("Write(%+v): %v", opt, err)
	}
	res, err := Read(&b, testOptions())
	if err != nil {
		t.Fatalf("Read after Write(%+v): %v", opt, err)
	}
	return res
}

func diffRows(t *testing.T, label string, got, want []Row) {
	t.Helper()
	got, want = withoutLines(got), withoutLines(want)
	if len(got) != len(want) {
		t.Fatalf("%s: got %d rows, want %d", label, len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%s: row %d\n got %+v\nwant %+v", label, i, got[i], want[i])
		}
	}
}

// cleanRows are the rows of the example files whose lines have no problem: Read's output in
// the form Write must reproduce.
func cleanRows(t *testing.T) []Row {
	t.Helper()
	var rows []Row
	for _, f := range []string{"mixed_scripts.csv", "cyrillic_1251.csv", "latin_1250.csv", "bulgarian_bom.csv", "quoted_multiline.csv", "every_problem.csv", "unicode_text_utf16.csv"} {
		res := readFile(t, f)
		bad := map[int]bool{}
		for _, p := range res.Problems {
			bad[p.Line] = true
		}
		for _, r := range res.Rows {
			if !bad[r.Line] {
				rows = append(rows, r)
			}
		}
	}
	if len(rows) < 12 {
		t.Fatalf("only %d clean example rows", len(rows))
	}
	return rows
}

// generatedRows makes rows in Read's canonical form out of awkward pieces: separators, quotes,
// formula starters, line breaks in descriptions, both scripts.
func generatedRows(n int) []Row {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	names := []string{"Кластер „Бањац“", `Firma "Đorđe", d.o.o.`, "=SUM(A1:A2)", "+381 Tech", "-minus-", "@home", "'quoted'",
		"Клъстер; мебели", "Niš\tTabs", "Ćuprija a.d.", "Текстил Струма ЕООД", "O'Neil & Sons"}
	rows := make([]Row, n)
	for i := range rows {
		yes := rng.IntN(2) == 0
		r := Row{
			Name:    strings.Join(strings.Fields(pick(names...)), " "),
			Kind:    kinds[rng.IntN(len(kinds))],
			Country: pick("RS", "BG", "GR", "AT"),
		}
		if rng.IntN(2) == 0 {
			r.ShortName = pick("КПХ", "B2B", "=1+1")
			r.Municipality = pick("Ниш", "Niška Banja", "Кюстендил", "Gadžin Han")
			r.City = pick("Beograd", "Θεσσαλονίκη", "Wien")
			r.Address = pick("Обреновићева 1, Ниш", `Trg "Kralja", 2`, "ул. Примерна 5; ет. 2")
			r.Website = pick("https://a.example", "http://b.example/path?q=1,2", "https://кластер.срб")
			r.Email = pick("info@a.example", "x.y@b.example")
			r.Phone = pick("+381 18 000 000", "018/000-000", "02 000 0000")
			r.RegistrationNumber = pick("21743062", "12345", "-1")
			r.Founded = 1800 + rng.IntN(227)
			r.Employees = 1 + rng.IntN(5000)
			r.Sectors = []string{pick(sectorSlugs...)}
			r.NACE = []string{pick("C", "C14", "C14.1", "J62.01")}
			r.Public = &yes
			if r.Kind == "company" {
				r.Size = pick(sizes...)
			}
			r.Descriptions = map[string]string{
				"":   pick("Једна реченица.", "Two lines,\nsecond \"quoted\";", "=HYPERLINK(\"x\")"),
				"en": pick("English text, with a comma.", "Line one\nLine two"),
				"sr": "Опис на српском; са тачком и зарезом.",
				"bg": "Описание на български.",
			}
		}
		rows[i] = r
	}
	return rows
}

func TestRoundTrip(t *testing.T) {
	sources := map[string][]Row{"example files": cleanRows(t), "generated": generatedRows(300)}
	options := []WriteOptions{
		DefaultWriteOptions(),
		{},
		{Separator: ';', BOM: true},
		{Separator: '\t'},
		{Separator: ';', Language: "sr-Cyrl", BOM: true},
		{Separator: ',', Language: "sr-Latn"},
		{Separator: ';', Language: "bg"},
	}
	for name, rows := range sources {
		for _, opt := range options {
			res := roundTrip(t, rows, opt)
			label := name + " " + opt.Language + " " + string(opt.Separator)
			// The generated rows carry registration numbers the test checker rejects on purpose
			// (the checker is called); everything else must come back without a problem.
			reported := 0
			for _, p := range res.Problems {
				if p.Key != "regno.checksum" && reported < 5 {
					t.Errorf("%s: problem %+v", label, p)
					reported++
				}
			}
			diffRows(t, label, res.Rows, rows)
			wantSep := opt.Separator
			if wantSep == 0 {
				wantSep = ','
			}
			if res.Separator != wantSep || res.Encoding != EncodingUTF8 {
				t.Errorf("%s: read back as %q/%s, want %q/utf-8", label, res.Separator, res.Encoding, wantSep)
			}
		}
	}
}

func TestWriteGuardsFormulas(t *testing.T) {
	var b bytes.Buffer
	rows := []Row{{Name: "=HYPERLINK(\"http://x.example\")", Kind: "company", Country: "RS", Phone: "+381 18 000 000"}}
	if err := Write(&b, rows, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`"'=HYPERLINK(""http://x.example"")"`, "'+381 18 000 000"} {
		if !strings.Contains(out, want) {
			t.Errorf("Write output %q lacks %q", out, want)
		}
	}
}

func TestWriteHeaderAndBOM(t *testing.T) {
	tests := []struct {
		opt        WriteOptions
		wantPrefix string
	}{
		{DefaultWriteOptions(), "\uFEFFname,kind,country,municipality,address,website,email,phone,registration_number,sectors,description,short_name,size,founded,employees,nace,description_en,description_bg,description_sr,public,city\r\n"},
		{WriteOptions{Separator: ';', Language: "sr-Cyrl"}, "назив;врста;држава;општина;адреса;"},
		{WriteOptions{Separator: ';', Language: "sr-Latn"}, "naziv;vrsta;država;opština;adresa;"},
		{WriteOptions{Separator: ';', Language: "bg"}, "наименование;вид;държава;община;адрес;"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := Write(&b, nil, tt.opt); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(b.String(), tt.wantPrefix) {
			t.Errorf("Write(%+v) starts %q, want %q", tt.opt, b.String(), tt.wantPrefix)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name string
		rows []Row
		opt  WriteOptions
	}{
		{"separator", nil, WriteOptions{Separator: '|'}},
		{"language", nil, WriteOptions{Language: "de"}},
		{"description language", []Row{{Name: "x", Descriptions: map[string]string{"de": "Text"}}}, WriteOptions{}},
	}
	for _, tt := range tests {
		if err := Write(&bytes.Buffer{}, tt.rows, tt.opt); !errors.Is(err, errUnsupported) {
			t.Errorf("%s: error %v, want errUnsupported", tt.name, err)
		}
	}
}

// TestTemplate checks that the downloadable template reads back without a single problem, with
// the directory's real registration-number rules, and holds one Serbian and one Bulgarian row.
func TestTemplate(t *testing.T) {
	opt := testOptions()
	opt.CheckRegNo = func(country, number string) (string, []any) {
		if _, err := regno.Validate(country, number); err != nil {
			var re *regno.Error
			if errors.As(err, &re) {
				return re.Key(), re.Args()
			}
			return "regno.invalid", nil
		}
		return "", nil
	}
	tpl := Template()
	if !bytes.HasPrefix(tpl, []byte("\uFEFFname,kind,country,")) {
		t.Errorf("template starts %q, want the BOM and the English header", tpl[:min(len(tpl), 40)])
	}
	res, err := Read(bytes.NewReader(tpl), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 0 {
		t.Errorf("template problems: %+v", res.Problems)
	}
	if len(res.Rows) != 2 || res.Rows[0].Country != "RS" || res.Rows[1].Country != "BG" {
		t.Fatalf("template rows = %+v, want one RS and one BG row", res.Rows)
	}
	for _, r := range res.Rows {
		if r.RegistrationNumber == "" || len(r.Sectors) == 0 || len(r.Descriptions) == 0 || r.Founded == 0 {
			t.Errorf("template row %q leaves out fields a coordinator should see filled: %+v", r.Name, r)
		}
	}
}

// TestRoundTripFullSize writes and reads back a list of the largest size Read accepts by
// default, in every separator and header language; it runs only in the long sweep.
func TestRoundTripFullSize(t *testing.T) {
	if os.Getenv("CLUSTERBRIDGE_LONG") != "1" {
		t.Skip("set CLUSTERBRIDGE_LONG=1 to round-trip a full-size list")
	}
	rows := generatedRows(DefaultMaxRows)
	for _, opt := range []WriteOptions{DefaultWriteOptions(), {Separator: ';', Language: "sr-Cyrl"}, {Separator: '\t', Language: "bg", BOM: true}} {
		res := roundTrip(t, rows, opt)
		for _, p := range res.Problems {
			if p.Key != "regno.checksum" {
				t.Fatalf("%+v: problem %+v", opt, p)
			}
		}
		diffRows(t, opt.Language, res.Rows, rows)
	}
	// One row more than the limit is reported, not read.
	res := roundTrip(t, append(rows, rows[0]), DefaultWriteOptions())
	if len(res.Rows) != DefaultMaxRows || res.Problems[0].Key != keyTooManyRows {
		t.Errorf("over the limit: %d rows, first problem %+v", len(res.Rows), res.Problems[0])
	}
}
