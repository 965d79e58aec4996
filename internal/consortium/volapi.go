package consortium

import (
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
// feasibility is monotone in the shift and bisection finds the exact minimum.
func laterDate(ctx context.Context, base *volBase, ds []Delivery, ps []Producer, maxM int) (*LaterDateAlternative, error) {
	best, err := solveOnce(ctx, base, shifted(ds, maxShiftDays), ps, maxM)
	if err != nil || best == nil {
		return nil, err
	}
	lo, hi := 0, maxShiftDays // infeasible at lo, feasible at hi
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		vc, err := solveOnce(ctx, base, shifted(ds, mid), ps, maxM)
		if err != nil {
			return nil, err
		}
		if vc != nil {
			hi, best = mid, vc
		} else {
			lo = mid
		}
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

// partialCover looks for the largest quantity, in the order's proportions and
// on its dates, that some consortium can deliver. Minimum orders can make
// feasibility non-monotone in the quantity, so this is the largest found by
// bisection, offered as a suggestion rather than a proven maximum.
func partialCover(ctx context.Context, base *volBase, ds []Delivery, ps []Producer, maxM int) (*PartialAlternative, error) {
	var total int64
	for _, d := range ds {
		total += d.Quantity
	}
	var best *PartialAlternative
	lo, hi := int64(0), total // hi is known infeasible
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		sd := scaled(ds, total, mid)
		vc, err := solveOnce(ctx, base, sd, ps, maxM)
		if err != nil {
			return nil, err
		}
		if vc != nil {
			lo = mid
			best = &PartialAlternative{Quantity: mid, Deliveries: sd, Consortium: *vc}
		} else {
			hi = mid
		}
	}
	return best, nil
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
