package b2b

import "sort"

// greedy builds a quick schedule meeting by meeting, each into the slot that
// adds the fewest breaks. It ignores fairness; its only uses are to point
// the exact search in a good direction and to give an answer when the time
// limit leaves nothing better.
func greedy(in *Instance, dom [][]int) []int {
	nm, ns := len(in.Meetings), len(in.Slots)
	deg := in.meetingsPer()
	order := make([]int, nm)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := in.Meetings[order[i]], in.Meetings[order[j]]
		if (a.FixedSlot > 0) != (b.FixedSlot > 0) {
			return a.FixedSlot > 0
		}
		if a.Priority != b.Priority {
			return a.Priority > b.Priority
		}
		if len(dom[order[i]]) != len(dom[order[j]]) {
			return len(dom[order[i]]) < len(dom[order[j]])
		}
		return deg[a.A]+deg[a.B] > deg[b.A]+deg[b.B]
	})

	prec := newPrecedences(in)

	slots := make([]int, nm)
	for i := range slots {
		slots[i] = -1
	}
	used := make([]int, ns)
	busy := make([][]int, len(in.Participants))
	for p := range busy {
		busy[p] = make([]int, ns)
	}
	type key struct{ p, person, s int }
	personBusy := map[key]bool{}
	type tkey struct{ t, s int }
	tableBusy := map[tkey]bool{}

	dayOf := make([]int, ns)
	for s, sl := range in.Slots {
		dayOf[s] = sl.Day
	}
	// gapsAround counts the breaks of p's day that contains slot s.
	gaps := func(p, s int, add bool) int {
		n, seen, idle := 0, false, false
		for t := 0; t < ns; t++ {
			if dayOf[t] != dayOf[s] {
				continue
			}
			b := busy[p][t] > 0 || add && t == s
			if b {
				if seen && idle {
					n++
				}
				seen, idle = true, false
			} else if seen {
				idle = true
			}
		}
		return n
	}

	for _, m := range order {
		mt := in.Meetings[m]
		pin := in.pinnedTable(m)
		best, bestScore := -1, 0
		for _, s := range dom[m] {
			if used[s] >= in.tablesIn(s) || busy[mt.A][s] >= in.Participants[mt.A].people() || busy[mt.B][s] >= in.Participants[mt.B].people() {
				continue
			}
			if mt.PersonA > 0 && personBusy[key{mt.A, mt.PersonA, s}] || mt.PersonB > 0 && personBusy[key{mt.B, mt.PersonB, s}] {
				continue
			}
			if pin > 0 && tableBusy[tkey{pin, s}] {
				continue
			}
			if !prec.allow(slots, m, s) {
				continue
			}
			score := 0
			for _, p := range []int{mt.A, mt.B} {
				score += 4 * (gaps(p, s, true) - gaps(p, s, false))
				if s > 0 && dayOf[s-1] == dayOf[s] && busy[p][s-1] > 0 {
					score--
				}
				if s+1 < ns && dayOf[s+1] == dayOf[s] && busy[p][s+1] > 0 {
					score--
				}
			}
			if best < 0 || score < bestScore {
				best, bestScore = s, score
			}
		}
		if best < 0 {
			continue
		}
		slots[m] = best
		used[best]++
		busy[mt.A][best]++
		busy[mt.B][best]++
		if mt.PersonA > 0 {
			personBusy[key{mt.A, mt.PersonA, best}] = true
		}
		if mt.PersonB > 0 {
			personBusy[key{mt.B, mt.PersonB, best}] = true
		}
		if pin > 0 {
			tableBusy[tkey{pin, best}] = true
		}
	}
	return slots
}

// improve moves single meetings to other slots while that lowers the
// penalty: first the breaks above the fairness limit, then the total. It
// keeps every hard rule the greedy start keeps, and stops when a sweep
// changes nothing or stop says so.
func improve(in *Instance, dom [][]int, slots []int, fairness int, stop func() bool) {
	ns := len(in.Slots)
	np := len(in.Participants)
	busy := make([][]int, np)
	for p := range busy {
		busy[p] = make([]int, ns)
	}
	used := make([]int, ns)
	type key struct{ p, person, s int }
	personBusy := map[key]int{}
	type tkey struct{ t, s int }
	tableBusy := map[tkey]int{}
	apply := func(m, s, delta int) {
		mt := in.Meetings[m]
		busy[mt.A][s] += delta
		busy[mt.B][s] += delta
		used[s] += delta
		if mt.PersonA > 0 {
			personBusy[key{mt.A, mt.PersonA, s}] += delta
		}
		if mt.PersonB > 0 {
			personBusy[key{mt.B, mt.PersonB, s}] += delta
		}
		if t := in.pinnedTable(m); t > 0 {
			tableBusy[tkey{t, s}] += delta
		}
	}
	for m, s := range slots {
		if s >= 0 {
			apply(m, s, 1)
		}
	}
	prec := newPrecedences(in)
	days := in.days()
	dayOf := make([]int, ns)
	for i, d := range days {
		for _, s := range d {
			dayOf[s] = i
		}
	}
	breaks := func(p int) int {
		n := 0
		for _, d := range days {
			seen, idle := false, false
			for _, s := range d {
				if busy[p][s] > 0 {
					if seen && idle {
						n++
					}
					seen, idle = true, false
				} else if seen {
					idle = true
				}
			}
		}
		return n
	}
	limit := func() int {
		if fairness < 0 {
			return 1 << 30
		}
		lo := -1
		for p := range busy {
			if b := breaks(p); lo < 0 || b < lo {
				lo = b
			}
		}
		return max(lo, 0) + fairness
	}
	penalty := func(p, lim int) int {
		b := breaks(p)
		return 1000*max(0, b-lim) + b
	}
	free := func(m, s int) bool {
		mt := in.Meetings[m]
		if used[s] >= in.tablesIn(s) ||
			busy[mt.A][s] >= in.Participants[mt.A].people() || busy[mt.B][s] >= in.Participants[mt.B].people() ||
			mt.PersonA > 0 && personBusy[key{mt.A, mt.PersonA, s}] > 0 ||
			mt.PersonB > 0 && personBusy[key{mt.B, mt.PersonB, s}] > 0 {
			return false
		}
		if pin := in.pinnedTable(m); pin > 0 && tableBusy[tkey{pin, s}] > 0 {
			return false
		}
		if !prec.allow(slots, m, s) {
			return false
		}
		return true
	}
	mine := make([][]int, np)
	for m, mt := range in.Meetings {
		mine[mt.A] = append(mine[mt.A], m)
		mine[mt.B] = append(mine[mt.B], m)
	}
	// repair tries, for a participant above the limit, to move one of its
	// meetings into a slot held by a partner's other meeting, which moves
	// on to a free slot: a short ejection chain that single moves miss.
	repair := func(p, lim int) bool {
		for _, m := range mine[p] {
			cur := slots[m]
			if cur < 0 || in.Meetings[m].FixedSlot > 0 {
				continue
			}
			mt := in.Meetings[m]
			for _, s := range dom[m] {
				if s == cur {
					continue
				}
				for _, m2 := range append(append([]int(nil), mine[mt.A]...), mine[mt.B]...) {
					if m2 == m || slots[m2] != s || in.Meetings[m2].FixedSlot > 0 {
						continue
					}
					m2t := in.Meetings[m2]
					involved := []int{mt.A, mt.B, m2t.A, m2t.B}
					old := 0
					for _, q := range involved {
						old += penalty(q, lim)
					}
					apply(m, cur, -1)
					apply(m2, s, -1)
					done := false
					if free(m, s) {
						apply(m, s, 1)
						slots[m] = s
						for _, s2 := range dom[m2] {
							if s2 == s || !free(m2, s2) {
								continue
							}
							apply(m2, s2, 1)
							slots[m2] = s2
							nw := 0
							for _, q := range involved {
								nw += penalty(q, lim)
							}
							if nw < old {
								done = true
								break
							}
							apply(m2, s2, -1)
						}
						if !done {
							apply(m, s, -1)
							slots[m] = cur
						}
					}
					if done {
						return true
					}
					slots[m2] = s
					apply(m2, s, 1)
					apply(m, cur, 1)
				}
			}
		}
		return false
	}
	noExcess := func(lim int, ps ...int) bool {
		for _, p := range ps {
			if penalty(p, lim) >= 1000 {
				return false
			}
		}
		return true
	}
	// insertChain places an unscheduled meeting by moving one meeting that
	// blocks its slot somewhere else, when nobody exceeds the limit after.
	insertChain := func(m, lim int) bool {
		mt := in.Meetings[m]
		for _, s := range dom[m] {
			for _, m2 := range append(append([]int(nil), mine[mt.A]...), mine[mt.B]...) {
				if m2 == m || slots[m2] != s || in.Meetings[m2].FixedSlot > 0 {
					continue
				}
				m2t := in.Meetings[m2]
				apply(m2, s, -1)
				slots[m2] = -1
				if free(m, s) {
					apply(m, s, 1)
					slots[m] = s
					if noExcess(lim, mt.A, mt.B) {
						for _, s2 := range dom[m2] {
							if s2 == s || !free(m2, s2) {
								continue
							}
							apply(m2, s2, 1)
							if noExcess(lim, m2t.A, m2t.B, mt.A, mt.B) {
								slots[m2] = s2
								return true
							}
							apply(m2, s2, -1)
						}
					}
					apply(m, s, -1)
					slots[m] = -1
				}
				apply(m2, s, 1)
				slots[m2] = s
			}
		}
		return false
	}
	for sweep := 0; sweep < 50; sweep++ {
		lim := limit()
		changed := false
		for p := range busy {
			if fairness >= 0 && breaks(p) > lim && repair(p, lim) {
				changed = true
			}
		}
		for m, cur := range slots {
			if cur < 0 {
				// Put back a meeting left out, where it breaks no limit.
				mt := in.Meetings[m]
				bestS, bestP := -1, 0
				for _, s := range dom[m] {
					if !free(m, s) {
						continue
					}
					apply(m, s, 1)
					if pa, pb := penalty(mt.A, lim), penalty(mt.B, lim); pa < 1000 && pb < 1000 && (bestS < 0 || pa+pb < bestP) {
						bestS, bestP = s, pa+pb
					}
					apply(m, s, -1)
				}
				if bestS >= 0 {
					apply(m, bestS, 1)
					slots[m] = bestS
					changed = true
				} else if insertChain(m, lim) {
					changed = true
				}
				continue
			}
			if in.Meetings[m].FixedSlot > 0 {
				continue
			}
			if stop != nil && m%256 == 0 && stop() {
				return
			}
			mt := in.Meetings[m]
			old := penalty(mt.A, lim) + penalty(mt.B, lim)
			if old == 0 {
				continue
			}
			apply(m, cur, -1)
			bestS, bestP := cur, old
			pin := in.pinnedTable(m)
			for _, s := range dom[m] {
				if s == cur || used[s] >= in.tablesIn(s) ||
					busy[mt.A][s] >= in.Participants[mt.A].people() || busy[mt.B][s] >= in.Participants[mt.B].people() ||
					mt.PersonA > 0 && personBusy[key{mt.A, mt.PersonA, s}] > 0 ||
					mt.PersonB > 0 && personBusy[key{mt.B, mt.PersonB, s}] > 0 ||
					pin > 0 && tableBusy[tkey{pin, s}] > 0 {
					continue
				}
				if !prec.allow(slots, m, s) {
					continue
				}
				apply(m, s, 1)
				if p := penalty(mt.A, lim) + penalty(mt.B, lim); p < bestP {
					bestS, bestP = s, p
				}
				apply(m, s, -1)
			}
			apply(m, bestS, 1)
			if bestS != cur {
				slots[m] = bestS
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

// fair reports whether a schedule keeps every participant within d breaks
// of the one with the fewest.
func fair(in *Instance, slots []int, d int) bool {
	if d < 0 {
		return true
	}
	bo := breaksOf(in, slots)
	lo, hi := bo[0], bo[0]
	for _, b := range bo {
		lo, hi = min(lo, b), max(hi, b)
	}
	return hi-lo <= d
}
