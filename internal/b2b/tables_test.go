package b2b

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"
)

// TestMinCostAssignment checks the Hungarian method against every way of
// giving the rows distinct columns, on small random matrices with many ties.
func TestMinCostAssignment(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for i := range 600 {
		rows := 1 + rng.IntN(5)
		cols := rows + rng.IntN(3)
		top := 3 + rng.IntN(2)*7
		cost := make([][]int, rows)
		for r := range cost {
			cost[r] = make([]int, cols)
			for c := range cost[r] {
				cost[r][c] = rng.IntN(top)
			}
		}
		got, _ := minCostAssignment(cost, cols)
		seen := map[int]bool{}
		total := 0
		for r, c := range got {
			if c < 0 || c >= cols || seen[c] {
				t.Fatalf("matrix %d: row %d got column %d (columns %d, taken %v)", i, r, c, cols, seen[c])
			}
			seen[c] = true
			total += cost[r][c]
		}
		if want := bruteAssignment(cost, cols); total != want {
			t.Fatalf("matrix %d %v: got total %d, want %d", i, cost, total, want)
		}
	}
}

func bruteAssignment(cost [][]int, cols int) int {
	best := -1
	taken := make([]bool, cols)
	var walk func(r, sum int)
	walk = func(r, sum int) {
		if r == len(cost) {
			if best < 0 || sum < best {
				best = sum
			}
			return
		}
		for c := range cols {
			if !taken[c] {
				taken[c] = true
				walk(r+1, sum+cost[r][c])
				taken[c] = false
			}
		}
	}
	walk(0, 0)
	return best
}

// tableMovesOf counts, independently of the solver, the tables each
// participant uses beyond its first.
func tableMovesOf(in *Instance, slots, tables []int) int {
	used := map[int]map[int]bool{}
	for m, s := range slots {
		if s < 0 {
			continue
		}
		for _, p := range []int{in.Meetings[m].A, in.Meetings[m].B} {
			if used[p] == nil {
				used[p] = map[int]bool{}
			}
			used[p][tables[m]] = true
		}
	}
	n := 0
	for _, ts := range used {
		n += len(ts) - 1
	}
	return n
}

// TestAssignTables: on random events (booths, fixed tables, closed tables,
// several people per participant) and on generated fairs, the tables must
// pass the independent validator, the moves reported must be the true
// count, never more than the first tables' moves, and no single slot may
// be able to do better by itself: every way of seating that slot's
// meetings, the other slots unchanged, is tried.
func TestAssignTables(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 19))
	var events []*Instance
	for range 300 {
		if in := randomInstance(rng); in.Validate() == nil {
			events = append(events, in)
		}
	}
	for seed := range uint64(100) {
		spec := EventSpec{Participants: 10 + int(seed%7), Meetings: 14 + int(seed%11), Days: 1, SlotsPerDay: 8, MorningSlots: 4, Tables: 3 + int(seed%3), Restricted: 0.1}
		in, err := Generate(seed, spec)
		if err != nil {
			t.Fatalf("generate %+v: %v", spec, err)
		}
		events = append(events, in)
	}
	better, slotsTried, sumSettled, sumMoves := 0, 0, 0, 0
	for i, in := range events {
		slots := greedy(in, in.domains())
		breaks := 0
		for _, b := range breaksOf(in, slots) {
			breaks += b
		}
		tables, moves := assignTables(in, slots)
		if err := checkSchedule(in, Options{Fairness: -1}, slots, tables, breaks); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if got := tableMovesOf(in, slots, tables); got != moves {
			t.Fatalf("event %d: reported %d moves, counted %d", i, moves, got)
		}
		first := tableMovesOf(in, slots, firstTables(in, slots))
		if moves > first {
			t.Fatalf("event %d: %d moves, the first tables had %d", i, moves, first)
		}
		if moves < first {
			better++
		}
		// Settling alone stops where no one slot can improve; the shuffles
		// must never end worse than that, and in all must end better.
		st := newTableRefiner(in, slots, firstTables(in, slots))
		st.settle(tableWork)
		if moves > st.moves() {
			t.Fatalf("event %d: %d moves, settling alone gave %d", i, moves, st.moves())
		}
		sumSettled += st.moves()
		sumMoves += moves
		for s := range in.Slots {
			var free, open []int
			pinned := make([]bool, in.tablesIn(s))
			for m, sl := range slots {
				if sl != s {
					continue
				}
				if in.pinnedTable(m) > 0 {
					pinned[tables[m]] = true
				} else {
					free = append(free, m)
				}
			}
			for tb, p := range pinned {
				if !p {
					open = append(open, tb)
				}
			}
			if len(free) == 0 || len(free) > 6 {
				continue
			}
			slotsTried++
			try := append([]int(nil), tables...)
			taken := make([]bool, len(open))
			var walk func(k int)
			walk = func(k int) {
				if k == len(free) {
					if got := tableMovesOf(in, slots, try); got < moves {
						t.Fatalf("event %d slot %d: reseating it gives %d moves, assignTables stopped at %d", i, s, got, moves)
					}
					return
				}
				for j, tb := range open {
					if !taken[j] {
						taken[j] = true
						try[free[k]] = tb
						walk(k + 1)
						taken[j] = false
					}
				}
			}
			walk(0)
		}
	}
	// The generated fairs are where the first tables leave room: the test
	// must see improvements, or it checks nothing.
	if better < 20 || slotsTried < 1000 {
		t.Fatalf("only %d events improved and %d slots tried", better, slotsTried)
	}
	if sumMoves >= sumSettled {
		t.Fatalf("%d moves in all, as many as settling alone (%d): the shuffles found nothing", sumMoves, sumSettled)
	}
	t.Logf("%d events, %d with fewer moves than the first tables, %d slots tried; %d moves in all, %d by settling alone", len(events), better, slotsTried, sumMoves, sumSettled)
}

// BenchmarkTables: the table moves of published events with their
// optimal schedules, from the first tables and after refining (metrics
// first-moves and moves), and the time the refining takes.
func BenchmarkTables(b *testing.B) {
	dir := benchDir(b)
	for _, f := range []string{"forum-13", "forum-14", "forumt-14", "tic-13", "forum-13crafc"} {
		in := loadDZN(b, filepath.Join(dir, f+".original.dzn"))
		res, err := Solve(context.Background(), in, Options{Fairness: 2, RequireAll: true, TimeLimit: 20 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(f, func(b *testing.B) {
			moves := 0
			for b.Loop() {
				_, moves = assignTables(in, res.Slots)
			}
			b.ReportMetric(float64(tableMovesOf(in, res.Slots, firstTables(in, res.Slots))), "first-moves")
			b.ReportMetric(float64(moves), "moves")
		})
	}
}
