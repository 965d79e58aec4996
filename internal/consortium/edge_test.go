package consortium

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

const jan1 = Date(20454) // 2026-01-01

// local is a producer at the buyer's door making perDay units from jan1.
func local(id string, perDay int64) Producer {
	return Producer{ID: id, Country: "RS", Lat: 43.32, Lon: 21.9, Products: []string{"knit"}, Capacity: perDay, CapacityPeriod: PerDay, UnitPrice: 10, Reliability: 0.8}
}

func order(q int64, days int) VolumeOrder {
	return VolumeOrder{Product: "knit", Quantity: q, DueDate: jan1 + Date(days), Asof: jan1, Lat: 43.32, Lon: 21.9}
}

func memberIDs(cs []VolumeConsortium) [][]string {
	var out [][]string
	for _, c := range cs {
		var ids []string
		for _, m := range c.Members {
			ids = append(ids, m.ID)
		}
		slices.Sort(ids)
		out = append(out, ids)
	}
	return out
}

func reasonTexts(rs []Reason) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.String())
	}
	return out
}

func TestVolumeEdgeCases(t *testing.T) {
	eight := make([]Producer, 8)
	for i := range eight {
		eight[i] = local(fmt.Sprintf("m%d", i), 100)
	}
	twin := local("x2", 1000)
	twinA := twin
	twinA.ID = "x1"
	withMax := func(p Producer, lo, hi int64) Producer { p.MinOrder, p.MaxOrder = lo, hi; return p }
	inCountry := func(p Producer, c string, price float64) Producer { p.Country, p.UnitPrice = c, price; return p }
	tests := []struct {
		name      string
		order     VolumeOrder
		producers []Producer
		opts      Options
		wantIDs   [][]string
		reasons   []string
	}{
		{
			name:  "exact fit",
			order: order(20000, 50), producers: []Producer{local("a", 240), local("b", 160)},
			wantIDs: [][]string{{"a", "b"}},
		},
		{
			name:  "one unit short",
			order: order(20001, 50), producers: []Producer{local("a", 240), local("b", 160)},
			reasons: []string{"only 20000 of 20001 units can be made by 2026-02-20; the earliest date all 20001 can be made is 2026-02-21"},
		},
		{
			name:  "short by date, with the earliest date",
			order: order(20000, 59), producers: []Producer{local("a", 100), local("b", 140)},
			reasons: []string{"only 14160 of 20000 units can be made by 2026-03-01; the earliest date all 20000 can be made is 2026-03-26"},
		},
		{
			name: "no certification holder",
			order: func() VolumeOrder {
				o := order(100, 30)
				o.Certifications = []string{"OEKO-TEX"}
				return o
			}(),
			producers: []Producer{local("a", 100)},
			reasons:   []string{"no candidate holds OEKO-TEX"},
		},
		{
			name:      "nobody makes the product",
			order:     func() VolumeOrder { o := order(100, 30); o.Product = "denim"; return o }(),
			producers: []Producer{local("a", 100)},
			reasons:   []string{"no candidate makes denim"},
		},
		{
			name:  "ties broken by ID",
			order: order(1000, 10), producers: []Producer{twin, twinA}, opts: Options{K: 3},
			wantIDs: [][]string{{"x1"}, {"x2"}, {"x1", "x2"}},
		},
		{
			name:  "fits only with the maximum member count",
			order: order(8000, 10), producers: eight,
			wantIDs: [][]string{{"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7"}},
		},
		{
			name:      "one member too few allowed",
			order:     func() VolumeOrder { o := order(8000, 10); o.MaxMembers = 7; return o }(),
			producers: eight,
			reasons: []string{
				"only 7000 of 8000 units can be made by 2026-01-11; the earliest date all 8000 can be made is 2026-01-13",
				"at most 7 members are allowed, but at least 8 are needed",
			},
		},
		{
			name:  "huge quantity",
			order: order(MaxQuantity, 1), producers: []Producer{local("big", MaxQuantity)},
			wantIDs: [][]string{{"big"}},
		},
		{
			name:      "no member above the share cap",
			order:     func() VolumeOrder { o := order(1000, 10); o.MaxShare = 0.6; return o }(),
			producers: []Producer{local("a", 1000), inCountry(local("b", 1000), "RS", 11)},
			wantIDs:   [][]string{{"a", "b"}},
		},
		{
			name:      "each country rule pulls in a dearer member",
			order:     func() VolumeOrder { o := order(1000, 10); o.EachCountry = []string{"BG", "RS"}; return o }(),
			producers: []Producer{local("rs1", 1000), local("rs2", 1000), inCountry(local("bg1", 10), "BG", 30)},
			wantIDs:   [][]string{{"bg1", "rs1"}, {"bg1", "rs2"}, {"bg1", "rs1", "rs2"}},
		},
		{
			name:      "minimum orders that cannot be reconciled",
			order:     order(100, 10),
			producers: []Producer{withMax(local("a", 1000), 60, 60), withMax(local("b", 1000), 60, 60)},
			reasons:   []string{"each condition can be met on its own, but no combination of candidates meets them all together"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Volume(context.Background(), tc.order, tc.producers, tc.opts)
			if err != nil {
				t.Fatalf("Volume: %v", err)
			}
			if got := memberIDs(res.Consortia); !slices.EqualFunc(got, tc.wantIDs, slices.Equal) {
				t.Errorf("consortia = %v, want %v", got, tc.wantIDs)
			}
			if got := reasonTexts(res.Reasons); !slices.Equal(got, tc.reasons) {
				t.Errorf("reasons = %q, want %q", got, tc.reasons)
			}
			for _, c := range res.Consortia {
				for _, m := range c.Members {
					if tc.order.MaxShare > 0 && float64(m.Units) > tc.order.MaxShare*float64(tc.order.Quantity) {
						t.Errorf("%s makes %d, above the %v share", m.ID, m.Units, tc.order.MaxShare)
					}
				}
			}
		})
	}
}

func TestVolumeAlternatives(t *testing.T) {
	res, err := Volume(context.Background(), order(20001, 50), []Producer{local("a", 240), local("b", 160)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.LaterDate == nil || res.LaterDate.ShiftDays != 1 {
		t.Fatalf("later date = %+v, want a shift of 1 day", res.LaterDate)
	}
	if res.Partial == nil || res.Partial.Quantity != 20000 {
		t.Fatalf("partial = %+v, want 20000 units", res.Partial)
	}
}

func TestVolumeBadInput(t *testing.T) {
	good := order(100, 10)
	p := local("a", 100)
	tests := []struct {
		name  string
		edit  func(*VolumeOrder, *Producer, *Options)
		field string
	}{
		{"negative quantity", func(o *VolumeOrder, _ *Producer, _ *Options) { o.Quantity = -5 }, "order.quantity"},
		{"zero quantity", func(o *VolumeOrder, _ *Producer, _ *Options) { o.Quantity = 0 }, "order.quantity"},
		{"quantity too large", func(o *VolumeOrder, _ *Producer, _ *Options) { o.Quantity = MaxQuantity + 1 }, "order.quantity"},
		{"due date in the past", func(o *VolumeOrder, _ *Producer, _ *Options) { o.DueDate = jan1 - 1 }, "order.due_date"},
		{"missing asof", func(o *VolumeOrder, _ *Producer, _ *Options) { o.Asof = 0 }, "order.asof"},
		{"deliveries out of order", func(o *VolumeOrder, _ *Producer, _ *Options) {
			o.Quantity = 0
			o.Deliveries = []Delivery{{jan1 + 9, 5}, {jan1 + 5, 5}}
		}, "order.deliveries[1].date"},
		{"NaN latitude", func(o *VolumeOrder, _ *Producer, _ *Options) { o.Lat = math.NaN() }, "order.lat"},
		{"empty product", func(o *VolumeOrder, _ *Producer, _ *Options) { o.Product = " " }, "order.product"},
		{"NaN producer longitude", func(_ *VolumeOrder, p *Producer, _ *Options) { p.Lon = math.NaN() }, "producers[0].lon"},
		{"negative capacity", func(_ *VolumeOrder, p *Producer, _ *Options) { p.Capacity = -1 }, "producers[0].capacity"},
		{"unknown period", func(_ *VolumeOrder, p *Producer, _ *Options) { p.CapacityPeriod = "fortnight" }, "producers[0].capacity_period"},
		{"reliability above one", func(_ *VolumeOrder, p *Producer, _ *Options) { p.Reliability = 1.5 }, "producers[0].reliability"},
		{"min above max", func(_ *VolumeOrder, p *Producer, _ *Options) { p.MinOrder, p.MaxOrder = 5, 4 }, "producers[0].min_order"},
		{"negative k", func(_ *VolumeOrder, _ *Producer, o *Options) { o.K = -1 }, "options.k"},
		{"NaN weight", func(_ *VolumeOrder, _ *Producer, o *Options) { o.Weights = &Weights{Cost: math.NaN()} }, "options.weights.cost"},
		{"share above one", func(o *VolumeOrder, _ *Producer, _ *Options) { o.MaxShare = 1.2 }, "order.max_share"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, q, opts := good, p, Options{}
			tc.edit(&o, &q, &opts)
			_, err := Volume(context.Background(), o, []Producer{q}, opts)
			var fe *FieldError
			if !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error = %v, want a *FieldError", err)
			}
			if fe.Field != tc.field {
				t.Errorf("field = %q, want %q (%v)", fe.Field, tc.field, err)
			}
		})
	}
	_, err := Volume(context.Background(), good, []Producer{p, p}, Options{})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "producers[1].id" {
		t.Errorf("repeated ID: error = %v, want field producers[1].id", err)
	}
}

func firm(id, country string, turnover, rel float64, comps ...Competence) Firm {
	return Firm{ID: id, Country: country, Lat: 42.7, Lon: 23.3, Turnover: turnover, Reliability: rel, Competences: comps}
}

func TestTenderEdgeCases(t *testing.T) {
	design := func(n int) Competence { return Competence{"design", n} }
	civil := func(n int) Competence { return Competence{"civil", n} }
	hvac := func(n int) Competence { return Competence{"hvac", n} }
	reqs := func(codes ...string) []Requirement {
		var out []Requirement
		for _, c := range codes {
			out = append(out, Requirement{Competence: c, MinReferences: 1})
		}
		return out
	}
	noWeights := &Weights{}
	tests := []struct {
		name     string
		spec     TenderSpec
		firms    []Firm
		opts     Options
		wantIDs  [][]string
		wantLead []string
		reasons  []string
	}{
		{
			name:    "fewest partners first, lead has the largest turnover",
			spec:    TenderSpec{Requirements: reqs("design", "civil", "hvac"), Lat: 42.7, Lon: 23.3},
			firms:   []Firm{firm("a", "BG", 5, 0.9, design(2), civil(2)), firm("b", "RS", 9, 0.5, hvac(1)), firm("c", "BG", 1, 1, design(1)), firm("d", "BG", 1, 1, civil(1))},
			opts:    Options{K: 2},
			wantIDs: [][]string{{"a", "b"}, {"a", "b", "c"}}, wantLead: []string{"b", "b"},
		},
		{
			name:    "two identical partners both needed for turnover",
			spec:    TenderSpec{Requirements: reqs("design"), MinTurnover: 10, MaxMembers: 2, Lat: 42.7, Lon: 23.3},
			firms:   []Firm{firm("a", "BG", 5, 0.9, design(1)), firm("b", "BG", 5, 0.8, design(1))},
			opts:    Options{K: 1},
			wantIDs: [][]string{{"a", "b"}}, wantLead: []string{"a"},
		},
		{
			name:    "ties broken by ID",
			spec:    TenderSpec{Requirements: reqs("design"), Lat: 42.7, Lon: 23.3},
			firms:   []Firm{firm("z", "BG", 1, 0.5, design(1)), firm("y", "BG", 1, 0.5, design(1))},
			opts:    Options{K: 2, Weights: noWeights},
			wantIDs: [][]string{{"y"}, {"z"}}, wantLead: []string{"y", "z"},
		},
		{
			name:    "uncovered requirement names the closest candidates",
			spec:    TenderSpec{Requirements: []Requirement{{"design", 1}, {"hvac", 3}}, Lat: 42.7, Lon: 23.3},
			firms:   []Firm{firm("a", "BG", 1, 1, design(1)), firm("f1", "BG", 1, 1, hvac(1)), firm("f2", "RS", 1, 1, hvac(2))},
			reasons: []string{"no candidate covers hvac with at least 3 references; closest: f2 (2), f1 (1)"},
		},
		{
			name:    "cover needs more partners than allowed",
			spec:    TenderSpec{Requirements: reqs("design", "civil", "hvac"), MaxMembers: 2, Lat: 42.7, Lon: 23.3},
			firms:   []Firm{firm("a", "BG", 1, 1, design(1)), firm("b", "BG", 1, 1, civil(1)), firm("c", "RS", 1, 1, hvac(1))},
			reasons: []string{"covering every requirement needs at least 3 partners, more than the 2 allowed"},
		},
		{
			name:    "no eligible lead",
			spec:    TenderSpec{Requirements: reqs("design"), Lead: LeadRule{MinTurnover: 100}, Lat: 42.7, Lon: 23.3},
			firms:   []Firm{firm("a", "BG", 1, 1, design(1))},
			reasons: []string{"no candidate meets the lead partner's thresholds"},
		},
		{
			name:    "turnover short",
			spec:    TenderSpec{Requirements: reqs("design"), MinTurnover: 100, MaxMembers: 2, Lat: 42.7, Lon: 23.3},
			firms:   []Firm{firm("a", "BG", 30, 1, design(1)), firm("b", "BG", 40, 1), firm("c", "BG", 20, 1)},
			reasons: []string{"the largest combined turnover of any 2 candidates is 70, below the required 100"},
		},
		{
			name:    "each country rule",
			spec:    TenderSpec{Requirements: reqs("design"), EachCountry: []string{"BG", "RS"}, Lat: 42.7, Lon: 23.3},
			firms:   []Firm{firm("a", "BG", 1, 1, design(1)), firm("b", "BG", 1, 1, design(1)), firm("r", "RS", 1, 0.1)},
			opts:    Options{K: 5},
			wantIDs: [][]string{{"a", "r"}, {"b", "r"}, {"a", "b", "r"}}, wantLead: []string{"a", "b", "a"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Tender(context.Background(), tc.spec, tc.firms, tc.opts)
			if err != nil {
				t.Fatalf("Tender: %v", err)
			}
			var ids [][]string
			var leads []string
			for _, c := range res.Consortia {
				var m []string
				for _, x := range c.Members {
					m = append(m, x.ID)
				}
				ids = append(ids, m)
				leads = append(leads, c.Lead)
			}
			if !slices.EqualFunc(ids, tc.wantIDs, slices.Equal) {
				t.Errorf("consortia = %v, want %v", ids, tc.wantIDs)
			}
			if !slices.Equal(leads, tc.wantLead) {
				t.Errorf("leads = %v, want %v", leads, tc.wantLead)
			}
			if got := reasonTexts(res.Reasons); !slices.Equal(got, tc.reasons) {
				t.Errorf("reasons = %q, want %q", got, tc.reasons)
			}
		})
	}
}

func TestTenderBadInput(t *testing.T) {
	good := TenderSpec{Requirements: []Requirement{{"design", 1}}, Lat: 42.7, Lon: 23.3}
	f := firm("a", "BG", 1, 1, Competence{"design", 1})
	tests := []struct {
		name  string
		edit  func(*TenderSpec, *Firm)
		field string
	}{
		{"empty requirement set", func(s *TenderSpec, _ *Firm) { s.Requirements = nil }, "tender.requirements"},
		{"blank competence", func(s *TenderSpec, _ *Firm) { s.Requirements[0].Competence = "" }, "tender.requirements[0].competence"},
		{"NaN tender latitude", func(s *TenderSpec, _ *Firm) { s.Lat = math.NaN() }, "tender.lat"},
		{"negative turnover rule", func(s *TenderSpec, _ *Firm) { s.MinTurnover = -1 }, "tender.min_turnover"},
		{"NaN firm turnover", func(_ *TenderSpec, f *Firm) { f.Turnover = math.NaN() }, "firms[0].turnover"},
		{"infinite firm longitude", func(_ *TenderSpec, f *Firm) { f.Lon = math.Inf(1) }, "firms[0].lon"},
		{"negative references", func(_ *TenderSpec, f *Firm) { f.Competences = []Competence{{"design", -2}} }, "firms[0].competences[0].references"},
		{"too many members", func(s *TenderSpec, _ *Firm) { s.MaxMembers = 40 }, "tender.max_members"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, x := good, f
			s.Requirements = slices.Clone(good.Requirements)
			tc.edit(&s, &x)
			_, err := Tender(context.Background(), s, []Firm{x}, Options{})
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error = %v, want a *FieldError", err)
			}
			if fe.Field != tc.field {
				t.Errorf("field = %q, want %q (%v)", fe.Field, tc.field, err)
			}
		})
	}
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	o, ps := benchVolume(3000, 1, 75_000)
	if _, err := Volume(ctx, o, ps, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Volume error = %v, want context.Canceled", err)
	}
	spec, fs := benchTender(3000, 1)
	if _, err := Tender(ctx, spec, fs, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Tender error = %v, want context.Canceled", err)
	}
}

func TestReasonStringsAreEnglish(t *testing.T) {
	for _, r := range []Reason{reason(NoEligibleLead), reason("made_up", "b", "2", "a", "1")} {
		if s := r.String(); s == "" || strings.Contains(s, "%!") {
			t.Errorf("%v renders as %q", r.Code, s)
		}
	}
	if got, want := reason("made_up", "b", "2", "a", "1").String(), "made_up a=1 b=2"; got != want {
		t.Errorf("unknown code renders as %q, want %q", got, want)
	}
}
