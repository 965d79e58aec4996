package directory_test

import (
	"context"
	"reflect"
	"testing"

	"clusterbridge/internal/db/dbtest"
	"clusterbridge/internal/directory"
)

// parityQueries exercise text in both scripts, prefixes, facets and every sort order.
var parityQueries = []directory.Query{
	{Q: "текстил"}, {Q: "tekstil"}, {Q: "Нишава"}, {Q: "nisava"}, {Q: "Витоша"}, {Q: "vitosa"}, {Q: "Vitosha"},
	{Q: "agro", Country: "BG"}, {Q: "кластер"}, {Q: "klaster", Sort: "name"}, {Q: "sofia"}, {Q: "София"},
	{Q: "doo"}, {Q: "еоод", Page: 2}, {Q: "мед"}, {Q: "djerdap"}, {Q: "Ђердап"}, {Q: "dunav"},
	{Country: "RS", Kind: "company", Size: "micro"}, {Sector: "tourism", Sort: "newest"}, {District: "BG-vidin"},
	{Municipality: "Niš", Country: "RS"}, {Kind: "cluster", PerPage: 50}, {Q: "solar", Sector: "energy"}, {},
}

// TestEnginesAgree runs the same searches over the same synthetic directory on SQLite and
// PostgreSQL and requires identical pages, totals and facet counts.
func TestEnginesAgree(t *testing.T) {
	pg := dbtest.Postgres(t)
	lite := dbtest.SQLite(t)
	ctx := context.Background()
	results := [2][]directory.Result{}
	for e, d := range []*directory.Service{newService(t, lite), newService(t, pg)} {
		if err := d.Generate(ctx, 7, 3000); err != nil {
			t.Fatal(err)
		}
		for _, q := range parityQueries {
			r, err := d.Search(ctx, q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			results[e] = append(results[e], r)
		}
	}
	for i, q := range parityQueries {
		a, b := results[0][i], results[1][i]
		if got, want := names(b), names(a); !reflect.DeepEqual(got, want) || a.Total != b.Total {
			t.Errorf("%+v: postgres %d %q, sqlite %d %q", q, b.Total, got, a.Total, want)
		}
		if !reflect.DeepEqual(a.Facets, b.Facets) {
			t.Errorf("%+v: facets differ:\nsqlite   %v\npostgres %v", q, a.Facets, b.Facets)
		}
		if q.Q != "" && q.Q != "doo" && a.Total == 0 {
			t.Errorf("%+v: no results; the query does not exercise anything", q)
		}
	}
}
