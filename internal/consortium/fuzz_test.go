package consortium

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func addSeeds(f *testing.F, pattern string, extra ...string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// acceptable says whether an engine error is one of the documented kinds:
// bad input naming a field, or the fuzz deadline cutting a long search.
func acceptable(err error) bool {
	var fe *FieldError
	return err == nil || (errors.As(err, &fe) && fe.Field != "") || errors.Is(err, context.DeadlineExceeded)
}

func FuzzVolumeInstance(f *testing.F) {
	addSeeds(f, "volume_*.json",
		`{"order":{"product":"k","quantity":-1,"due_date":"2026-02-01","asof":"2026-01-01","lat":"NaN"},"producers":[]}`,
		`{"order":{"product":"k","quantity":5,"due_date":"2025-02-01","asof":"2026-01-01"},"producers":[{"id":"a","products":["k"],"capacity":9}]}`,
		`{"order":{"product":"k","deliveries":[{"date":"2026-02-01","quantity":3},{"date":"2026-03-01","quantity":4}],"asof":"2026-01-01","max_share":0.5,"each_country":["BG"]},"producers":[{"id":"a","country":"BG","products":["k"],"capacity":9,"min_order":2},{"id":"b","products":["k"],"capacity":1,"capacity_period":"day"}]}`)
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := DecodeVolumeInstance(bytes.NewReader(data))
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		res, err := Volume(ctx, in.Order, in.Producers, in.Options)
		if !acceptable(err) {
			t.Fatalf("Volume error %v (%T) is neither a FieldError nor a deadline", err, err)
		}
		if err != nil {
			return
		}
		for _, c := range res.Consortia {
			for j, d := range res.Deliveries {
				var sum int64
				for _, m := range c.Members {
					sum += m.PerDelivery[j]
				}
				if sum != d.Quantity {
					t.Fatalf("consortium %d delivers %d at %s, want %d", c.Rank, sum, d.Date, d.Quantity)
				}
			}
		}
		if len(res.Consortia) == 0 && len(res.Reasons) == 0 {
			t.Fatal("no consortium and no reason")
		}
	})
}

func FuzzTenderInstance(f *testing.F) {
	addSeeds(f, "tender_*.json",
		`{"tender":{"requirements":[]},"firms":[]}`,
		`{"tender":{"requirements":[{"competence":"a","min_references":1}],"lat":1e999},"firms":[]}`,
		`{"tender":{"requirements":[{"competence":"a"},{"competence":"b"}],"min_turnover":5,"lead":{"min_turnover":2},"each_country":["RS"]},"firms":[{"id":"x","country":"RS","turnover":3,"competences":[{"code":"a","references":2}]},{"id":"y","turnover":4,"competences":[{"code":"b"}]}]}`)
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := DecodeTenderInstance(bytes.NewReader(data))
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		res, err := Tender(ctx, in.Tender, in.Firms, in.Options)
		if !acceptable(err) {
			t.Fatalf("Tender error %v (%T) is neither a FieldError nor a deadline", err, err)
		}
		if err != nil {
			return
		}
		for _, c := range res.Consortia {
			if c.Lead == "" || len(c.Assignments) != len(in.Tender.Requirements) {
				t.Fatalf("consortium %d: lead %q, %d assignments for %d requirements", c.Rank, c.Lead, len(c.Assignments), len(in.Tender.Requirements))
			}
		}
		if len(res.Consortia) == 0 && len(res.Reasons) == 0 {
			t.Fatal("no consortium and no reason")
		}
	})
}
