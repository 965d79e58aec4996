package b2b

import (
	"math/rand/v2"
	"slices"
)

// Tables come after the slots: the breaks are settled, and what is left is
// how far people walk. Each participant's moves are the tables it uses
// beyond its first, and their sum is what assignTables minimises, in three
// steps:
//
//   - firstTables hands out tables slot by slot, reusing one the two sides
//     sat at before;
//   - settle then gives each slot in turn the best tables it can have while
//     every other slot stays as it is, an assignment problem solved exactly
//     (minCostAssignment), until no slot can do better;
//   - a few hundred times, the tables of two random slots are shuffled and
//     the result settled again, kept when it is no worse (iterated local
//     search: settling alone stops where no single slot can improve, and
//     the shuffles take off another 15-26 %).
//
// Over five published events with their optimal slots, the moves came down
// from 99-253 with the first step alone to 84-188 after settling and
// 66-150 in the end (see the README). The work is bounded by a count of
// steps, not by the clock, so the same schedule always gets the same
// tables.

// assignTables gives every scheduled meeting a table (0-based, -1 for
// unscheduled): pinned meetings their table, the others as few different
// tables per participant as it can find. It returns the tables and the
// moves.
func assignTables(in *Instance, slots []int) ([]int, int) {
	tr := newTableRefiner(in, slots, firstTables(in, slots))
	tr.refine(tablePerturbations, tableWork)
	return tr.tables, tr.moves()
}

const (
	// tablePerturbations is how many shuffles the local search tries: on
	// forum-14 (302 meetings) settling alone gave 188 moves, 300 shuffles
	// 150 (56 ms), 1,000 shuffles 145 and 3,000 142, the time growing
	// with the shuffles.
	tablePerturbations = 300
	// tableWork caps the steps of the assignment problems (cells of the
	// cost matrices and of the searches for augmenting paths). The
	// published events need under a tenth of it for all their shuffles;
	// the 2,000-participant fair spends it on its first settling, about a
	// third of a second (with a sixth of it, settling stopped early: 9,731
	// moves against 8,911).
	tableWork = 60_000_000
)

type tableRefiner struct {
	in     *Instance
	slots  []int
	tables []int
	nt     int
	// cnt[p*nt+t] is how many of p's meetings are at table t; used is how
	// many (participant, table) pairs have a meeting, active how many
	// participants have any.
	cnt    []int32
	used   int
	active int
	// free lists each slot's meetings without a pinned table; open lists
	// the tables they may take (not pinned in that slot).
	free [][]int
	open [][]int
	work int
}

func newTableRefiner(in *Instance, slots, tables []int) *tableRefiner {
	tr := &tableRefiner{in: in, slots: slots, tables: tables, nt: len(in.Tables)}
	tr.cnt = make([]int32, len(in.Participants)*tr.nt)
	tr.free = make([][]int, len(in.Slots))
	pinned := make([][]bool, len(in.Slots))
	for s := range pinned {
		pinned[s] = make([]bool, in.tablesIn(s))
	}
	for m, s := range slots {
		if s < 0 {
			continue
		}
		tr.place(m, tables[m], 1)
		if in.pinnedTable(m) > 0 {
			pinned[s][tables[m]] = true
		} else {
			tr.free[s] = append(tr.free[s], m)
		}
	}
	tr.open = make([][]int, len(in.Slots))
	for s, pin := range pinned {
		for t, p := range pin {
			if !p {
				tr.open[s] = append(tr.open[s], t)
			}
		}
	}
	seen := make([]bool, len(in.Participants))
	for m, s := range slots {
		if s < 0 {
			continue
		}
		for _, p := range [2]int{in.Meetings[m].A, in.Meetings[m].B} {
			if !seen[p] {
				seen[p] = true
				tr.active++
			}
		}
	}
	return tr
}

// place adds (d = 1) or removes (d = -1) meeting m at table t.
func (tr *tableRefiner) place(m, t int, d int32) {
	mt := tr.in.Meetings[m]
	for _, p := range [2]int{mt.A, mt.B} {
		c := &tr.cnt[p*tr.nt+t]
		switch {
		case d > 0 && *c == 0:
			tr.used++
		case d < 0 && *c == 1:
			tr.used--
		}
		*c += d
	}
}

func (tr *tableRefiner) moves() int { return tr.used - tr.active }

// settle gives each slot in turn its best tables given all the others,
// until a whole round changes nothing or the work runs out.
func (tr *tableRefiner) settle(budget int) {
	for {
		before := tr.used
		for s, ms := range tr.free {
			if len(ms) > 0 && tr.work < budget {
				tr.settleSlot(s, ms)
			}
		}
		if tr.used >= before || tr.work >= budget {
			return
		}
	}
}

func (tr *tableRefiner) settleSlot(s int, ms []int) {
	cols := tr.open[s]
	if len(ms) > len(cols) {
		// Not from a valid schedule; the assignment needs a column a row.
		return
	}
	for _, m := range ms {
		tr.place(m, tr.tables[m], -1)
	}
	// A new (participant, table) pair costs more than every meeting of the
	// slot changing table, so the pairs come first and, among equals, the
	// current tables stay: settling then ends.
	w := len(ms) + 1
	cost := make([][]int, len(ms))
	for i, m := range ms {
		mt := tr.in.Meetings[m]
		cost[i] = make([]int, len(cols))
		for j, t := range cols {
			c := 0
			if tr.cnt[mt.A*tr.nt+t] == 0 {
				c += w
			}
			if tr.cnt[mt.B*tr.nt+t] == 0 {
				c += w
			}
			if t != tr.tables[m] {
				c++
			}
			cost[i][j] = c
		}
	}
	got, steps := minCostAssignment(cost, len(cols))
	tr.work += steps + len(ms)*len(cols)
	for i, m := range ms {
		tr.tables[m] = cols[got[i]]
		tr.place(m, tr.tables[m], 1)
	}
}

// refine settles the tables, then shuffles and settles again up to n
// times, keeping the best, within budget steps in all.
func (tr *tableRefiner) refine(n, budget int) {
	tr.settle(budget)
	var shuffled []int
	for s, ms := range tr.free {
		if len(ms) > 1 {
			shuffled = append(shuffled, s)
		}
	}
	if len(shuffled) == 0 {
		return
	}
	rng := rand.New(rand.NewPCG(1, uint64(len(tr.slots))))
	best, bestUsed := slices.Clone(tr.tables), tr.used
	for range n {
		if tr.work >= budget {
			break
		}
		for range 2 {
			ms := tr.free[shuffled[rng.IntN(len(shuffled))]]
			ts := make([]int, len(ms))
			for i, m := range ms {
				ts[i] = tr.tables[m]
				tr.place(m, ts[i], -1)
			}
			rng.Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
			for i, m := range ms {
				tr.tables[m] = ts[i]
				tr.place(m, ts[i], 1)
			}
		}
		tr.settle(budget)
		if tr.used <= bestUsed {
			copy(best, tr.tables)
			bestUsed = tr.used
			continue
		}
		for m, s := range tr.slots {
			if s >= 0 && tr.tables[m] != best[m] {
				tr.place(m, tr.tables[m], -1)
				tr.tables[m] = best[m]
				tr.place(m, best[m], 1)
			}
		}
	}
}

// minCostAssignment gives each row of cost (rows <= cols) its own column
// so that the total cost is least (the Hungarian method with potentials,
// rows added one at a time along shortest augmenting paths). It returns
// each row's column and the steps it took.
func minCostAssignment(cost [][]int, cols int) ([]int, int) {
	const inf = int(^uint(0) >> 2)
	n := len(cost)
	u := make([]int, n+1)
	v := make([]int, cols+1)
	row := make([]int, cols+1) // 1-based row holding each column, 0 for none
	way := make([]int, cols+1)
	minv := make([]int, cols+1)
	done := make([]bool, cols+1)
	steps := 0
	for i := 1; i <= n; i++ {
		row[0] = i
		j0 := 0
		for j := range minv {
			minv[j], done[j] = inf, false
		}
		for {
			done[j0] = true
			i0, delta, j1 := row[j0], inf, 0
			steps += cols
			for j := 1; j <= cols; j++ {
				if done[j] {
					continue
				}
				if cur := cost[i0-1][j-1] - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= cols; j++ {
				if done[j] {
					u[row[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if row[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			row[j0] = row[j1]
			j0 = j1
		}
	}
	out := make([]int, n)
	for j := 1; j <= cols; j++ {
		if row[j] > 0 {
			out[row[j]-1] = j - 1
		}
	}
	return out, steps
}

// firstTables is the starting point: slot by slot, pinned meetings get
// their table and the others preferably a table one of the two sides sat
// at in an earlier slot.
func firstTables(in *Instance, slots []int) []int {
	tables := make([]int, len(slots))
	for i := range tables {
		tables[i] = -1
	}
	last := make([]int, len(in.Participants))
	for i := range last {
		last[i] = -1
	}
	bySlot := make([][]int, len(in.Slots))
	for m, s := range slots {
		if s >= 0 {
			bySlot[s] = append(bySlot[s], m)
		}
	}
	used := make([]map[int]bool, len(in.Participants))
	for p := range used {
		used[p] = map[int]bool{}
	}
	for s, ms := range bySlot {
		taken := make([]bool, in.tablesIn(s))
		var rest []int
		for _, m := range ms {
			if t := in.pinnedTable(m); t > 0 {
				tables[m] = t - 1
				taken[t-1] = true
			} else {
				rest = append(rest, m)
			}
		}
		var later []int
		for _, m := range rest {
			mt := in.Meetings[m]
			for _, t := range []int{last[mt.A], last[mt.B]} {
				if t >= 0 && t < len(taken) && !taken[t] {
					tables[m] = t
					taken[t] = true
					break
				}
			}
			if tables[m] < 0 {
				later = append(later, m)
			}
		}
		for _, m := range later {
			mt := in.Meetings[m]
			// Prefer a table neither side has used, so the table keeps
			// serving whoever sits there next.
			pickT := -1
			for t := range taken {
				if !taken[t] {
					pickT = t
					if !used[mt.A][t] && !used[mt.B][t] {
						break
					}
				}
			}
			tables[m] = pickT
			taken[pickT] = true
		}
		for _, m := range ms {
			mt := in.Meetings[m]
			last[mt.A], last[mt.B] = tables[m], tables[m]
			used[mt.A][tables[m]] = true
			used[mt.B][tables[m]] = true
		}
	}
	return tables
}
