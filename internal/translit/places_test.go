package translit

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// place is one row of testdata/places.csv: a district or municipality of the
// programme area with its Latin and native names.
type place struct {
	source, country, latin, native string
}

// loadPlaces reads the place-name table copied from the shared reference
// data. Editorial notes in square brackets ("[NOT in programme area]") are
// annotations of the data set, not part of the name, and are removed.
func loadPlaces(t testing.TB) []place {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "places.csv"))
	if err != nil {
		t.Fatalf("open place table: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("read place table: %v", err)
	}
	if len(rows) < 2 {
		t.Fatalf("place table has %d rows, want a header and data", len(rows))
	}
	var out []place
	for _, r := range rows[1:] {
		out = append(out, place{source: r[0], country: r[1], latin: stripNote(r[2]), native: r[3]})
	}
	return out
}

func stripNote(s string) string {
	if i := strings.IndexByte(s, '['); i >= 0 {
		if j := strings.IndexByte(s[i:], ']'); j >= 0 {
			s = s[:i] + s[i+j+1:]
		}
	}
	return strings.TrimSpace(s)
}

func TestPlacesFoldMeet(t *testing.T) {
	places := loadPlaces(t)
	var bg, rs int
	for _, p := range places {
		got, want := Fold(p.native), Fold(p.latin)
		if got != want {
			t.Errorf("%s %s: Fold(%q) = %q, Fold(%q) = %q, want equal", p.country, p.source, p.native, got, p.latin, want)
		}
		if got == "" {
			t.Errorf("%s %s: Fold(%q) is empty", p.country, p.source, p.native)
		}
		switch p.country {
		case "BG":
			bg++
		case "RS":
			rs++
		}
	}
	// Guard against a truncated table silently passing.
	if bg < 70 || rs < 40 {
		t.Errorf("place table has %d BG and %d RS rows, want at least 70 and 40", bg, rs)
	}
}

// The Latin names of Bulgarian places in the table follow the 2009 Act and
// those of Serbian places are Gaj's Latin, so the transliterators must
// reproduce them exactly.
func TestPlacesTransliterate(t *testing.T) {
	for _, p := range loadPlaces(t) {
		switch p.country {
		case "BG":
			if got := BulgarianToLatin(p.native); got != p.latin {
				t.Errorf("BulgarianToLatin(%q) = %q, want %q", p.native, got, p.latin)
			}
		case "RS":
			if got := SerbianToLatin(p.native); got != p.latin {
				t.Errorf("SerbianToLatin(%q) = %q, want %q", p.native, got, p.latin)
			}
			if got := SerbianToCyrillic(p.latin); got != p.native {
				t.Errorf("SerbianToCyrillic(%q) = %q, want %q", p.latin, got, p.native)
			}
		default:
			t.Errorf("unknown country %q in row %+v", p.country, p)
		}
	}
}

// Folding must not merge different places: every distinct Latin name of the
// table keeps its own key.
func TestPlacesFoldDistinct(t *testing.T) {
	byKey := map[string]string{}
	for _, p := range loadPlaces(t) {
		key := Fold(p.latin)
		if other, ok := byKey[key]; ok && other != p.latin {
			t.Errorf("Fold(%q) = Fold(%q) = %q, want distinct keys", p.latin, other, key)
		}
		byKey[key] = p.latin
	}
}

// TestPlacesMatchSharedData checks that testdata/places.csv is still a
// faithful copy of the shared reference tables. The package's other tests use
// only the copy; this one is skipped where the reference data is absent.
func TestPlacesMatchSharedData(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "data")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("shared reference data not present at " + dir)
	}
	have := map[[3]string]bool{}
	for _, p := range loadPlaces(t) {
		have[[3]string{p.country, p.latin, p.native}] = true
	}
	for _, src := range []struct {
		file          string
		latin, native string
	}{
		{"districts.csv", "district_name_latin", "district_name_native"},
		{"municipalities.csv", "municipality_latin", "municipality_native"},
	} {
		f, err := os.Open(filepath.Join(dir, src.file))
		if err != nil {
			t.Fatalf("open %s: %v", src.file, err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("read %s: %v", src.file, err)
		}
		col := map[string]int{}
		for i, name := range rows[0] {
			col[name] = i
		}
		for _, name := range []string{"country", src.latin, src.native} {
			if _, ok := col[name]; !ok {
				t.Fatalf("%s has no column %q", src.file, name)
			}
		}
		for _, r := range rows[1:] {
			key := [3]string{r[col["country"]], stripNote(r[col[src.latin]]), r[col[src.native]]}
			if !have[key] {
				t.Errorf("%s row %q is missing from testdata/places.csv", src.file, key)
			}
		}
	}
}
