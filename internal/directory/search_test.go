package directory_test

import (
	"context"
	"reflect"
	"testing"

	"clusterbridge/internal/audit"
	"clusterbridge/internal/db"
	"clusterbridge/internal/db/dbtest"
	"clusterbridge/internal/directory"
	"clusterbridge/internal/i18n"
)

func newService(t *testing.T, d *db.DB) *directory.Service {
	t.Helper()
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := directory.New(context.Background(), d, b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// searchFixture is a small network in mixed scripts.
var searchFixture = []directory.Input{
	{Name: "Кућа кластера", Kind: "cluster", Country: "RS", Municipality: "Ниш", Sectors: []string{"business-support"}, Public: true},
	{Name: "Туристички кластер Бањац", Kind: "cluster", Country: "RS", Municipality: "Niška Banja", Sectors: []string{"tourism"}, Public: true,
		Descriptions: map[string]string{"sr": "Кластер туристичких предузећа Нишке Бање."}},
	{Name: "Фондация за развитие на предприемачеството", Kind: "foundation", Country: "BG", Municipality: "Sofia", Public: true},
	{Name: "Сдружение на занаятчиите", Kind: "association", Country: "BG", Municipality: "Божурище", Sectors: []string{"crafts"}, Public: true},
	{Name: "Leskovac Textile Cluster", Kind: "cluster", Country: "RS", Municipality: "Лесковац", Sectors: []string{"textiles"}, Public: true},
	{Name: "Ђорђевић д.о.о.", Kind: "company", Size: "micro", Country: "RS", Municipality: "Svrljig", Sectors: []string{"food-processing"}, Public: true},
	{Name: "Kyustendil Fruit Growers", Kind: "association", Country: "BG", Municipality: "Кюстендил", Sectors: []string{"agriculture"}, Public: true},
	{Name: "Скрита фирма", Kind: "company", Country: "BG", Municipality: "Vidin", Public: false},
	{Name: "Niš Design Studio", Kind: "company", Size: "small", Country: "RS", Municipality: "Medijana", Sectors: []string{"furniture-design"}, Public: true},
}

func names(r directory.Result) []string {
	out := []string{}
	for _, o := range r.Items {
		out = append(out, o.Name)
	}
	return out
}

var searchCases = []struct {
	name string
	q    directory.Query
	want []string
}{
	{"Ниш Cyrillic", directory.Query{Q: "Ниш"}, []string{"Niš Design Studio", "Кућа кластера", "Туристички кластер Бањац", "Ђорђевић д.о.о."}},
	{"Nis ASCII", directory.Query{Q: "Nis"}, []string{"Niš Design Studio", "Кућа кластера", "Туристички кластер Бањац", "Ђорђевић д.о.о."}},
	{"niš Latin", directory.Query{Q: "niš"}, []string{"Niš Design Studio", "Кућа кластера", "Туристички кластер Бањац", "Ђорђевић д.о.о."}},
	{"NIS capitals", directory.Query{Q: "NIS"}, []string{"Niš Design Studio", "Кућа кластера", "Туристички кластер Бањац", "Ђорђевић д.о.о."}},
	{"Sofia finds София and Софийска", directory.Query{Q: "Sofia"}, []string{"Фондация за развитие на предприемачеството", "Сдружение на занаятчиите"}},
	{"Bulgarian name by its Latin form", directory.Query{Q: "fondatsiya za razvitie"}, []string{"Фондация за развитие на предприемачеството"}},
	{"Latin name by Cyrillic", directory.Query{Q: "Лесковац"}, []string{"Leskovac Textile Cluster"}},
	{"Đ as dj", directory.Query{Q: "djordjevic"}, []string{"Ђорђевић д.о.о."}},
	{"Đ as d", directory.Query{Q: "dordevic"}, []string{"Ђорђевић д.о.о."}},
	{"Кюстендил by Latin", directory.Query{Q: "kjustendil"}, []string{"Kyustendil Fruit Growers"}},
	{"exact name ranks first", directory.Query{Q: "kuca klastera"}, []string{"Кућа кластера"}},
	{"sector name in another language", directory.Query{Q: "туризам"}, []string{"Туристички кластер Бањац"}},
	{"name prefix before description", directory.Query{Q: "klaster"}, []string{"Кућа кластера", "Туристички кластер Бањац"}},
	{"hidden not found", directory.Query{Q: "скрита"}, []string{}},
	{"hidden found by admin", directory.Query{Q: "skrita", Hidden: true}, []string{"Скрита фирма"}},
	{"facet country", directory.Query{Country: "BG"}, []string{"Фондация за развитие на предприемачеството", "Kyustendil Fruit Growers", "Сдружение на занаятчиите"}},
	{"facet kind and country", directory.Query{Kind: "cluster", Country: "RS"}, []string{"Кућа кластера", "Leskovac Textile Cluster", "Туристички кластер Бањац"}},
	{"city includes city municipalities", directory.Query{Municipality: "Niš", Country: "RS"}, []string{"Кућа кластера", "Niš Design Studio", "Туристички кластер Бањац"}},
	{"sector", directory.Query{Sector: "textiles"}, []string{"Leskovac Textile Cluster"}},
	{"size", directory.Query{Size: "micro"}, []string{"Ђорђевић д.о.о."}},
	{"punctuation only", directory.Query{Q: "!!!"}, []string{}},
	{"no match", directory.Query{Q: "zzzz"}, []string{}},
}

func TestCrossScriptSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		ctx := context.Background()
		for _, in := range searchFixture {
			if _, err := s.Create(ctx, audit.System, in); err != nil {
				t.Fatalf("create %s: %v", in.Name, err)
			}
		}
		for _, tt := range searchCases {
			r, err := s.Search(ctx, tt.q)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if got := names(r); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
			}
			if r.Total != len(tt.want) {
				t.Errorf("%s: total %d, want %d", tt.name, r.Total, len(tt.want))
			}
		}
	})
}

func TestWordHelpers(t *testing.T) {
	tests := []struct {
		s, w         string
		prefix, word bool
	}{
		{"kuca klastera nis", "nis", true, true},
		{"kuca klastera nisava", "nis", true, false},
		{"kuca klastera", "klas", true, false},
		{"kuca klastera", "lastera", false, false},
		{"nis", "nis", true, true},
		{"anis nisa", "nis", true, false},
		{"", "nis", false, false},
	}
	for _, tt := range tests {
		if got := directory.HasWordPrefix(tt.s, tt.w); got != tt.prefix {
			t.Errorf("hasWordPrefix(%q, %q) = %v, want %v", tt.s, tt.w, got, tt.prefix)
		}
		if got := directory.HasWord(tt.s, tt.w); got != tt.word {
			t.Errorf("hasWord(%q, %q) = %v, want %v", tt.s, tt.w, got, tt.word)
		}
	}
}
