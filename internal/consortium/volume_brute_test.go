package consortium

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

// bruteVolume ranks every member set by trying every integer allocation, using
// only the definitions in the package documentation. It shares no code with
// the engine beyond the distance formula and the date type.
type bruteSol struct {
	size   int
	score  int64
	relSum int64
	ids    []string
}

func bruteKey(a, b bruteSol) int {
	return cmp.Or(cmp.Compare(a.size, b.size), cmp.Compare(a.score, b.score), cmp.Compare(b.relSum, a.relSum), slices.Compare(a.ids, b.ids))
}

func bruteVolume(t *testing.T, o VolumeOrder, ps []Producer, w Weights, k int) []bruteSol {
	t.Helper()
	ds := o.Deliveries
	if len(ds) == 0 {
		ds = []Delivery{{Date: o.DueDate, Quantity: o.Quantity}}
	}
	var total int64
	for _, d := range ds {
		total += d.Quantity
	}
	maxM := o.MaxMembers
	if maxM == 0 {
		maxM = 8
	}
	cs := bruteProducers(o, ds, total, ps, w)
	var out []bruteSol
	n := len(cs)
	for set := 1; set < 1<<n; set++ {
		var mem []int
		for i := 0; i < n; i++ {
			if set&(1<<i) != 0 {
				mem = append(mem, i)
			}
		}
		if len(mem) > maxM {
			continue
		}
		usable := true
		for _, i := range mem {
			usable = usable && cs[i].ok
		}
		for _, c := range o.EachCountry {
			found := false
			for _, i := range mem {
				found = found || cs[i].p.Country == c
			}
			usable = usable && found
		}
		if !usable {
			continue
		}
		alloc := make([][]int64, len(mem))
		for a := range alloc {
			alloc[a] = make([]int64, len(ds))
		}
		best := int64(-1)
		var rec func(j, a int, left int64)
		rec = func(j, a int, left int64) {
			if j == len(ds) {
				var score int64
				for a, i := range mem {
					var sum int64
					for jj := range ds {
						sum += alloc[a][jj]
						if sum > cs[i].avail[jj] {
							return
						}
					}
					if sum < cs[i].lo || sum > cs[i].hi {
						return
					}
					score += sum * cs[i].eff
				}
				if best < 0 || score < best {
					best = score
				}
				return
			}
			if a == len(mem)-1 {
				alloc[a][j] = left
				next := int64(0)
				if j+1 < len(ds) {
					next = ds[j+1].Quantity
				}
				rec(j+1, 0, next)
				return
			}
			for v := int64(0); v <= left; v++ {
				alloc[a][j] = v
				rec(j, a+1, left-v)
			}
		}
		rec(0, 0, ds[0].Quantity)
		if best < 0 {
			continue
		}
		s := bruteSol{size: len(mem), score: best}
		for _, i := range mem {
			s.relSum += cs[i].rel
			s.ids = append(s.ids, cs[i].p.ID)
		}
		slices.Sort(s.ids)
		out = append(out, s)
	}
	slices.SortFunc(out, bruteKey)
	if len(out) > k {
		out = out[:k]
	}
	return out
}

type bruteProd struct {
	p      Producer
	avail  []int64
	lo, hi int64
	eff    int64
	rel    int64
	ok     bool
}

// bruteProducers computes each producer's limits straight from the
// definitions: units at the buyer by each date, order limits, share cap,
// weighted unit cost.
func bruteProducers(o VolumeOrder, ds []Delivery, total int64, ps []Producer, w Weights) []bruteProd {
	var cs []bruteProd
	for _, p := range ps {
		x := bruteProd{p: p, ok: slices.Contains(p.Products, o.Product)}
		for _, c := range o.Certifications {
			if !slices.Contains(p.Certifications, c) {
				x.ok = false
			}
		}
		dist := haversineKm(o.Lat, o.Lon, p.Lat, p.Lon)
		per := map[Period]int64{"": 7, PerWeek: 7, PerDay: 1, PerMonth: 30}[p.CapacityPeriod]
		begin := int64(o.Asof)
		if int64(p.FreeFrom) > begin {
			begin = int64(p.FreeFrom)
		}
		begin += int64(p.LeadTimeDays)
		kmpd := o.TransportKmPerDay
		if kmpd == 0 {
			kmpd = 400
		}
		for _, d := range ds {
			days := int64(d.Date) - int64(math.Ceil(dist/kmpd)) - begin
			if days < 0 {
				days = 0
			}
			x.avail = append(x.avail, p.Capacity*days/per)
		}
		x.lo = max(1, p.MinOrder)
		x.hi = math.MaxInt64
		if p.MaxOrder > 0 {
			x.hi = p.MaxOrder
		}
		if o.MaxShare > 0 {
			x.hi = min(x.hi, int64(math.Floor(o.MaxShare*float64(total)+1e-9)))
		}
		x.eff = int64(math.Round(10000 * (w.Cost*(p.UnitPrice+o.TransportCostPerUnitKm*dist) + w.Reliability*(1-p.Reliability))))
		x.rel = int64(math.Round(p.Reliability * 1e6))
		cs = append(cs, x)
	}
	return cs
}

// randomVolume draws a small instance whose answer swings between easy,
// tight and impossible, so every constraint gets to bind.
func randomVolume(r *rand.Rand) (VolumeOrder, []Producer, Options) {
	asof := Date(20454) // 2026-01-01
	o := VolumeOrder{Product: "knit", Asof: asof, Lat: 43.32, Lon: 21.9, MaxMembers: 1 + r.IntN(3)}
	if r.IntN(2) == 0 {
		o.DueDate = asof + Date(5+r.IntN(15))
		o.Quantity = int64(1 + r.IntN(8))
	} else {
		d1 := asof + Date(3+r.IntN(10))
		o.Deliveries = []Delivery{{Date: d1, Quantity: int64(1 + r.IntN(4))}, {Date: d1 + Date(1+r.IntN(10)), Quantity: int64(1 + r.IntN(4))}}
	}
	if r.IntN(4) == 0 {
		o.MaxShare = 0.6
	}
	if r.IntN(4) == 0 {
		o.EachCountry = []string{"BG", "RS"}[:1+r.IntN(2)]
		o.MaxMembers = max(o.MaxMembers, len(o.EachCountry))
	}
	if r.IntN(3) == 0 {
		o.Certifications = []string{"OEKO-TEX"}
	}
	if r.IntN(2) == 0 {
		o.TransportCostPerUnitKm = 0.01
	}
	n := 1 + r.IntN(6)
	var ps []Producer
	for i := 0; i < n; i++ {
		if i > 0 && r.IntN(6) == 0 {
			d := ps[r.IntN(len(ps))]
			d.ID = fmt.Sprintf("p%d", i)
			ps = append(ps, d)
			continue
		}
		p := Producer{
			ID: fmt.Sprintf("p%d", i), Country: []string{"BG", "RS"}[r.IntN(2)],
			Lat: 42 + r.Float64()*2, Lon: 21 + r.Float64()*3,
			Products: []string{"knit"}, Capacity: int64(r.IntN(4)), CapacityPeriod: PerDay,
			LeadTimeDays: r.IntN(4), Reliability: float64(r.IntN(5)) / 4,
			UnitPrice: float64(r.IntN(4)),
		}
		if r.IntN(3) == 0 {
			p.CapacityPeriod, p.Capacity = PerWeek, int64(r.IntN(15))
		}
		if r.IntN(5) == 0 {
			p.Products = []string{"woven"}
		}
		if r.IntN(2) == 0 {
			p.Certifications = []string{"OEKO-TEX"}
		}
		if r.IntN(3) == 0 {
			p.FreeFrom = asof + Date(r.IntN(8))
		}
		if r.IntN(3) == 0 {
			p.MinOrder = int64(r.IntN(4))
		}
		if r.IntN(3) == 0 {
			p.MaxOrder = int64(1 + r.IntN(5))
			p.MinOrder = min(p.MinOrder, p.MaxOrder)
		}
		ps = append(ps, p)
	}
	opts := Options{K: 1 + r.IntN(6)}
	if r.IntN(3) == 0 {
		opts.Weights = &Weights{Cost: float64(r.IntN(3)), Reliability: float64(r.IntN(3))}
	}
	return o, ps, opts
}

func TestVolumeMatchesExhaustiveSearch(t *testing.T) {
	runs := 3000
	if os.Getenv("CLUSTERBRIDGE_LONG") == "1" {
		runs = 60000
	}
	r := rand.New(rand.NewPCG(7, 11))
	feasible := 0
	for run := 0; run < runs; run++ {
		o, ps, opts := randomVolume(r)
		k, w, _ := opts.resolved()
		want := bruteVolume(t, o, ps, w, k)
		res, err := Volume(context.Background(), o, ps, opts)
		if err != nil {
			t.Fatalf("run %d: Volume: %v", run, err)
		}
		var got []bruteSol
		for _, c := range res.Consortia {
			s := bruteSol{size: len(c.Members), score: c.Score}
			for _, m := range c.Members {
				s.ids = append(s.ids, m.ID)
				s.relSum += int64(math.Round(m.Reliability * 1e6))
			}
			slices.Sort(s.ids)
			got = append(got, s)
			checkAllocation(t, run, o, res.Deliveries, ps, c)
		}
		if len(want) > 0 {
			feasible++
		}
		if !slices.EqualFunc(got, want, func(a, b bruteSol) bool { return bruteKey(a, b) == 0 }) {
			t.Fatalf("run %d: order %+v\nproducers %+v\ngot  %v\nwant %v", run, o, ps, got, want)
		}
		if len(want) == 0 && len(res.Reasons) == 0 {
			t.Fatalf("run %d: no consortium and no reason given", run)
		}
	}
	// Guard against a generator that only ever produces one kind of answer.
	if feasible < runs/5 || feasible > runs*9/10 {
		t.Errorf("feasible instances %d of %d; the generator has drifted", feasible, runs)
	}
}

// checkAllocation verifies what the engine reports, independently of how it found it.
func checkAllocation(t *testing.T, run int, o VolumeOrder, ds []Delivery, ps []Producer, c VolumeConsortium) {
	t.Helper()
	byID := map[string]Producer{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	for j, d := range ds {
		var sum int64
		for _, m := range c.Members {
			sum += m.PerDelivery[j]
		}
		if sum != d.Quantity {
			t.Fatalf("run %d: delivery %d gets %d units, want %d", run, j, sum, d.Quantity)
		}
	}
	for _, m := range c.Members {
		p := byID[m.ID]
		var sum int64
		for _, v := range m.PerDelivery {
			if v < 0 {
				t.Fatalf("run %d: %s has negative allocation %v", run, m.ID, m.PerDelivery)
			}
			sum += v
		}
		if sum != m.Units || sum < max(1, p.MinOrder) || (p.MaxOrder > 0 && sum > p.MaxOrder) {
			t.Fatalf("run %d: %s makes %d (%v), limits %d..%d", run, m.ID, m.Units, m.PerDelivery, p.MinOrder, p.MaxOrder)
		}
		for _, c := range o.Certifications {
			if !slices.Contains(p.Certifications, c) {
				t.Fatalf("run %d: %s lacks %s", run, m.ID, c)
			}
		}
		if !strings.Contains(strings.Join(p.Products, ","), o.Product) {
			t.Fatalf("run %d: %s does not make %s", run, m.ID, o.Product)
		}
	}
}
