package orgcsv

import (
	"testing"
)

func TestNoConflictingWords(t *testing.T) {
	for name, conflicts := range map[string][]string{
		"header": headerWords.conflicts, "kind": kindWords.conflicts, "size": sizeWords.conflicts,
		"yes/no": yesNoWords.conflicts, "country": countryWords.conflicts,
	} {
		if len(conflicts) > 0 {
			t.Errorf("%s words claimed by two values: %q", name, conflicts)
		}
	}
}

func TestHeaderWords(t *testing.T) {
	tests := []struct {
		in   string
		want column
	}{
		{"name", colName},
		{" NAME ", colName},
		{"Назив", colName},
		{"naziv", colName},
		{"Наименование", colName},
		{"registration_number", colRegNo},
		{"Registration number", colRegNo},
		{"Matični broj", colRegNo},
		{"maticni broj", colRegNo},
		{"ЕИК", colRegNo},
		{"E-mail", colEmail},
		{"Е-пошта", colEmail},
		{"e-pošta", colEmail},
		{"Општина", colMunicipality},
		{"opština", colMunicipality},
		{"opstina", colMunicipality},
		{"Община", colMunicipality},
		{"description_en", colDescriptionEN},
		{"Description (EN)", colDescriptionEN},
		{"Опис на енглеском", colDescriptionEN},
		{"Описание на английски", colDescriptionEN},
		{"opis na srpskom", colDescriptionSR},
		{"Година оснивања", colFounded},
		{"godina osnivanja", colFounded},
		{"Брой служители", colEmployees},
		{"broj zaposlenih", colEmployees},
		{"Веб-сајт", colWebsite},
		{"Уебсайт", colWebsite},
		{"short_name", colShortName},
		{"Скраћени назив", colShortName},
		{"Населено място", colCity},
		{"Јавно", colPublic},
		{"Шифра делатности", colNACE},
	}
	for _, tt := range tests {
		got, ok := headerWords.lookup(tt.in)
		if !ok || got != tt.want {
			t.Errorf("header %q = %s (%v), want %s", tt.in, fieldNames[got], ok, fieldNames[tt.want])
		}
	}
	for _, bad := range []string{"fax", "notes", "", "nam"} {
		if c, ok := headerWords.lookup(bad); ok {
			t.Errorf("header %q recognised as %s, want unknown", bad, fieldNames[c])
		}
	}
}

func TestKindWords(t *testing.T) {
	tests := map[string]string{
		"cluster": "cluster", "Klaster": "cluster", "кластер": "cluster", "клъстер": "cluster",
		"cluster-initiative": "cluster-initiative", "Cluster initiative": "cluster-initiative", "кластерска иницијатива": "cluster-initiative",
		"Предузеће": "company", "preduzece": "company", "firma": "company", "фирма": "company", "ЕООД": "company",
		"opština": "public-body", "община": "public-body", "public body": "public-body", "PUBLIC-BODY": "public-body",
		"удружење": "association", "udruženje": "association", "сдружение": "association",
		"фондација": "foundation", "фондация": "foundation", "fondacija": "foundation",
		"факултет": "education", "университет": "education", "school": "education",
		"остало": "other", "друго": "other", "other": "other",
	}
	for in, want := range tests {
		if got, ok := kindWords.lookup(in); !ok || got != want {
			t.Errorf("kind %q = %q (%v), want %q", in, got, ok, want)
		}
	}
	for _, k := range kinds {
		if got, ok := kindWords.lookup(k); !ok || got != k {
			t.Errorf("slug %q = %q, want itself", k, got)
		}
	}
}

func TestParseCountry(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"RS", "RS", true}, {"bg", "BG", true}, {"de", "DE", true}, {"XK", "XK", true},
		{"Србија", "RS", true}, {"Srbija", "RS", true}, {"Serbia", "RS", true}, {"Сърбия", "RS", true},
		{"България", "BG", true}, {"Bugarska", "BG", true}, {"Бугарска", "BG", true}, {"Bulgaria", "BG", true},
		{"Северна Македонија", "MK", true}, {"Гърция", "GR", true}, {"SRB", "RS", true},
		{"XX", "", false}, {"YU", "", false}, {"Atlantis", "", false}, {"R", "", false},
	}
	for _, tt := range tests {
		got, ok := parseCountry(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseCountry(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseNACE(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"C", "C", true}, {"c14", "C14", true}, {"C14.1", "C14.1", true}, {"C14.13", "C14.13", true},
		{"14.13", "C14.13", true}, {"62.01", "J62.01", true}, {"01", "A01", true}, {"99", "U99", true}, {"S 94.11", "S94.11", true},
		{"C62", "", false}, {"04", "", false}, {"Z", "", false}, {"1", "", false}, {"10.123", "", false}, {"", "", false}, {"ten", "", false},
	}
	for _, tt := range tests {
		got, ok := parseNACE(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseNACE(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseWebsite(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"klaster.example", "https://klaster.example", true},
		{"www.klaster.example/o-nama", "https://www.klaster.example/o-nama", true},
		{"http://klaster.example", "http://klaster.example", true},
		{"HTTPS://Klaster.example", "HTTPS://Klaster.example", true},
		{"кластер.срб", "https://кластер.срб", true},
		{"ftp://klaster.example", "", false},
		{"localhost", "", false},
		{"klaster example", "", false},
		{"https://user:pw@klaster.example", "", false},
		{"https://.example", "", false},
		{"mailto:info@klaster.example", "", false},
	}
	for _, tt := range tests {
		got, ok := parseWebsite(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseWebsite(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseEmail(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"info@klaster.example", "info@klaster.example", true},
		{"Info@Klaster.Example", "info@klaster.example", true},
		{"mailto:info@klaster.example", "info@klaster.example", true},
		{"a@b", "", false},
		{"info klaster.example", "", false},
		{"Klaster <info@klaster.example>", "", false},
		{"a@x.example; b@x.example", "", false},
		{"@klaster.example", "", false},
		{"info@.example", "", false},
	}
	for _, tt := range tests {
		got, ok := parseEmail(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseEmail(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseYear(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"2015", 2015, true}, {"2015.", 2015, true}, {"2015. године", 2015, true}, {"2015 г.", 2015, true},
		{"15.03.2010", 2010, true}, {"15.03.2010.", 2010, true}, {"1/2/1999", 1999, true}, {"2010-03-15", 2010, true},
		{"1700", 1700, true}, // in range or not is Read's business
		{"15", 0, false}, {"two thousand", 0, false}, {"2010-2015", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseYear(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseYear(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		in       string
		want     int
		negative bool
		ok       bool
	}{
		{"12", 12, false, true}, {"1 200", 1200, false, true}, {"1\u00A0200", 1200, false, true}, {"1'200", 1200, false, true},
		{"+3", 3, false, true}, {"0", 0, false, true},
		{"-5", -5, true, true}, {"\u22125", -5, true, true},
		{"many", 0, false, false}, {"12.5", 0, false, false}, {"", 0, false, false}, {"10-49", 0, false, false},
		{"9999999999999", 0, false, false},
	}
	for _, tt := range tests {
		got, neg, ok := parseCount(tt.in)
		if got != tt.want || neg != tt.negative || ok != tt.ok {
			t.Errorf("parseCount(%q) = %d, %v, %v; want %d, %v, %v", tt.in, got, neg, ok, tt.want, tt.negative, tt.ok)
		}
	}
}

func TestSizeAndYesNo(t *testing.T) {
	sizes := map[string]string{"micro": "micro", "Микро": "micro", "mikro preduzeće": "micro", "10-49": "small", "малко": "small",
		"Средње": "medium", "srednje preduzece": "medium", "250+": "large", "голямо предприятие": "large"}
	for in, want := range sizes {
		if got, ok := sizeWords.lookup(in); !ok || got != want {
			t.Errorf("size %q = %q (%v), want %q", in, got, ok, want)
		}
	}
	yn := map[string]bool{"yes": true, "Да": true, "da": true, "1": true, "x": true, "no": false, "НЕ": false, "ne": false, "0": false}
	for in, want := range yn {
		if got, ok := yesNoWords.lookup(in); !ok || got != want {
			t.Errorf("yes/no %q = %v (%v), want %v", in, got, ok, want)
		}
	}
}

func TestSectorsCell(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"tourism|crafts", []string{"tourism", "crafts"}},
		{"tourism, crafts", []string{"tourism", "crafts"}},
		{"tourism; crafts |", []string{"tourism", "crafts"}},
		{"Food Processing", []string{"food-processing"}},
		{"food_processing", []string{"food-processing"}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range splitList(tt.in) {
			got = append(got, sectorSlug(s))
		}
		if len(got) != len(tt.want) {
			t.Errorf("sectors %q = %q, want %q", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("sectors %q = %q, want %q", tt.in, got, tt.want)
				break
			}
		}
	}
}
