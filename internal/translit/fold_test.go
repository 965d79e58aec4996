package translit

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkSameKey fails unless every spelling folds to the same key.
func checkSameKey(t *testing.T, spellings ...string) {
	t.Helper()
	want := Fold(spellings[0])
	if want == "" {
		t.Errorf("Fold(%q) is empty", spellings[0])
	}
	for _, s := range spellings[1:] {
		if got := Fold(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q (the key of %q)", s, got, want, spellings[0])
		}
	}
}

func TestFoldSpellingsMeet(t *testing.T) {
	tests := []struct {
		name      string
		spellings []string
	}{
		{"Niš", []string{"Ниш", "НИШ", "Niš", "NIS", "nis", "niš", "NIŠ", "Nis\u030C", "N\u00ADiš"}},
		{"Đorđe", []string{"Đorđe", "ĐORĐE", "Ђорђе", "ЂОРЂЕ", "djordje", "dordje", "Djordje", "DJORDJE"}},
		{"Sofia", []string{"Sofia", "Sofiya", "SOFIA", "София", "Sofija", "Софија", "СОФИЯ", "sofi\u0430"}},
		{"Leskovac", []string{"Leskovac", "Лесковац", "LESKOVAC", "Leskovats"}},
		{"Niška Banja", []string{"Niška Banja", "Нишка Бања", "niska banja", "NIŠKA  BANJA", "Niška-Banja", "Nishka Banya"}},
		{"Gadžin Han", []string{"Gadžin Han", "Гаџин Хан", "Gadzin Han", "GADŽIN HAN", "Gadzhin Han", "Gaǆin Han"}},
		{"Pernik", []string{"Pernik", "Перник", "PERNIK"}},
		{"Kyustendil", []string{"Kyustendil", "Кюстендил", "Kjustendil"}},
		{"Vratsa", []string{"Vratsa", "Враца", "Vraca"}},
		{"Koprivshtitsa", []string{"Koprivshtitsa", "Копривщица", "Koprivštica"}},
		{"Valchedram", []string{"Valchedram", "Вълчедръм", "Vălchedrăm"}},
		{"Kozloduy", []string{"Kozloduy", "Козлодуй", "Kozloduj"}},
		{"Ljubljana", []string{"Ljubljana", "Љубљана", "LJUBLJANA", "ǈubǉana"}},
		{"Žitorađa", []string{"Žitorađa", "Житорађа", "Zitoradja", "Zitorada", "ZITORAĐA"}},
		{"Ćuprija", []string{"Ćuprija", "Ћуприја", "Cuprija", "Chuprija"}},
		{"state name", []string{"България", "Bulgaria", "BULGARIA", "Balgaria", "БЪЛГАРИЯ"}},
		{"mixed script", []string{"Dјordje", "Djordje"}},
		{"apostrophe", []string{"B'lgaria", "Blgaria", "B’lgaria"}},
		{"full width", []string{"ＮＩＳ", "nis"}},
		{"ligature", []string{"ﬁrma", "firma"}},
		{"punctuation", []string{"d.o.o. Niš", "d o o nis", "  D-O-O   NIŠ!  "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkSameKey(t, tt.spellings...)
		})
	}
}

func TestFoldKeepsDistinct(t *testing.T) {
	pairs := [][2]string{
		{"Vidin", "Vratsa"},
		{"Pirot", "Pernik"},
		{"Bor", "Bar"},
		{"Бор", "Бар"},
		{"Niš", "Nis 2"},
		{"Lom", "Lim"},
		{"Kula", "Kola"},
		{"Roman", "Romania"},
		{"Vranje", "Vrane"},
		{"Bela Palanka", "Bela"},
		{"Sofia", "Sofi"},
	}
	for _, p := range pairs {
		if a, b := Fold(p[0]), Fold(p[1]); a == b {
			t.Errorf("Fold(%q) = Fold(%q) = %q, want distinct keys", p[0], p[1], a)
		}
	}
}

func TestFoldExact(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"   ", ""},
		{"—…!?", ""},
		{"Ниш", "nis"},
		{"  Niška   Banja  ", "niska banja"},
		{"Đorđe", "dorde"},
		{"София", "sofia"},
		{"Щит", "stit"},
		{"Ruzhintsi", "ruzinci"},
		{"Ружинци", "ruzinci"},
		{"O'Neil", "oneil"},
		{"ACME d.o.o., Niš 18000", "acme d o o nis 18000"},
		{"IT-клъстер", "it klaster"},
		{"Ελλάδα Sofia", "sofia"},
		{"北京 Niš", "nis"},
		{"tsh", "c"},
		{"dzh", "dz"},
		{"iyj", "i"},
		{"Straße", "strasse"},
		{"Ærø", "aero"},
		{"R2-D2", "r2 d2"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" ,; ", nil},
		{"Нишка Бања", []string{"niska", "banja"}},
		// ch → c applies to English words too; queries fold the same way.
		{"Clean-Tech Cluster, Враца", []string{"clean", "tec", "cluster", "vraca"}},
	}
	for _, tt := range tests {
		if got := FoldWords(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("FoldWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// checkKey fails unless key is a well-formed Fold result that Fold leaves
// unchanged.
func checkKey(t *testing.T, in, key string) {
	t.Helper()
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == ' ') {
			t.Fatalf("Fold(%q) = %q has byte %q at %d, want only [a-z0-9 ]", in, key, c, i)
		}
	}
	if strings.HasPrefix(key, " ") || strings.HasSuffix(key, " ") || strings.Contains(key, "  ") {
		t.Fatalf("Fold(%q) = %q has a leading, trailing or double space", in, key)
	}
	if again := Fold(key); again != key {
		t.Fatalf("Fold(Fold(%q)) = %q, want %q", in, again, key)
	}
}

func TestFoldIdempotentOnPlaces(t *testing.T) {
	for _, p := range loadPlaces(t) {
		checkKey(t, p.native, Fold(p.native))
		checkKey(t, p.latin, Fold(p.latin))
	}
}

// TestFoldGolden pins the keys of the place table and sample records. The
// keys are stored in the search index, so any change to them means the
// index must be rebuilt; this test makes such a change deliberate (run with
// -update and reindex).
func TestFoldGolden(t *testing.T) {
	var inputs []string
	for _, p := range loadPlaces(t) {
		inputs = append(inputs, p.native, p.latin)
	}
	inputs = append(inputs, sampleRecords...)
	var b strings.Builder
	for _, in := range inputs {
		fmt.Fprintf(&b, "%s\t%s\n", in, Fold(in))
	}
	path := filepath.Join("testdata", "fold.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatalf("write golden: %v", err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if got := b.String(); got != string(want) {
		gotLines := strings.Split(got, "\n")
		wantLines := strings.Split(string(want), "\n")
		for i := range min(len(gotLines), len(wantLines)) {
			if gotLines[i] != wantLines[i] {
				t.Fatalf("fold.golden line %d: got %q, want %q (run with -update if the change is intended and reindex)", i+1, gotLines[i], wantLines[i])
			}
		}
		t.Fatalf("fold.golden has %d lines, got %d", len(wantLines), len(gotLines))
	}
}

// sampleRecords are organisation names and descriptions of the kind the
// platform indexes, in both scripts and both languages.
var sampleRecords = readSampleRecords()

func readSampleRecords() []string {
	f, err := os.Open(filepath.Join("testdata", "records.txt"))
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

func TestSampleRecordsPresent(t *testing.T) {
	if len(sampleRecords) < 10 {
		t.Fatalf("testdata/records.txt gave %d records, want at least 10", len(sampleRecords))
	}
}
