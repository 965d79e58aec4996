package b2b

import (
	"math/rand/v2"
	"slices"
	"time"
)

// Tables come after the slots: the breaks are settled, and what is left is
// how far people walk. A walk is a participant's meeting at another table
// than its meeting in the slot before; assignTables makes the walks as few
// as it can and then the tables each participant uses beyond its first. It
// goes in three steps:
//
//   - firstTables hands out tables slot by slot, reusing one the two sides
//     sat at before;
//   - settle then gives each slot in turn the best tables it can have while
//     every other slot stays as it is, an assignment problem solved exactly
//     (minCostAssignment), until no slot can do better;
//   - a few hundred times, the tables of two random slots are shuffled and
//     the result settled again, kept when it is no worse (iterated local
//     search: settling alone stops where no single slot can improve).
//
// Walks come first because they are what people feel. Counting only the
// different tables, the first version of this step took them down by a
// third on five published events, but people walked 30-50 % more: a
// participant going back and forth between two tables uses two tables and
// walks at every meeting. The first step is already close on walks; the
// other two take 1-6 % more walks off and 4-14 % of the extra tables (see
// the README). The work is bounded by a count of steps, not by the clock,
// so the same schedule always gets the same tables, unless the organiser's
// time limit comes first (see assignTables).

// assignTables gives every scheduled meeting a table (0-based, -1 for
// unscheduled): pinned meetings their table, the others as few walks and
// then as few tables per participant as it finds. It returns the tables
// and the walks. The settling and shuffles stop at until, unless it is
// zero: the organiser's time limit holds for the tables too.
func assignTables(in *Instance, slots []int, until time.Time) ([]int, int) {
	tr := newTableRefiner(in, slots, firstTables(in, slots))
	tr.until = until
	tr.refine(tablePerturbations, tableWork)
	return tr.tables, tr.walks()
}

const (
	// tablePerturbations is how many shuffles the local search tries: on
	// forum-14 (302 meetings) settling alone gave 271 walks and 241 extra
	// tables, 300 shuffles 267 and 230 (0.15 s), 1,000 shuffles 266 and
	// 221 in three times the time.
	tablePerturbations = 300
	// tableWork caps the steps of the assignment problems (cells of the
	// cost matrices and of the searches for augmenting paths). The
	// published events need a fraction of it for all their shuffles; the
	// 2,000-participant fair spends it on settling, about a third of a
	// second.
	tableWork = 60_000_000
)

type tableRefiner struct {
	in     *Instance
	slots  []int
	tables []int
	nt     int
	// cnt[p*nt+t] is how many of p's meetings are at table t; used is how
	// many (participant, table) pairs have a meeting. The participants
	// with a meeting do not change, so used orders the tables beyond each
	// one's first as well as their count does.
	cnt  []int32
	used int
	// free lists each slot's meetings without a pinned table; open lists
	// the tables they may take (not pinned in that slot).
	free [][]int
	open [][]int
	work int
	// cost is the buffer of settleSlot's matrices: the fair's slots
	// (hundreds of meetings by 400 tables) are settled dozens of times.
	cost []int
	// seq lists each participant's meetings by slot; at[m] is m's place
	// in its two sides' lists.
	seq [][]int
	at  [][2]int
	// until, unless zero, ends the settling and shuffles (see
	// assignTables).
	until time.Time
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
	tr.seq = make([][]int, len(in.Participants))
	tr.at = make([][2]int, len(slots))
	for m, s := range slots {
		if s >= 0 {
			mt := in.Meetings[m]
			tr.seq[mt.A] = append(tr.seq[mt.A], m)
			tr.seq[mt.B] = append(tr.seq[mt.B], m)
		}
	}
	for p, ms := range tr.seq {
		slices.SortStableFunc(ms, func(a, b int) int { return slots[a] - slots[b] })
		for i, m := range ms {
			side := 0
			if in.Meetings[m].B == p {
				side = 1
			}
			tr.at[m][side] = i
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

// walks counts, over participants, the times a meeting is at another table
// than the participant's meeting in the slot before (meetings in the same
// slot are different people of one participant: not a walk).
func (tr *tableRefiner) walks() int {
	n := 0
	for _, ms := range tr.seq {
		for i := 1; i < len(ms); i++ {
			a, b := ms[i-1], ms[i]
			if tr.slots[a] != tr.slots[b] && tr.tables[a] != tr.tables[b] {
				n++
			}
		}
	}
	return n
}

// around returns the tables of side's participant's meetings in the
// nearest slots before and after m's (-1 for none).
func (tr *tableRefiner) around(m, side int) (int, int) {
	p := tr.in.Meetings[m].A
	if side == 1 {
		p = tr.in.Meetings[m].B
	}
	ms, s := tr.seq[p], tr.slots[m]
	prev, next := -1, -1
	for j := tr.at[m][side] - 1; j >= 0; j-- {
		if tr.slots[ms[j]] != s {
			prev = tr.tables[ms[j]]
			break
		}
	}
	for j := tr.at[m][side] + 1; j < len(ms); j++ {
		if tr.slots[ms[j]] != s {
			next = tr.tables[ms[j]]
			break
		}
	}
	return prev, next
}

// score is what the refining lowers: walks, then tables.
func (tr *tableRefiner) score() [2]int {
	return [2]int{tr.walks(), tr.used}
}

// spent reports whether the work budget or the time for the tables is
// used up.
func (tr *tableRefiner) spent(budget int) bool {
	return tr.work >= budget || !tr.until.IsZero() && time.Now().After(tr.until)
}

// settle gives each slot in turn its best tables given all the others,
// until a whole round changes nothing or the work runs out.
func (tr *tableRefiner) settle(budget int) {
	for {
		before := tr.score()
		for s, ms := range tr.free {
			if len(ms) > 0 && !tr.spent(budget) {
				tr.settleSlot(s, ms)
			}
		}
		if after := tr.score(); slices.Compare(after[:], before[:]) >= 0 || tr.spent(budget) {
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
	// The cost of a meeting at a table, given the other slots: its walks
	// (from the two sides' tables in the slots before and after) weigh
	// more than all the slot's new (participant, table) pairs can, and
	// those more than every meeting changing table; among equals the
	// current tables stay, so settling ends.
	n := len(ms)
	w2 := n + 1
	w1 := (4*n + 1) * w2
	if need := n * len(cols); cap(tr.cost) < need {
		tr.cost = make([]int, need)
	}
	cost := make([][]int, len(ms))
	for i, m := range ms {
		mt := tr.in.Meetings[m]
		pa, na := tr.around(m, 0)
		pb, nb := tr.around(m, 1)
		cost[i] = tr.cost[i*len(cols) : (i+1)*len(cols)]
		for j, t := range cols {
			pairs := 0
			if tr.cnt[mt.A*tr.nt+t] == 0 {
				pairs++
			}
			if tr.cnt[mt.B*tr.nt+t] == 0 {
				pairs++
			}
			walks := 0
			for _, o := range [4]int{pa, na, pb, nb} {
				if o >= 0 && o != t {
					walks++
				}
			}
			c := 0
			if t != tr.tables[m] {
				c++
			}
			c += w1*walks + w2*pairs
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
	best, bestScore := slices.Clone(tr.tables), tr.score()
	for range n {
		if tr.spent(budget) {
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
		if sc := tr.score(); slices.Compare(sc[:], bestScore[:]) <= 0 {
			copy(best, tr.tables)
			bestScore = sc
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
