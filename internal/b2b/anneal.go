package b2b

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"time"
)

// annealOpts steer one annealing run.
type annealOpts struct {
	seed     uint64
	target   int // stop at a schedule with this many breaks
	iters    int // steps at most
	patience int // steps without a better schedule before giving up
	// until, when set, cools by the clock rather than by the steps: the
	// walk ends at until (or after iters steps) and is always cold by then,
	// however fast the machine. A step count alone either stops early on
	// a fast machine or is cut off while still hot on a slow one.
	until time.Time
	// goal, when set, is asked now and then for a better target: a bound
	// proven while the walk runs.
	goal func() int
	// hot, when set, is the starting temperature instead of hotStart (see
	// coolingAt).
	hot float64
}

// A walk cools from hotStart to coldEnd.
const hotStart, coldEnd = 3.0, 0.1

// coolingAt is the temperature that one walk cooled from hotStart to
// coldEnd over limit has reached after elapsed. A walk restarted from a
// good schedule late in the solve starts there: from hotStart it would
// first climb far above the schedule it starts from.
func coolingAt(elapsed, limit time.Duration) float64 {
	f := 1.0
	if limit > 0 {
		f = min(max(float64(elapsed)/float64(limit), 0), 1)
	}
	return hotStart * math.Pow(coldEnd/hotStart, f)
}

// anneal lowers the breaks of a schedule by simulated annealing over the
// slots of the held meetings: moves of one meeting to a free slot and swaps
// of two meetings' slots, every hard rule kept at every step, fairness as a
// heavy penalty. The set of held meetings never changes. It stops after
// iters steps, at a schedule with target breaks, after patience steps
// without a better schedule in the cooler half of the walk, or when stop
// says so. It returns the best fair schedule seen with its breaks, or the
// input when none beat it.
//
// The exact search is strong at proving but slow to walk from a first
// schedule to a good one; thousands of cheap moves per millisecond do that
// walk, and a low incumbent is what lets the bounded searches finish.
func anneal(in *Instance, dom [][]int, start []int, fairness int, ao annealOpts, stop func() bool) ([]int, int) {
	seed, target, iters, patience := ao.seed, ao.target, ao.iters, ao.patience
	nm, ns, np := len(in.Meetings), len(in.Slots), len(in.Participants)
	rng := rand.New(rand.NewPCG(seed, 0x5ca1ab1e))
	slots := append([]int(nil), start...)

	busy := make([][]int, np)
	for p := range busy {
		busy[p] = make([]int, ns)
	}
	used := make([]int, ns)
	// Named persons and pinned tables get dense counters keyed by index.
	personKey := map[[2]int]int{}
	tableKey := map[int]int{}
	mPersons := make([][]int, nm)
	mTable := make([]int, nm)
	for m, mt := range in.Meetings {
		for _, pp := range [][2]int{{mt.A, mt.PersonA}, {mt.B, mt.PersonB}} {
			if pp[1] > 0 {
				k, ok := personKey[pp]
				if !ok {
					k = len(personKey)
					personKey[pp] = k
				}
				mPersons[m] = append(mPersons[m], k)
			}
		}
		mTable[m] = -1
		if t := in.pinnedTable(m); t > 0 {
			k, ok := tableKey[t]
			if !ok {
				k = len(tableKey)
				tableKey[t] = k
			}
			mTable[m] = k
		}
	}
	personBusy := make([][]int, len(personKey))
	for i := range personBusy {
		personBusy[i] = make([]int, ns)
	}
	tableBusy := make([][]int, len(tableKey))
	for i := range tableBusy {
		tableBusy[i] = make([]int, ns)
	}
	people := make([]int, np)
	for p := range people {
		people[p] = in.Participants[p].people()
	}
	capOf := make([]int, ns)
	for s := range capOf {
		capOf[s] = in.tablesIn(s)
	}
	// Each participant's busy slots of a day are also kept as a bit mask,
	// from which its breaks are read in a few instructions (see brk); a
	// day of more than 64 slots is read slot by slot.
	days := in.days()
	nd := len(days)
	dayOf := make([]int, ns)
	bitOf := make([]uint64, ns)
	wide := false
	for d, ss := range days {
		wide = wide || len(ss) > 64
		for i, s := range ss {
			dayOf[s], bitOf[s] = d, 1<<(i&63)
		}
	}
	mask := make([]uint64, np*nd)
	mark := func(p, s int) {
		if busy[p][s] > 0 {
			mask[p*nd+dayOf[s]] |= bitOf[s]
		} else {
			mask[p*nd+dayOf[s]] &^= bitOf[s]
		}
	}
	// at[p*ns+s] is 1 + the meeting a participant of one person holds in
	// slot s, or 0: the chains below look it up instead of going through
	// the participant's meetings.
	at := make([]int32, np*ns)
	apply := func(m, s, d int) {
		mt := in.Meetings[m]
		busy[mt.A][s] += d
		busy[mt.B][s] += d
		mark(mt.A, s)
		mark(mt.B, s)
		v := int32(m + 1)
		if d < 0 {
			v = 0
		}
		at[mt.A*ns+s], at[mt.B*ns+s] = v, v
		used[s] += d
		for _, k := range mPersons[m] {
			personBusy[k][s] += d
		}
		if mTable[m] >= 0 {
			tableBusy[mTable[m]][s] += d
		}
	}
	prec := newPrecedences(in)
	// fits reports whether m can go to s given everything else placed.
	fits := func(m, s int) bool {
		mt := in.Meetings[m]
		if used[s] >= capOf[s] || busy[mt.A][s] >= people[mt.A] || busy[mt.B][s] >= people[mt.B] {
			return false
		}
		for _, k := range mPersons[m] {
			if personBusy[k][s] > 0 {
				return false
			}
		}
		if mTable[m] >= 0 && tableBusy[mTable[m]][s] > 0 {
			return false
		}
		if !prec.allow(slots, m, s) {
			return false
		}
		return true
	}
	// inDom[m*ns+s]: slot s is allowed for meeting m. A flat table, not a
	// map per meeting: the chains ask it for every meeting they pull in,
	// and map lookups took a sixth of the walk's time on the large event.
	inDom := make([]bool, nm*ns)
	for m := range dom {
		for _, s := range dom[m] {
			inDom[m*ns+s] = true
		}
	}
	for m, s := range slots {
		if s >= 0 {
			apply(m, s, 1)
		}
	}
	// brk returns p's breaks and the idle slots inside them. The idle
	// length gives the search a slope towards closing a gap, which the
	// break count alone does not.
	brk := func(p int) (int, int) {
		n, gap := 0, 0
		if !wide {
			for _, x := range mask[p*nd : (p+1)*nd] {
				if x == 0 {
					continue
				}
				x >>= bits.TrailingZeros64(x)
				// Runs of busy slots start where a bit is set and the one
				// below is not; the idle slots are the span's unset bits.
				n += bits.OnesCount64(x&^(x<<1)) - 1
				gap += bits.Len64(x) - bits.OnesCount64(x)
			}
			return n, gap
		}
		for _, d := range days {
			seen, idle := false, 0
			for _, s := range d {
				if busy[p][s] > 0 {
					if seen && idle > 0 {
						n++
						gap += idle
					}
					seen, idle = true, 0
				} else if seen {
					idle++
				}
			}
		}
		return n, gap
	}
	bp := make([]int, np)
	gp := make([]int, np)
	idle := 0
	maxB := ns + 1
	hist := make([]int, maxB+1)
	total := 0
	for p := range bp {
		bp[p], gp[p] = brk(p)
		hist[bp[p]]++
		total += bp[p]
		idle += gp[p]
	}
	// excess is how far the fairness rule is broken, summed over people.
	excess := func() int {
		if fairness < 0 {
			return 0
		}
		lo := 0
		for hist[lo] == 0 {
			lo++
		}
		e := 0
		for b := lo + fairness + 1; b <= maxB; b++ {
			e += hist[b] * (b - lo - fairness)
		}
		return e
	}
	const penalty = 20
	const weight = 4 // a break outweighs a few idle slots
	cost := weight*(total+penalty*excess()) + idle
	set := func(p, b, g int) {
		hist[bp[p]]--
		total += b - bp[p]
		idle += g - gp[p]
		bp[p], gp[p] = b, g
		hist[b]++
	}

	best := append([]int(nil), slots...)
	bestCost := -1
	if excess() == 0 {
		bestCost = total
	}
	var movable []int
	movableM := make([]bool, nm)
	for m, s := range slots {
		if s >= 0 && len(dom[m]) > 1 && in.Meetings[m].FixedSlot == 0 {
			movable = append(movable, m)
			movableM[m] = true
		}
	}
	if len(movable) == 0 {
		return start, bestCost
	}
	mine := make([][]int, np)
	for _, m := range movable {
		mt := in.Meetings[m]
		mine[mt.A] = append(mine[mt.A], m)
		mine[mt.B] = append(mine[mt.B], m)
	}
	t0, t1 := hotStart, coldEnd
	if ao.hot > 0 {
		t0 = max(ao.hot, t1)
	}
	it, lastBetter := 0, 0
	var (
		ms, from, to []int
		touched, old []int
		inChain      = make([]bool, nm)
	)
	// try performs the moves ms[i]: from[i] -> to[i] when every hard rule
	// still holds, and keeps them by the annealing rule; otherwise it
	// restores the schedule.
	try := func(temp float64) {
		for i, m := range ms {
			apply(m, from[i], -1)
			slots[m] = -1
		}
		placed := 0
		for i, m := range ms {
			if !fits(m, to[i]) {
				break
			}
			apply(m, to[i], 1)
			slots[m] = to[i]
			placed++
		}
		undo := func() {
			for i, m := range ms[:placed] {
				apply(m, to[i], -1)
			}
			for i, m := range ms {
				slots[m] = from[i]
				apply(m, from[i], 1)
			}
		}
		if placed < len(ms) {
			undo()
			return
		}
		touched, old = touched[:0], old[:0]
		for _, m := range ms {
			mt := in.Meetings[m]
			for _, p := range [2]int{mt.A, mt.B} {
				dup := false
				for _, q := range touched {
					dup = dup || q == p
				}
				if !dup {
					touched = append(touched, p)
					old = append(old, bp[p], gp[p])
					b, g := brk(p)
					set(p, b, g)
				}
			}
		}
		ex := excess()
		nc := weight*(total+penalty*ex) + idle
		if d := nc - cost; d <= 0 || rng.Float64() < math.Exp(-float64(d)/temp) {
			cost = nc
			if ex == 0 && (bestCost < 0 || total < bestCost) {
				bestCost = total
				lastBetter = it
				copy(best, slots)
			}
			return
		}
		for i, p := range touched {
			set(p, old[2*i], old[2*i+1])
		}
		undo()
	}
	// chain collects, for moving m1 from s1 to s2, the meetings that must
	// swap between the two slots so that nobody on either side is
	// double-booked (a Kempe chain). It fails on fixed or long chains.
	chain := func(m1, s1, s2 int) bool {
		ms, from, to = append(ms[:0], m1), append(from[:0], s1), append(to[:0], s2)
		inChain[m1] = true
		ok := true
		for i := 0; i < len(ms) && ok; i++ {
			mt := in.Meetings[ms[i]]
			other := to[i]
			for _, p := range [2]int{mt.A, mt.B} {
				if busy[p][other] == 0 {
					continue
				}
				ps := mine[p]
				if people[p] == 1 {
					// One meeting at most: the one held there, if it moves.
					ps = nil
					if m := int(at[p*ns+other]) - 1; m >= 0 && movableM[m] {
						ps = []int{m}
					}
				}
				for _, m := range ps {
					if inChain[m] || slots[m] != other {
						continue
					}
					if len(ms) >= 16 || !inDom[m*ns+from[i]] {
						ok = false
						break
					}
					inChain[m] = true
					ms, from, to = append(ms, m), append(from, other), append(to, from[i])
				}
			}
		}
		for _, m := range ms {
			inChain[m] = false
		}
		return ok
	}
	began := time.Now()
	span := ao.until.Sub(began)
	frac := 0.0 // how far the cooling has come
	lastFrac, temp := -1.0, t0
	for ; it < iters; it++ {
		if it&1023 == 0 {
			if ao.goal != nil {
				target = max(target, ao.goal())
			}
			// Stop at the target, or when a long stretch brings nothing
			// better once the walk has cooled halfway. Restarted from a
			// good schedule, it starts hot and above it, and before this
			// rule gave up while still hot: ticf-14crafa.prec15 stayed at
			// 21 breaks in the finder, where a walk cooled in full reaches 11.
			if stop() || bestCost >= 0 && bestCost <= target || it-lastBetter > patience && frac >= 0.5 {
				break
			}
			if !ao.until.IsZero() {
				el := time.Since(began)
				if el >= span {
					break
				}
				frac = float64(el) / float64(span)
			}
		}
		if ao.until.IsZero() {
			frac = float64(it) / float64(iters)
		}
		if frac != lastFrac {
			// By the clock, frac moves every 1,024 steps only.
			temp, lastFrac = t0*math.Pow(t1/t0, frac), frac
		}
		m1 := movable[rng.IntN(len(movable))]
		s1 := slots[m1]
		switch rng.IntN(5) {
		case 0:
			s2 := dom[m1][rng.IntN(len(dom[m1]))]
			if s2 == s1 {
				continue
			}
			ms, from, to = append(ms[:0], m1), append(from[:0], s1), append(to[:0], s2)
		case 1:
			mt := in.Meetings[m1]
			q := mt.A
			if rng.IntN(2) == 0 {
				q = mt.B
			}
			var m2 int
			if rng.IntN(4) == 0 {
				m2 = movable[rng.IntN(len(movable))]
			} else {
				m2 = mine[q][rng.IntN(len(mine[q]))]
			}
			s2 := slots[m2]
			if m2 == m1 || s2 == s1 || !inDom[m1*ns+s2] || !inDom[m2*ns+s1] {
				continue
			}
			ms, from, to = append(ms[:0], m1, m2), append(from[:0], s1, s2), append(to[:0], s2, s1)
		default:
			s2 := dom[m1][rng.IntN(len(dom[m1]))]
			if s2 == s1 || !chain(m1, s1, s2) {
				continue
			}
		}
		try(temp)
	}
	if bestCost < 0 {
		return start, -1
	}
	return best, bestCost
}
