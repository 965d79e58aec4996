package consortium

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// Benchmark instance shapes, also documented in README.md.
//
// Volume: producers spread over the Niš–Sofia area, each making one or two of
// five products (about 40% make knitwear), 150–2,500 units a week, free within
// 0–30 days, lead time 0–14 days, half with a minimum order of 300–1,500, a
// third with a maximum of 3,000–12,000, price 8–20, 60% holding OEKO-TEX. The
// order: 40,000 (and, for the large shape, 160,000) knitted sweaters in four
// equal monthly deliveries, the
// first 45 days out, OEKO-TEX required, at most 8 members, no member above
// 60%, one member from each of BG and RS, transport 0.002 per unit and km.
func benchVolume(n int, seed uint64, perDelivery int64) (VolumeOrder, []Producer) {
	r := rand.New(rand.NewPCG(seed, 1))
	asof := Date(20454)
	products := []string{"knit", "woven", "denim", "workwear", "hosiery"}
	o := VolumeOrder{
		Product: "knit", Asof: asof, Lat: 43.32, Lon: 21.90, Country: "RS",
		Certifications: []string{"OEKO-TEX"}, MaxMembers: 8, MaxShare: 0.6,
		EachCountry: []string{"BG", "RS"}, TransportCostPerUnitKm: 0.002,
	}
	for j := 0; j < 4; j++ {
		o.Deliveries = append(o.Deliveries, Delivery{Date: asof + Date(45+30*j), Quantity: perDelivery})
	}
	ps := make([]Producer, n)
	for i := range ps {
		p := Producer{
			ID: fmt.Sprintf("P%05d", i), Country: []string{"BG", "RS"}[r.IntN(2)],
			Lat: 42.3 + r.Float64()*1.6, Lon: 21.3 + r.Float64()*2.3,
			Capacity: int64(150 + r.IntN(2350)), CapacityPeriod: PerWeek,
			FreeFrom: asof + Date(r.IntN(31)), LeadTimeDays: r.IntN(15),
			UnitPrice: math.Round((8+r.Float64()*12)*100) / 100, Reliability: math.Round((0.5+r.Float64()/2)*100) / 100,
		}
		p.Products = []string{products[r.IntN(3)]}
		if r.IntN(2) == 0 {
			p.Products = append(p.Products, products[r.IntN(5)])
		}
		if r.IntN(10) < 6 {
			p.Certifications = []string{"OEKO-TEX"}
		}
		if r.IntN(2) == 0 {
			p.MinOrder = int64(300 + r.IntN(1200))
		}
		if r.IntN(3) == 0 {
			p.MaxOrder = int64(3000 + r.IntN(9000))
		}
		ps[i] = p
	}
	return o, ps
}

// Tender: twelve competence codes; each firm holds one to three with 0–10
// references, turnover 0.1–20 million, reliability 0.5–1. The tender asks for
// six competences with 2–3 references each, combined turnover 30 million, a
// lead with 10 million turnover and 3 civil-works references, one partner
// from each of BG and RS, at most 8 partners.
func benchTender(n int, seed uint64) (TenderSpec, []Firm) {
	r := rand.New(rand.NewPCG(seed, 2))
	codes := []string{"design", "civil", "electrical", "hvac", "supervision", "plumbing", "roads", "landscaping", "it", "energy-audit", "demolition", "facade"}
	spec := TenderSpec{
		Title: "Regional business incubator, Pirot", Lat: 43.15, Lon: 22.59, MaxMembers: 8,
		MinTurnover: 30e6, EachCountry: []string{"BG", "RS"},
		Lead: LeadRule{MinTurnover: 10e6, Competences: []string{"civil"}, MinReferences: 3},
	}
	for i, c := range codes[:6] {
		spec.Requirements = append(spec.Requirements, Requirement{Competence: c, MinReferences: 2 + i%2})
	}
	fs := make([]Firm, n)
	for i := range fs {
		f := Firm{
			ID: fmt.Sprintf("F%05d", i), Country: []string{"BG", "RS"}[r.IntN(2)],
			Lat: 42.3 + r.Float64()*1.6, Lon: 21.3 + r.Float64()*2.3,
			Turnover:    math.Round(1e5 * math.Exp(r.Float64()*math.Log(200))),
			Reliability: math.Round((0.5+r.Float64()/2)*100) / 100,
		}
		for _, ci := range r.Perm(len(codes))[:1+r.IntN(3)] {
			f.Competences = append(f.Competences, Competence{Code: codes[ci], References: r.IntN(11)})
		}
		fs[i] = f
	}
	return spec, fs
}

func BenchmarkVolume(b *testing.B) {
	for _, tc := range []struct {
		n   int
		per int64
	}{{100, 10_000}, {1000, 10_000}, {10000, 10_000}, {1000, 40_000}, {10000, 40_000}, {10000, 75_000}} {
		o, ps := benchVolume(tc.n, 42, tc.per)
		b.Run(fmt.Sprintf("n=%d/q=%d", tc.n, 4*tc.per), func(b *testing.B) {
			b.ReportAllocs()
			var res VolumeResult
			for b.Loop() {
				var err error
				res, err = Volume(context.Background(), o, ps, Options{K: 5})
				if err != nil {
					b.Fatal(err)
				}
			}
			if len(res.Consortia) > 0 {
				b.ReportMetric(float64(len(res.Consortia[0].Members)), "members")
			}
			b.ReportMetric(float64(len(res.Consortia)), "consortia")
		})
	}
}

func BenchmarkTender(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		spec, fs := benchTender(n, 42)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var res TenderResult
			for b.Loop() {
				var err error
				res, err = Tender(context.Background(), spec, fs, Options{K: 5})
				if err != nil {
					b.Fatal(err)
				}
			}
			if len(res.Consortia) > 0 {
				b.ReportMetric(float64(len(res.Consortia[0].Members)), "members")
			}
			b.ReportMetric(float64(len(res.Consortia)), "consortia")
		})
	}
}

// The infeasible path: the large volume order (400,000 units) cannot be made
// by 8 members, so the engine explains why and works out the earliest later
// date and the proven largest partial quantity; the tender allows only 2
// partners for six competences.
func BenchmarkInfeasible(b *testing.B) {
	o, ps := benchVolume(10000, 42, 100_000)
	b.Run("volume/n=10000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res, err := Volume(context.Background(), o, ps, Options{K: 5})
			if err != nil || len(res.Consortia) > 0 || res.LaterDate == nil || res.Partial == nil || !res.Partial.Proven {
				b.Fatalf("err %v, %d consortia, later %v, partial %v", err, len(res.Consortia), res.LaterDate, res.Partial)
			}
		}
	})
	spec, fs := benchTender(10000, 42)
	spec.MaxMembers = 2
	b.Run("tender/n=10000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res, err := Tender(context.Background(), spec, fs, Options{K: 5})
			if err != nil || len(res.Consortia) > 0 || len(res.Reasons) == 0 {
				b.Fatalf("err %v, %d consortia, reasons %v", err, len(res.Consortia), res.Reasons)
			}
		}
	})
}
