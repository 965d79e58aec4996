package consortium

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// volCand is a producer reduced to what the search needs, for one schedule.
type volCand struct {
	src      int // index into the caller's producers
	id       string
	lo, hi   int64   // units it must / may make in total
	cum      []int64 // units it can have at the buyer by each delivery date, capped at hi
	eff      int64   // weighted score per unit
	unitCost float64
	rel      int64 // reliability in millionths, summed for the tie-break
	cbit     uint64
	dist     float64
}

type volPrep struct {
	cands        []volCand
	productMatch int
	certHolders  map[string]int
	excluded     map[string]int
	countryBits  []string
	requiredMask uint64
}

// baseCand is what is known of a usable producer before a delivery schedule
// is chosen, so the alternatives (later dates, smaller quantities) can be
// tried without redoing distances, costs and the cost order.
type baseCand struct {
	volCand
	capacity, per, travel, start int64
	minOrder, maxOrder           int64
}

type volBase struct {
	cands        []baseCand // in cost order
	productMatch int
	certHolders  map[string]int
	excluded     map[string]int
	countryBits  []string
	requiredMask uint64
	maxShare     float64
}

func prepareVolume(o VolumeOrder, ds []Delivery, ps []Producer, w Weights) (*volPrep, error) {
	b, err := newVolBase(o, ps, w)
	if err != nil {
		return nil, err
	}
	return b.forSchedule(ds), nil
}

func newVolBase(o VolumeOrder, ps []Producer, w Weights) (*volBase, error) {
	if len(ps) > MaxCandidates {
		return nil, fieldErr("producers", "at most %d candidates, got %d", MaxCandidates, len(ps))
	}
	kmPerDay := o.TransportKmPerDay
	if kmPerDay == 0 {
		kmPerDay = 400
	}
	vb := &volBase{certHolders: map[string]int{}, excluded: map[string]int{}, maxShare: o.MaxShare}
	countryBit := map[string]uint64{}
	for _, c := range o.EachCountry {
		c = strings.ToUpper(strings.TrimSpace(c))
		if _, ok := countryBit[c]; !ok {
			countryBit[c] = 1 << len(vb.countryBits)
			vb.countryBits = append(vb.countryBits, c)
		}
	}
	vb.requiredMask = uint64(1)<<len(vb.countryBits) - 1
	seen := make(map[string]int, len(ps))
	for i, p := range ps {
		if err := checkProducer(i, p); err != nil {
			return nil, err
		}
		if j, dup := seen[p.ID]; dup {
			return nil, fieldErr(fmt.Sprintf("producers[%d].id", i), "%q repeats producers[%d]", p.ID, j)
		}
		seen[p.ID] = i
		if _, ok := hasAll(p.Products, []string{o.Product}); !ok {
			vb.excluded["product"]++
			continue
		}
		vb.productMatch++
		missing := false
		for _, c := range o.Certifications {
			if _, ok := hasAll(p.Certifications, []string{c}); ok {
				vb.certHolders[c]++
			} else {
				missing = true
			}
		}
		if missing {
			vb.excluded["certification"]++
			continue
		}
		dist := haversineKm(o.Lat, o.Lon, p.Lat, p.Lon)
		per, _ := p.CapacityPeriod.days()
		unitCost := p.UnitPrice + o.TransportCostPerUnitKm*dist
		effF := math.Round(costScale * (w.Cost*unitCost + w.Reliability*(1-p.Reliability)))
		if effF > maxUnitScore {
			return nil, fieldErr(fmt.Sprintf("producers[%d].unit_price", i), "weighted unit cost %.2f is above the supported %d", effF/costScale, maxUnitScore/costScale)
		}
		vb.cands = append(vb.cands, baseCand{
			volCand: volCand{
				src: i, id: p.ID, eff: int64(effF), unitCost: unitCost,
				rel: int64(math.Round(p.Reliability * 1e6)), cbit: countryBit[strings.ToUpper(strings.TrimSpace(p.Country))], dist: dist,
			},
			capacity: p.Capacity, per: per, travel: int64(math.Ceil(dist / kmPerDay)),
			start:    int64(max(p.FreeFrom, o.Asof)) + int64(p.LeadTimeDays),
			minOrder: p.MinOrder, maxOrder: p.MaxOrder,
		})
	}
	slices.SortFunc(vb.cands, func(a, b baseCand) int {
		return cmp.Or(cmp.Compare(a.eff, b.eff), cmp.Compare(b.rel, a.rel), strings.Compare(a.id, b.id))
	})
	return vb, nil
}

// forSchedule works out, for one delivery schedule, how much each producer
// can have at the buyer by each date and which producers remain usable.
func (vb *volBase) forSchedule(ds []Delivery) *volPrep {
	var total int64
	for _, d := range ds {
		total += d.Quantity
	}
	shareCap := vb.shareCap(total)
	pr := &volPrep{
		productMatch: vb.productMatch, certHolders: vb.certHolders, excluded: maps.Clone(vb.excluded),
		countryBits: vb.countryBits, requiredMask: vb.requiredMask,
		cands: make([]volCand, 0, len(vb.cands)),
	}
	J := len(ds)
	cums := make([]int64, J*len(vb.cands))
	for i := range vb.cands {
		b := &vb.cands[i]
		cum := cums[:J:J]
		lo, hi, why := b.limits(ds, total, shareCap, cum)
		if why != "" {
			pr.excluded[why]++
			continue
		}
		cums = cums[J:]
		c := b.volCand
		c.lo, c.hi, c.cum = lo, hi, cum
		pr.cands = append(pr.cands, c)
	}
	if len(pr.excluded) == 0 {
		pr.excluded = nil
	}
	return pr
}

// limits is what one producer can offer a schedule of total units: the least
// and most it may make in all, and in cum the units it can have at the buyer
// by each date, capped at the most. why names the exclusion when it cannot
// take part at all, and is empty otherwise.
func (b *baseCand) limits(ds []Delivery, total, shareCap int64, cum []int64) (lo, hi int64, why string) {
	b.made(ds, cum)
	return b.capped(cum, total, shareCap, cum)
}

// made sets made[j] to the units the producer can have at the buyer by the
// j-th date, before any order limit: it depends on the dates alone, so a
// caller trying many quantities on the same dates works it out once.
func (b *baseCand) made(ds []Delivery, made []int64) {
	for j, d := range ds {
		made[j] = 0
		if days := int64(d.Date) - b.travel - b.start; days > 0 {
			// Capacity ≤ 1e12 and days ≤ ~110,000 keep the product inside int64.
			made[j] = b.capacity * days / b.per
		}
	}
}

// capped is limits from the producer's made amounts; made and cum may be the
// same slice.
func (b *baseCand) capped(made []int64, total, shareCap int64, cum []int64) (lo, hi int64, why string) {
	J := len(made)
	for j, v := range made {
		cum[j] = min(v, total)
	}
	hi = total
	if b.maxOrder > 0 {
		hi = min(hi, b.maxOrder)
	}
	hi = min(hi, shareCap, cum[J-1])
	lo = max(b.minOrder, 1)
	if lo > hi {
		if cum[J-1] < lo {
			return 0, 0, "capacity_by_date"
		}
		return 0, 0, "order_limits"
	}
	for j := range cum {
		cum[j] = min(cum[j], hi)
	}
	return lo, hi, ""
}

// madeByDate is made for every producer, row after row.
func (vb *volBase) madeByDate(ds []Delivery) []int64 {
	J := len(ds)
	out := make([]int64, J*len(vb.cands))
	for i := range vb.cands {
		vb.cands[i].made(ds, out[i*J:(i+1)*J])
	}
	return out
}

func (vb *volBase) shareCap(total int64) int64 {
	if vb.maxShare > 0 {
		return int64(math.Floor(vb.maxShare*float64(total) + 1e-9))
	}
	return math.MaxInt64
}

// capacityBound reports whether, for every delivery, the maxM largest
// amounts any usable producers can have at the buyer by its date reach the
// units due by then, and every required country has a usable producer. Every
// consortium has at most maxM members, each within those amounts, so when
// this is false no consortium exists; it costs one
// pass over the producers instead of a search, which is what lets the
// alternatives skip most of their probes.
func (vb *volBase) capacityBound(ds []Delivery, maxM int) bool {
	var total int64
	for _, d := range ds {
		total += d.Quantity
	}
	tops, mask := vb.capTops(ds, nil, total, maxM)
	if mask&vb.requiredMask != vb.requiredMask {
		return false
	}
	var cumQ int64
	for j, d := range ds {
		cumQ += d.Quantity
		if tops[j] < cumQ {
			return false
		}
	}
	return true
}

// capTops returns, for each date of ds, the sum of the maxM largest amounts
// usable producers can have at the buyer by then when the order totals
// total units, and the required countries that have a usable producer. Only the dates of ds matter; made, when not nil, is
// madeByDate(ds). Each sum grows with total, since a larger order only raises
// caps and lets more producers take part.
func (vb *volBase) capTops(ds []Delivery, made []int64, total int64, maxM int) ([]int64, uint64) {
	J := len(ds)
	shareCap := vb.shareCap(total)
	// top[j*maxM:(j+1)*maxM] holds the maxM largest amounts by date j, largest first.
	top := make([]int64, J*maxM)
	cum := make([]int64, J)
	var mask uint64
	for i := range vb.cands {
		var why string
		if made != nil {
			_, _, why = vb.cands[i].capped(made[i*J:(i+1)*J], total, shareCap, cum)
		} else {
			_, _, why = vb.cands[i].limits(ds, total, shareCap, cum)
		}
		if why != "" {
			continue
		}
		mask |= vb.cands[i].cbit
		for j, v := range cum {
			t := top[j*maxM : (j+1)*maxM]
			if v <= t[maxM-1] {
				continue
			}
			p := maxM - 1
			for p > 0 && t[p-1] < v {
				t[p] = t[p-1]
				p--
			}
			t[p] = v
		}
	}
	sums := make([]int64, J)
	for j := range sums {
		for _, v := range top[j*maxM : (j+1)*maxM] {
			sums[j] += v
		}
	}
	return sums, mask
}

// volSol is one evaluated consortium; members index the sorted candidates.
type volSol struct {
	members []int
	ids     []string
	units   []int64
	per     [][]int64
	score   int64
	relSum  int64
}

// volLess is the documented ranking within one size: lower score, then higher
// summed (hence mean) reliability, then the member IDs in sorted order.
func volLess(a, b *volSol) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	if a.relSum != b.relSum {
		return a.relSum > b.relSum
	}
	return slices.Compare(a.ids, b.ids) < 0
}

type volSearch struct {
	ctx      context.Context
	c        []volCand
	q        []int64
	cumQ     []int64
	total    int64
	m, k     int
	maxM     int
	sufTop   []int64 // sufTop[i*maxM+t]: sum of the t+1 largest hi in c[i:]
	prefU    []float64
	prefC    []float64
	lastCtry []int // last candidate index from each required country
	reqMask  uint64
	best     []*volSol
	chosen   []int
	nodes    int
	err      error
	// firstOnly ends the search at the first feasible consortium: the
	// alternatives' probes only ask whether one exists.
	firstOnly bool
	stop      bool
}

func newVolSearch(ctx context.Context, c []volCand, ds []Delivery, maxM int, countries int, reqMask uint64) *volSearch {
	s := &volSearch{ctx: ctx, c: c, maxM: maxM, reqMask: reqMask}
	for _, d := range ds {
		s.q = append(s.q, d.Quantity)
		s.total += d.Quantity
		s.cumQ = append(s.cumQ, s.total)
	}
	n := len(c)
	s.sufTop = make([]int64, (n+1)*maxM)
	top := make([]int64, 0, maxM+1)
	for i := n - 1; i >= 0; i-- {
		// Keep the maxM largest capacities of the suffix, largest first.
		pos, _ := slices.BinarySearchFunc(top, c[i].hi, func(a, b int64) int { return cmp.Compare(b, a) })
		top = slices.Insert(top, pos, c[i].hi)
		if len(top) > maxM {
			top = top[:maxM]
		}
		var sum int64
		for t := 0; t < maxM; t++ {
			if t < len(top) {
				sum += top[t]
			}
			s.sufTop[i*maxM+t] = sum
		}
	}
	s.prefU = make([]float64, n+1)
	s.prefC = make([]float64, n+1)
	for i, x := range c {
		s.prefU[i+1] = s.prefU[i] + float64(x.hi)
		s.prefC[i+1] = s.prefC[i] + float64(x.hi)*float64(x.eff)
	}
	s.lastCtry = make([]int, countries)
	for b := range s.lastCtry {
		s.lastCtry[b] = -1
	}
	for i, x := range c {
		if x.cbit != 0 {
			s.lastCtry[bits.TrailingZeros64(x.cbit)] = i
		}
	}
	return s
}

// topHi is the largest capacity r distinct candidates from c[i:] can offer.
func (s *volSearch) topHi(i, r int) int64 {
	if r <= 0 {
		return 0
	}
	return s.sufTop[i*s.maxM+r-1]
}

// fracCost is the cheapest the remaining units could cost if c[i:] could be
// split at will: every completion costs at least this, because units from
// the suffix cost at least their own candidate's price and candidates are in
// price order.
func (s *volSearch) fracCost(i int, rem int64, t *int) float64 {
	if rem <= 0 {
		return 0
	}
	want := s.prefU[i] + float64(rem)
	// The split point only moves right as i does, so the caller's loop walks it
	// forward instead of searching again for every candidate.
	if *t < i {
		*t = sortSearchFloat(s.prefU[i+1:], want) + i
	}
	for *t < len(s.c) && s.prefU[*t+1] < want {
		*t++
	}
	if *t >= len(s.c) {
		return math.Inf(1)
	}
	return s.prefC[*t] - s.prefC[i] + (want-s.prefU[*t])*float64(s.c[*t].eff)
}

func sortSearchFloat(a []float64, x float64) int {
	lo, hi := 0, len(a)
	for lo < hi {
		mid := (lo + hi) / 2
		if a[mid] >= x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

func (s *volSearch) worst() (int64, bool) {
	if len(s.best) < s.k {
		return 0, false
	}
	return s.best[len(s.best)-1].score, true
}

// exceeds reports whether a float lower bound is surely above an integer
// score, leaving room for rounding in the float sums.
func exceeds(lb float64, score int64) bool {
	f := float64(score)
	return lb > f+1e-9*math.Abs(f)+1
}

func (s *volSearch) run(m, k int) []*volSol {
	s.m, s.k = m, k
	s.best = s.best[:0]
	s.chosen = s.chosen[:0]
	s.dfs(0, 0, 0, 0, 0, 0)
	return s.best
}

func (s *volSearch) dfs(i int, sumHi, sumLo, filled int64, filledCost float64, mask uint64) {
	if s.err != nil || s.stop {
		return
	}
	s.nodes++
	if s.nodes&4095 == 0 {
		if err := s.ctx.Err(); err != nil {
			s.err = err
			return
		}
	}
	r := s.m - len(s.chosen)
	if r == 0 {
		s.leaf(filledCost)
		return
	}
	n := len(s.c)
	split := -1
	for c := i; c <= n-r; c++ {
		if sumHi+s.topHi(c, r) < s.total {
			break
		}
		if w, full := s.worst(); full && exceeds(filledCost+s.fracCost(c, s.total-filled, &split), w) {
			break
		}
		x := &s.c[c]
		nmask := mask | x.cbit
		if need := s.reqMask &^ nmask; need != 0 {
			if bits.OnesCount64(need) > r-1 {
				continue
			}
			stop := false
			for b := need; b != 0; b &= b - 1 {
				if s.lastCtry[bits.TrailingZeros64(b)] <= c {
					stop = true
					break
				}
			}
			if stop {
				// A required country is neither in the set nor among the
				// candidates after c, so no later c can complete it either.
				break
			}
		}
		if sumLo+x.lo > s.total || sumHi+x.hi+s.topHi(c+1, r-1) < s.total {
			continue
		}
		take := min(x.hi, s.total-filled)
		s.chosen = append(s.chosen, c)
		s.dfs(c+1, sumHi+x.hi, sumLo+x.lo, filled+take, filledCost+float64(take)*float64(x.eff), nmask)
		s.chosen = s.chosen[:len(s.chosen)-1]
		if s.stop {
			return
		}
	}
}

func (s *volSearch) leaf(filledCost float64) {
	var mask uint64
	var sumLo, sumHi int64
	for _, c := range s.chosen {
		mask |= s.c[c].cbit
		sumLo += s.c[c].lo
		sumHi += s.c[c].hi
	}
	if mask&s.reqMask != s.reqMask || sumLo > s.total || sumHi < s.total {
		return
	}
	if w, full := s.worst(); full && exceeds(filledCost, w) {
		return
	}
	sol := s.allocate()
	if sol == nil {
		return
	}
	for _, c := range s.chosen {
		sol.relSum += s.c[c].rel
		sol.ids = append(sol.ids, s.c[c].id)
	}
	slices.Sort(sol.ids)
	if len(s.best) == s.k && !volLess(sol, s.best[len(s.best)-1]) {
		return
	}
	pos, _ := slices.BinarySearchFunc(s.best, sol, func(a, b *volSol) int {
		if volLess(a, b) {
			return -1
		}
		return 1
	})
	s.best = slices.Insert(s.best, pos, sol)
	if len(s.best) > s.k {
		s.best = s.best[:s.k]
	}
	s.stop = s.firstOnly
}

// allocate finds the cheapest feasible allocation for the chosen members, or
// nil. With one delivery the order-limits-and-price problem is solved exactly
// by giving everyone their minimum and then filling in price order; with a
// schedule it is a min-cost flow.
func (s *volSearch) allocate() *volSol {
	ch := s.chosen
	sol := &volSol{members: slices.Clone(ch), units: make([]int64, len(ch)), per: make([][]int64, len(ch))}
	if len(s.q) == 1 {
		rem := s.total
		for a, c := range ch {
			sol.units[a] = s.c[c].lo
			rem -= s.c[c].lo
		}
		for a, c := range ch {
			add := min(s.c[c].hi-s.c[c].lo, rem)
			sol.units[a] += add
			rem -= add
		}
		if rem != 0 {
			return nil
		}
		for a, c := range ch {
			sol.per[a] = []int64{sol.units[a]}
			sol.score += sol.units[a] * s.c[c].eff
		}
		return sol
	}
	for j := range s.q {
		var can int64
		for _, c := range ch {
			can += s.c[c].cum[j]
		}
		if can < s.cumQ[j] {
			return nil
		}
	}
	J, m := len(s.q), len(ch)
	const src, hub, sink = 0, 1, 2
	member := func(a int) int { return 3 + a }
	stock := func(a, j int) int { return 3 + m + a*J + j }
	drop := func(j int) int { return 3 + m + m*J + j }
	g := newMinCostFlow(3 + m + m*J + J)
	var sumLo int64
	ship := make([][]int, m)
	for a, c := range ch {
		x := &s.c[c]
		sumLo += x.lo
		g.addEdge(src, member(a), x.lo, x.eff)
		g.addEdge(hub, member(a), x.hi-x.lo, x.eff)
		var prev int64
		ship[a] = make([]int, J)
		for j := 0; j < J; j++ {
			if inc := x.cum[j] - prev; inc > 0 {
				g.addEdge(member(a), stock(a, j), inc, 0)
			}
			prev = x.cum[j]
			if j+1 < J {
				g.addEdge(stock(a, j), stock(a, j+1), flowInf, 0)
			}
			ship[a][j] = g.addEdge(stock(a, j), drop(j), flowInf, 0)
		}
	}
	g.addEdge(src, hub, s.total-sumLo, 0)
	for j, q := range s.q {
		g.addEdge(drop(j), sink, q, 0)
	}
	sent, cost := g.run(src, sink, s.total)
	if sent < s.total {
		return nil
	}
	for a := range ch {
		sol.per[a] = make([]int64, J)
		for j := 0; j < J; j++ {
			sol.per[a][j] = g.flowOn(ship[a][j])
			sol.units[a] += sol.per[a][j]
		}
		if sol.units[a] < s.c[ch[a]].lo {
			// Every unit entering a member leaves through some delivery, so
			// this cannot happen when the flow is right; refuse rather than
			// report an allocation that breaks a minimum order.
			return nil
		}
	}
	sol.score = cost
	return sol
}

// searchVolume returns up to k consortia in ranking order.
func searchVolume(ctx context.Context, pr *volPrep, ds []Delivery, maxM, k int) ([]*volSol, error) {
	sols, _, err := runVolume(ctx, pr, ds, maxM, k, false)
	return sols, err
}

// anyVolume reports whether some consortium can deliver the schedule, and
// how many producers and search nodes it looked at. It rules most schedules
// out with the capacity bound alone, and otherwise searches the producers
// largest capacity first and stops at the first consortium found, since it
// need not be the best.
func anyVolume(ctx context.Context, base *volBase, ds []Delivery, maxM int) (bool, int, error) {
	if !base.capacityBound(ds, maxM) {
		return false, len(base.cands), nil
	}
	pr := base.forSchedule(ds)
	// Sorting positions rather than the wide candidate values keeps this cheap
	// enough to run on every probe.
	order := make([]int32, len(pr.cands))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(pr.cands[b].hi, pr.cands[a].hi), cmp.Compare(a, b))
	})
	byCap := make([]volCand, len(order))
	for i, o := range order {
		byCap[i] = pr.cands[o]
	}
	pr.cands = byCap
	sols, nodes, err := runVolume(ctx, pr, ds, maxM, 1, true)
	return len(sols) > 0, 2*len(base.cands) + nodes, err
}

func runVolume(ctx context.Context, pr *volPrep, ds []Delivery, maxM, k int, firstOnly bool) ([]*volSol, int, error) {
	if len(pr.cands) == 0 {
		return nil, 0, nil
	}
	s := newVolSearch(ctx, pr.cands, ds, maxM, len(pr.countryBits), pr.requiredMask)
	s.firstOnly = firstOnly
	var out []*volSol
	start := max(len(pr.countryBits), 1)
	for start <= maxM && s.topHi(0, start) < s.total {
		start++
	}
	for m := start; m <= maxM && len(out) < k && m <= len(pr.cands); m++ {
		got := s.run(m, k-len(out))
		if s.err != nil {
			return nil, s.nodes, fmt.Errorf("consortium search: %w", s.err)
		}
		out = append(out, got...)
	}
	return out, s.nodes, nil
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
