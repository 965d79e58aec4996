package consortium

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Volume finds up to opts.K consortia of producers that together deliver the
// order, best first. Ranking: fewest members, then lowest score (weighted cost,
// see Weights), then higher mean reliability, then member IDs in order. The
// answers are optimal under that ranking. When nothing can deliver, Consortia
// is empty and Reasons says why, with a later-date and a partial alternative
// where one exists. Bad input returns a *FieldError.
func Volume(ctx context.Context, order VolumeOrder, producers []Producer, opts Options) (VolumeResult, error) {
	if err := ctx.Err(); err != nil {
		return VolumeResult{}, fmt.Errorf("consortium search: %w", err)
	}
	k, w, err := opts.resolved()
	if err != nil {
		return VolumeResult{}, err
	}
	ds, maxM, err := order.normalise()
	if err != nil {
		return VolumeResult{}, err
	}
	for i, c := range order.Certifications {
		if strings.TrimSpace(c) == "" {
			return VolumeResult{}, fieldErr(fmt.Sprintf("order.certifications[%d]", i), "must name a certification")
		}
	}
	base, err := newVolBase(order, producers, w)
	if err != nil {
		return VolumeResult{}, err
	}
	pr := base.forSchedule(ds)
	sols, err := searchVolume(ctx, pr, ds, maxM, k)
	if err != nil {
		return VolumeResult{}, err
	}
	res := VolumeResult{Deliveries: ds, Consortia: []VolumeConsortium{}}
	if len(pr.excluded) > 0 {
		res.Excluded = pr.excluded
	}
	for i, s := range sols {
		res.Consortia = append(res.Consortia, describeVolume(i+1, s, pr, producers))
	}
	if len(sols) > 0 {
		return res, nil
	}
	if res.LaterDate, err = laterDate(ctx, base, ds, producers, maxM); err != nil {
		return VolumeResult{}, err
	}
	if res.Partial, err = partialCover(ctx, base, ds, producers, maxM); err != nil {
		return VolumeResult{}, err
	}
	res.Reasons = diagnoseVolume(order, ds, pr, maxM, res.LaterDate)
	return res, nil
}

func describeVolume(rank int, s *volSol, pr *volPrep, ps []Producer) VolumeConsortium {
	vc := VolumeConsortium{Rank: rank, Score: s.score}
	var rel float64
	for a, c := range s.members {
		x := pr.cands[c]
		p := ps[x.src]
		vc.Members = append(vc.Members, Allocation{
			ID: p.ID, Name: p.Name, Country: p.Country, Units: s.units[a], PerDelivery: s.per[a],
			UnitCost: round2(x.unitCost), DistanceKm: math.Round(x.dist*10) / 10, Reliability: p.Reliability,
		})
		vc.TotalCost += float64(s.units[a]) * x.unitCost
		rel += p.Reliability
	}
	vc.TotalCost = round2(vc.TotalCost)
	vc.MeanReliability = math.Round(rel/float64(len(s.members))*1000) / 1000
	slices.SortStableFunc(vc.Members, func(a, b Allocation) int {
		if a.Units != b.Units {
			if a.Units > b.Units {
				return -1
			}
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	return vc
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// solveOnce answers "is there any consortium for this schedule?" for the
// alternatives, returning the best one.
func solveOnce(ctx context.Context, base *volBase, ds []Delivery, ps []Producer, maxM int) (*VolumeConsortium, error) {
	pr := base.forSchedule(ds)
	sols, err := searchVolume(ctx, pr, ds, maxM, 1)
	if err != nil || len(sols) == 0 {
		return nil, err
	}
	vc := describeVolume(1, sols[0], pr, ps)
	return &vc, nil
}

// maxShiftDays bounds the search for a later date: past ten years the answer
// would not help anyone.
const maxShiftDays = 3650

func shifted(ds []Delivery, days int) []Delivery {
	out := slices.Clone(ds)
	for j := range out {
		out[j].Date += Date(days)
	}
	return out
}

// laterDate finds the smallest shift of the whole schedule that makes the
// order feasible. Moving every date later only lets producers make more, so
// feasibility is monotone in the shift, and so is the capacity bound. The
// bound gives the first shift that could work; probes then gallop up from it
// and bisect, so the minimum stays exact while few searches run, and only the
// final shift is searched for its best consortium.
func laterDate(ctx context.Context, base *volBase, ds []Delivery, ps []Producer, maxM int) (*LaterDateAlternative, error) {
	feasible := func(days int) (bool, error) {
		ok, _, err := anyVolume(ctx, base, shifted(ds, days), maxM)
		return ok, err
	}
	if ok, err := feasible(maxShiftDays); err != nil || !ok {
		return nil, err
	}
	// The unshifted order is known to fail; find the first shift the bound
	// does not rule out.
	blo, bhi := 0, maxShiftDays
	for bhi-blo > 1 {
		mid := (blo + bhi) / 2
		if base.capacityBound(shifted(ds, mid), maxM) {
			bhi = mid
		} else {
			blo = mid
		}
	}
	lo, hi := bhi-1, maxShiftDays // infeasible at lo, feasible at hi
	for step := 1; lo+step < hi; step *= 2 {
		ok, err := feasible(lo + step)
		if err != nil {
			return nil, err
		}
		if ok {
			hi = lo + step
			break
		}
		lo += step
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		ok, err := feasible(mid)
		if err != nil {
			return nil, err
		}
		if ok {
			hi = mid
		} else {
			lo = mid
		}
	}
	best, err := solveOnce(ctx, base, shifted(ds, hi), ps, maxM)
	if err != nil || best == nil {
		// A probe found a consortium at hi, so the full search must too.
		return nil, cmp.Or(err, fmt.Errorf("consortium search: no consortium at a shift of %d days after a probe found one", hi))
	}
	return &LaterDateAlternative{ShiftDays: hi, Deliveries: shifted(ds, hi), Consortium: *best}, nil
}

// scaled shrinks the schedule to about want units in the same proportions.
func scaled(ds []Delivery, total, want int64) []Delivery {
	var out []Delivery
	var got int64
	for j, d := range ds {
		q := d.Quantity * want / total
		if j == len(ds)-1 {
			q = want - got
		}
		got += q
		if q > 0 {
			out = append(out, Delivery{Date: d.Date, Quantity: q})
		}
	}
	return out
}

// partialCover finds the largest quantity, in the order's proportions and on
// its dates, that some consortium can deliver. Minimum orders and share caps
// make feasibility non-monotone in the quantity, so bisection alone would only
// suggest a quantity. Instead maxFeasible searches the quantities from the top,
// discarding whole ranges with the capacity bound; when it finishes within its
// budget the answer is the proven maximum. Otherwise the quantity found by
// bisection is offered as a suggestion.
func partialCover(ctx context.Context, base *volBase, ds []Delivery, ps []Producer, maxM int) (*PartialAlternative, error) {
	var total int64
	for _, d := range ds {
		total += d.Quantity
	}
	mf := newMaxFeasible(ctx, base, ds, maxM)
	q, err := mf.largest(1, total-1)
	if err != nil {
		return nil, err
	}
	proven := !mf.exhausted
	if !proven {
		if q, err = bisectPartial(ctx, base, ds, total, maxM); err != nil {
			return nil, err
		}
	}
	if q == 0 {
		return nil, nil
	}
	sd := scaled(ds, total, q)
	vc, err := solveOnce(ctx, base, sd, ps, maxM)
	if err != nil || vc == nil {
		return nil, cmp.Or(err, fmt.Errorf("consortium search: no consortium for %d units after a probe found one", q))
	}
	return &PartialAlternative{Quantity: q, Deliveries: sd, Consortium: *vc, Proven: proven}, nil
}

// partialWork bounds the proof of the partial cover's maximum, counted in
// producers looked at (each range check looks at every producer that makes
// the product with the certifications, each search at those and then at every
// node it visits). It caps the cost on adversarial orders, where the capacity
// bound passes for quantity after quantity that some other rule fails, at a
// few tens of milliseconds for 10,000 candidates, while short candidate lists
// get thousands of checks from it. The benchmark order spends about 67,000:
// 26 range checks and one search.
var partialWork = 600_000

// maxFeasible looks for the largest feasible quantity within a budget of work.
type maxFeasible struct {
	ctx       context.Context
	base      *volBase
	ds        []Delivery
	made      []int64 // base.madeByDate(ds), shared by every check
	total     int64
	maxM      int
	work      int
	exhausted bool
}

func newMaxFeasible(ctx context.Context, base *volBase, ds []Delivery, maxM int) *maxFeasible {
	var total int64
	for _, d := range ds {
		total += d.Quantity
	}
	return &maxFeasible{ctx: ctx, base: base, ds: ds, made: base.madeByDate(ds), total: total, maxM: maxM, work: partialWork}
}

// due is what the schedule scaled to q units asks for by each date: the
// cumulative sums scaled() produces, which never fall as q grows.
func (mf *maxFeasible) due(q int64) []int64 {
	out := make([]int64, len(mf.ds))
	var got int64
	for j, d := range mf.ds {
		if j == len(mf.ds)-1 {
			got = q
		} else {
			got += d.Quantity * q / mf.total
		}
		out[j] = got
	}
	return out
}

// largest returns the largest feasible quantity in [a, b], or 0 when there is
// none or the budget ran out (then exhausted is set). A consortium for any q
// in [a, b] needs, by each date, at least what is due for a, from at most
// maxM producers whose amounts are no more than for b; when the bound for b
// falls short of what a needs on some date, the whole range is infeasible.
func (mf *maxFeasible) largest(a, b int64) (int64, error) {
	if a > b || mf.exhausted {
		return 0, nil
	}
	if mf.work <= 0 {
		mf.exhausted = true
		return 0, nil
	}
	mf.work -= len(mf.base.cands) + 1
	tops, mask := mf.base.capTops(mf.ds, mf.made, b, mf.maxM)
	if mask&mf.base.requiredMask != mf.base.requiredMask {
		// Producers only drop out as the quantity falls, so a required
		// country with nobody usable at b has nobody at any smaller quantity.
		return 0, nil
	}
	for j, need := range mf.due(a) {
		if tops[j] < need {
			return 0, nil
		}
	}
	if a == b {
		ok, nodes, err := anyVolume(mf.ctx, mf.base, scaled(mf.ds, mf.total, a), mf.maxM)
		mf.work -= nodes
		if err != nil || !ok {
			return 0, err
		}
		return a, nil
	}
	mid := a + (b-a)/2
	if q, err := mf.largest(mid+1, b); err != nil || q > 0 {
		return q, err
	}
	return mf.largest(a, mid)
}

// bisectPartial is the fallback when maxFeasible runs out of budget: the
// largest quantity bisection finds, feasible but not proven the maximum.
func bisectPartial(ctx context.Context, base *volBase, ds []Delivery, total int64, maxM int) (int64, error) {
	lo, hi := int64(0), total // hi is known infeasible
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, _, err := anyVolume(ctx, base, scaled(ds, total, mid), maxM)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, nil
}

func diagnoseVolume(order VolumeOrder, ds []Delivery, pr *volPrep, maxM int, later *LaterDateAlternative) []Reason {
	if pr.productMatch == 0 {
		return []Reason{reason(NoProducerForProduct, "product", order.Product)}
	}
	var rs []Reason
	for _, c := range order.Certifications {
		if pr.certHolders[c] == 0 {
			rs = append(rs, reason(NoCertificationHolder, "certification", c))
		}
	}
	if len(rs) > 0 {
		return rs
	}
	for b, c := range pr.countryBits {
		found := false
		for _, x := range pr.cands {
			if x.cbit == 1<<b {
				found = true
				break
			}
		}
		if !found {
			rs = append(rs, reason(NoCandidateFromCountry, "country", c))
		}
	}
	if len(rs) > 0 {
		return rs
	}
	var cumQ int64
	for j, d := range ds {
		cumQ += d.Quantity
		caps := make([]int64, len(pr.cands))
		for i, x := range pr.cands {
			caps[i] = x.cum[j]
		}
		slices.SortFunc(caps, func(a, b int64) int { return int(min(max(b-a, -1), 1)) })
		var top, all int64
		needed := 0
		for i, v := range caps {
			all += v
			if i < maxM {
				top += v
			}
			if needed == 0 && all >= cumQ {
				needed = i + 1
			}
		}
		if top >= cumQ {
			continue
		}
		earliest := ""
		if later != nil {
			earliest = (d.Date + Date(later.ShiftDays)).String()
		}
		rs = append(rs, reason(ShortByDate, "made", itoa(top), "quantity", itoa(cumQ), "date", d.Date.String(), "earliest", earliest))
		if needed > maxM {
			rs = append(rs, reason(TooFewMembersAllowed, "max_members", itoa(int64(maxM)), "needed", itoa(int64(needed))))
		}
		return rs
	}
	return []Reason{reason(NoCompatibleCombination)}
}
