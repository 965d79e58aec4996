package consortium

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

// bruteBest is the exhaustive answer for one schedule: the best consortium,
// or nil when none exists.
func bruteBest(t *testing.T, o VolumeOrder, ds []Delivery, ps []Producer, w Weights) *bruteSol {
	t.Helper()
	o.Deliveries, o.Quantity, o.DueDate = ds, 0, 0
	got := bruteVolume(t, o, ps, w, 1)
	if len(got) == 0 {
		return nil
	}
	return &got[0]
}

func sameAsBrute(c VolumeConsortium, want *bruteSol) bool {
	if want == nil || c.Score != want.score || len(c.Members) != want.size {
		return false
	}
	var ids []string
	for _, m := range c.Members {
		ids = append(ids, m.ID)
	}
	slices.Sort(ids)
	return slices.Equal(ids, want.ids)
}

// TestVolumeAlternativesMatchExhaustiveSearch checks both alternatives of
// every infeasible random instance against enumeration: the later date is
// the first feasible shift, and a proven partial quantity is feasible while
// every larger one below the order is not; each comes with the best
// consortium for its schedule.
func TestVolumeAlternativesMatchExhaustiveSearch(t *testing.T) {
	runs := 3000
	if os.Getenv("CLUSTERBRIDGE_LONG") == "1" {
		runs = 40000
	}
	r := rand.New(rand.NewPCG(19, 23))
	var infeasible, later, partial, proven int
	for run := 0; run < runs; run++ {
		o, ps, opts := randomVolume(r)
		_, w, _ := opts.resolved()
		res, err := Volume(context.Background(), o, ps, opts)
		if err != nil {
			t.Fatalf("run %d: Volume: %v", run, err)
		}
		if len(res.Consortia) > 0 {
			continue
		}
		infeasible++
		ds := res.Deliveries
		var total int64
		for _, d := range ds {
			total += d.Quantity
		}
		if a := res.LaterDate; a != nil {
			later++
			if a.ShiftDays < 1 || bruteBest(t, o, shifted(ds, a.ShiftDays-1), ps, w) != nil {
				t.Fatalf("run %d: order %+v\nproducers %+v\na shift of %d days is not the first that works", run, o, ps, a.ShiftDays)
			}
			if want := bruteBest(t, o, a.Deliveries, ps, w); !sameAsBrute(a.Consortium, want) {
				t.Fatalf("run %d: order %+v\nproducers %+v\nlater-date consortium %+v, want %+v", run, o, ps, a.Consortium, want)
			}
		} else if bruteBest(t, o, shifted(ds, maxShiftDays), ps, w) != nil {
			t.Fatalf("run %d: order %+v\nproducers %+v\nno later date offered, but a shift of %d days works", run, o, ps, maxShiftDays)
		}
		largest := int64(0)
		for q := total - 1; q > 0 && largest == 0; q-- {
			if bruteBest(t, o, scaled(ds, total, q), ps, w) != nil {
				largest = q
			}
		}
		a := res.Partial
		if a == nil {
			if largest != 0 {
				t.Fatalf("run %d: order %+v\nproducers %+v\nno partial offered, but %d units can be made", run, o, ps, largest)
			}
			continue
		}
		partial++
		if a.Proven {
			proven++
			if a.Quantity != largest {
				t.Fatalf("run %d: order %+v\nproducers %+v\nproven partial %d units, want %d", run, o, ps, a.Quantity, largest)
			}
		}
		if want := bruteBest(t, o, a.Deliveries, ps, w); !sameAsBrute(a.Consortium, want) {
			t.Fatalf("run %d: order %+v\nproducers %+v\npartial consortium %+v, want %+v", run, o, ps, a.Consortium, want)
		}
	}
	// Guard against a generator that stops exercising the alternatives.
	if later < infeasible/10 || partial < infeasible/10 || proven < partial*9/10 {
		t.Errorf("of %d infeasible instances: %d later dates, %d partial covers, %d proven; the generator has drifted", infeasible, later, partial, proven)
	}
	t.Logf("of %d infeasible instances: %d later dates, %d partial covers, %d proven", infeasible, later, partial, proven)
}

// TestPartialFallsBackWhenProofRunsOut starves the proof so the bisection
// fallback runs: its quantity must still be feasible, and not claimed proven.
func TestPartialFallsBackWhenProofRunsOut(t *testing.T) {
	defer func(w int) { partialWork = w }(partialWork)
	partialWork = 1
	o := order(20001, 50)
	ps := []Producer{local("a", 240), local("b", 160)}
	res, err := Volume(context.Background(), o, ps, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Partial
	if a == nil || a.Proven {
		t.Fatalf("partial = %+v, want an unproven suggestion", a)
	}
	if a.Quantity != 20000 {
		t.Errorf("partial quantity = %d, want 20000", a.Quantity)
	}
	var got int64
	for _, m := range a.Consortium.Members {
		got += m.Units
	}
	if got != a.Quantity {
		t.Errorf("members make %d units, want %d", got, a.Quantity)
	}
}

// TestPartialIsLargestAtScale checks the proof of the partial cover where its
// range pruning does real work: quantities in the hundreds, minimum orders,
// share caps and country rules. Every quantity above a proven answer is
// refuted by the plain search (itself checked against enumeration above).
func TestPartialIsLargestAtScale(t *testing.T) {
	runs := 500
	if os.Getenv("CLUSTERBRIDGE_LONG") == "1" {
		runs = 5000
	}
	r := rand.New(rand.NewPCG(29, 31))
	ctx := context.Background()
	var checked, proven, unproven int
	for run := 0; run < runs; run++ {
		asof := Date(20454)
		o := VolumeOrder{Product: "knit", Asof: asof, Lat: 43.32, Lon: 21.9, MaxMembers: 1 + r.IntN(4)}
		d1 := asof + Date(10+r.IntN(20))
		o.Deliveries = []Delivery{{Date: d1, Quantity: int64(20 + r.IntN(200))}, {Date: d1 + Date(5+r.IntN(25)), Quantity: int64(20 + r.IntN(200))}}
		if r.IntN(3) == 0 {
			o.MaxShare = 0.3 + 0.1*float64(r.IntN(5))
		}
		if r.IntN(3) == 0 {
			o.EachCountry = []string{"BG", "RS"}[:1+r.IntN(2)]
			o.MaxMembers = max(o.MaxMembers, len(o.EachCountry))
		}
		var ps []Producer
		for i := range 3 + r.IntN(8) {
			p := Producer{
				ID: fmt.Sprintf("p%d", i), Country: []string{"BG", "RS", "MK"}[r.IntN(3)],
				Lat: 42 + r.Float64()*2, Lon: 21 + r.Float64()*3, Products: []string{"knit"},
				Capacity: int64(1 + r.IntN(12)), CapacityPeriod: PerDay, LeadTimeDays: r.IntN(10),
				UnitPrice: float64(1 + r.IntN(9)), Reliability: 0.5,
			}
			if r.IntN(2) == 0 {
				p.MinOrder = int64(r.IntN(150))
			}
			if r.IntN(3) == 0 {
				p.MaxOrder = max(p.MinOrder, int64(10+r.IntN(150)))
			}
			ps = append(ps, p)
		}
		res, err := Volume(ctx, o, ps, Options{K: 1})
		if err != nil {
			t.Fatalf("run %d: Volume: %v", run, err)
		}
		if len(res.Consortia) > 0 {
			continue
		}
		ds, maxM, err := o.normalise()
		if err != nil {
			t.Fatal(err)
		}
		base, err := newVolBase(o, ps, DefaultWeights())
		if err != nil {
			t.Fatal(err)
		}
		exists := func(sd []Delivery) bool {
			t.Helper()
			sols, err := searchVolume(ctx, base.forSchedule(sd), sd, maxM, 1)
			if err != nil {
				t.Fatal(err)
			}
			return len(sols) > 0
		}
		var total int64
		for _, d := range ds {
			total += d.Quantity
		}
		if a := res.LaterDate; a != nil && (exists(shifted(ds, a.ShiftDays-1)) || !exists(a.Deliveries)) {
			t.Fatalf("run %d: order %+v\nproducers %+v\na shift of %d days is not the first that works", run, o, ps, a.ShiftDays)
		}
		a := res.Partial
		if a != nil && !a.Proven {
			unproven++
			continue
		}
		if a == nil {
			// No partial cover is offered both when none exists and when the
			// proof ran out of budget and bisection found nothing: tell them apart.
			mf := newMaxFeasible(ctx, base, ds, maxM)
			if _, err := mf.largest(1, total-1); err != nil {
				t.Fatal(err)
			}
			if mf.exhausted {
				unproven++
				continue
			}
		}
		checked++
		from := int64(1)
		if a != nil {
			proven++
			if !exists(a.Deliveries) {
				t.Fatalf("run %d: order %+v\nproducers %+v\n%d units offered but not feasible", run, o, ps, a.Quantity)
			}
			from = a.Quantity + 1
		}
		for q := from; q < total; q++ {
			if exists(scaled(ds, total, q)) {
				t.Fatalf("run %d: order %+v\nproducers %+v\npartial %+v claimed the most, but %d units can be made", run, o, ps, a, q)
			}
		}
	}
	if checked < runs/10 || proven < checked/4 || unproven > checked/10 {
		t.Errorf("checked %d infeasible instances, %d with a proven partial cover, %d unproven; the generator has drifted", checked, proven, unproven)
	}
	t.Logf("checked %d infeasible instances, %d with a proven partial cover, %d unproven", checked, proven, unproven)
}
