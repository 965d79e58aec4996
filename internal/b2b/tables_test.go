package b2b

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
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

// tableEffort counts, independently of the solver, the walks (a
// participant's meeting at another table than its meeting in the slot
// before; two meetings in one slot are two people, not a walk) and the
// tables each participant uses beyond its first.
func tableEffort(in *Instance, slots, tables []int) [2]int {
	type seat struct{ s, m int }
	seats := map[int][]seat{}
	for m, s := range slots {
		if s >= 0 {
			for _, p := range []int{in.Meetings[m].A, in.Meetings[m].B} {
				seats[p] = append(seats[p], seat{s, m})
			}
		}
	}
	walks, extra := 0, 0
	for _, ss := range seats {
		sort.Slice(ss, func(i, j int) bool { return ss[i].s < ss[j].s || ss[i].s == ss[j].s && ss[i].m < ss[j].m })
		distinct := map[int]bool{}
		for i, x := range ss {
			distinct[tables[x.m]] = true
			if i > 0 && ss[i-1].s != x.s && tables[ss[i-1].m] != tables[x.m] {
				walks++
			}
		}
		extra += len(distinct) - 1
	}
	return [2]int{walks, extra}
}

// worse compares (walks, extra tables), walks first.
func worse(a, b [2]int) bool { return slices.Compare(a[:], b[:]) > 0 }

// TestAssignTables: on random events (booths, fixed tables, closed tables,
// several people per participant) and on generated fairs, the tables must
// pass the independent validator, the walks reported must be the true
// count, (walks, extra tables) never worse than the first tables' or than
// settling alone, and no single slot may be able to do better by itself:
// every way of seating that slot's meetings, the other slots unchanged,
// is tried.
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
	better, slotsTried := 0, 0
	var sumSettled, sumGot [2]int
	for i, in := range events {
		slots := greedy(in, in.domains())
		breaks := 0
		for _, b := range breaksOf(in, slots) {
			breaks += b
		}
		tables, walks := assignTables(in, slots, time.Time{})
		if err := checkSchedule(in, Options{Fairness: -1}, slots, tables, breaks); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		got := tableEffort(in, slots, tables)
		if got[0] != walks {
			t.Fatalf("event %d: reported %d walks, counted %d", i, walks, got[0])
		}
		first := tableEffort(in, slots, firstTables(in, slots))
		if worse(got, first) {
			t.Fatalf("event %d: %v walks and extra tables, the first tables had %v", i, got, first)
		}
		if worse(first, got) {
			better++
		}
		// Settling alone stops where no one slot can improve; the shuffles
		// must never end worse than that, and in all must end better.
		st := newTableRefiner(in, slots, firstTables(in, slots))
		st.settle(tableWork)
		settled := tableEffort(in, slots, st.tables)
		if worse(got, settled) {
			t.Fatalf("event %d: %v walks and extra tables, settling alone gave %v", i, got, settled)
		}
		for k := range 2 {
			sumSettled[k] += settled[k]
			sumGot[k] += got[k]
		}
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
					if alt := tableEffort(in, slots, try); worse(got, alt) {
						t.Fatalf("event %d slot %d: reseating it gives %v walks and extra tables, assignTables stopped at %v", i, s, alt, got)
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
	if !worse(sumSettled, sumGot) {
		t.Fatalf("%v walks and extra tables in all, no better than settling alone (%v): the shuffles found nothing", sumGot, sumSettled)
	}
	t.Logf("%d events, %d better than the first tables, %d slots tried; %v walks and extra tables in all, %v by settling alone", len(events), better, slotsTried, sumGot, sumSettled)
}

// BenchmarkTables: the walks and extra tables of published events with
// their optimal schedules, from the first tables and after refining, and
// the time the refining takes.
func BenchmarkTables(b *testing.B) {
	dir := benchDir(b)
	for _, f := range []string{"forum-13", "forum-14", "forumt-14", "tic-13", "forum-13crafc"} {
		in := loadDZN(b, filepath.Join(dir, f+".original.dzn"))
		res, err := Solve(context.Background(), in, Options{Fairness: 2, RequireAll: true, TimeLimit: 20 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(f, func(b *testing.B) {
			var tables []int
			for b.Loop() {
				tables, _ = assignTables(in, res.Slots, time.Time{})
			}
			reportTables(b, in, res.Slots, tables)
		})
	}
}

// reportTables reports the walks and extra tables of a schedule's tables
// and of its first pass, as benchmark metrics.
func reportTables(b *testing.B, in *Instance, slots, tables []int) {
	first, got := tableEffort(in, slots, firstTables(in, slots)), tableEffort(in, slots, tables)
	b.ReportMetric(float64(first[0]), "first-walks")
	b.ReportMetric(float64(got[0]), "walks")
	b.ReportMetric(float64(first[1]), "first-extra-tables")
	b.ReportMetric(float64(got[1]), "extra-tables")
}

// The organiser's time limit holds for the tables too: past it, the
// tables are the first pass's, valid as they are; with time, the
// settling and shuffles improve on them.
func TestAssignTablesUntil(t *testing.T) {
	in, err := Generate(4, EventSpec{Participants: 60, Meetings: 240, Days: 1, SlotsPerDay: 12, MorningSlots: 6, Tables: 24, Restricted: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	slots := greedy(in, in.domains())
	breaks := boundSum(breaksOf(in, slots))
	first := tableEffort(in, slots, firstTables(in, slots))
	for _, tc := range []struct {
		name     string
		until    time.Time
		improves bool
	}{
		{"limit passed", time.Now().Add(-time.Second), false},
		{"no limit", time.Time{}, true},
	} {
		tables, walks := assignTables(in, slots, tc.until)
		if err := checkSchedule(in, Options{Fairness: -1}, slots, tables, breaks); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := tableEffort(in, slots, tables)
		if got[0] != walks {
			t.Errorf("%s: reported %d walks, counted %d", tc.name, walks, got[0])
		}
		if improved := worse(first, got); improved != tc.improves {
			t.Errorf("%s: %v walks and extra tables against the first pass's %v; improved %v, want %v", tc.name, got, first, improved, tc.improves)
		}
	}
}
