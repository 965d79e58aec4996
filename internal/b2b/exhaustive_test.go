package b2b

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

// frameOdds gives, each as one in N, how often a slot has fewer tables
// open and a participant sends two people, is unavailable for one slot or
// has a booth.
type frameOdds struct{ fewerTables, twoPeople, unavailable, booth int }

// randomFrame draws a random event's slots (days of perDay, the second
// half of each in the afternoon), nt tables and np participants, without
// meetings.
func randomFrame(rng *rand.Rand, np, days, perDay, nt int, odds frameOdds) *Instance {
	in := &Instance{}
	for d := range days {
		for s := range perDay {
			sl := Slot{Day: d, Afternoon: s >= perDay/2}
			if rng.IntN(odds.fewerTables) == 0 {
				sl.Tables = 1 + rng.IntN(nt)
			}
			in.Slots = append(in.Slots, sl)
		}
	}
	ns := len(in.Slots)
	for range nt {
		in.Tables = append(in.Tables, Table{})
	}
	for range np {
		p := Participant{}
		if rng.IntN(odds.twoPeople) == 0 {
			p.People = 2
		}
		if rng.IntN(odds.unavailable) == 0 {
			p.Unavailable = []int{rng.IntN(ns)}
		}
		if rng.IntN(odds.booth) == 0 {
			p.Booth = 1 + rng.IntN(nt)
		}
		in.Participants = append(in.Participants, p)
	}
	return in
}

// termOdds gives, each as one in N, how often a meeting is limited to a
// session (N is half the draw: morning or afternoon), to one day, fixed
// to a slot and fixed to a table.
type termOdds struct{ session, days, fixedSlot, fixedTable int }

// randomTerms draws meeting m's terms in event in of the given days: its
// session, day, fixed slot and table, and the named persons of sides that
// send two people.
func randomTerms(rng *rand.Rand, in *Instance, m *Meeting, days int, odds termOdds) {
	switch rng.IntN(2 * odds.session) {
	case 0:
		m.Session = Morning
	case 1:
		m.Session = Afternoon
	}
	if days > 1 && rng.IntN(odds.days) == 0 {
		m.Days = []int{rng.IntN(days)}
	}
	if rng.IntN(odds.fixedSlot) == 0 {
		m.FixedSlot = 1 + rng.IntN(len(in.Slots))
	}
	if rng.IntN(odds.fixedTable) == 0 {
		m.FixedTable = 1 + rng.IntN(len(in.Tables))
	}
	if in.Participants[m.A].People == 2 && rng.IntN(2) == 0 {
		m.PersonA = 1 + rng.IntN(2)
	}
	if in.Participants[m.B].People == 2 && rng.IntN(2) == 0 {
		m.PersonB = 1 + rng.IntN(2)
	}
}

// randomInstance draws a tiny event using every kind of constraint.
func randomInstance(rng *rand.Rand) *Instance {
	np := 3 + rng.IntN(3)
	days := 1 + rng.IntN(2)
	perDay := 2 + rng.IntN(3)
	nt := 1 + rng.IntN(3)
	in := randomFrame(rng, np, days, perDay, nt, frameOdds{fewerTables: 6, twoPeople: 5, unavailable: 4, booth: 8})
	nm := 2 + rng.IntN(4)
	for range nm {
		a := rng.IntN(np)
		b := (a + 1 + rng.IntN(np-1)) % np
		m := Meeting{A: a, B: b, Priority: rng.IntN(2)}
		randomTerms(rng, in, &m, days, termOdds{session: 3, days: 5, fixedSlot: 7, fixedTable: 9})
		in.Meetings = append(in.Meetings, m)
	}
	if rng.IntN(3) == 0 {
		a := rng.IntN(nm)
		b := (a + 1 + rng.IntN(nm-1)) % nm
		in.Precedences = append(in.Precedences, Precedence{Before: a, After: b})
	}
	return in
}

// bruteTables gives pinned meetings their table and the rest any free one.
func bruteTables(in *Instance, slots []int) ([]int, bool) {
	tables := make([]int, len(slots))
	for m := range tables {
		tables[m] = -1
	}
	for s := range in.Slots {
		open := len(in.Tables)
		if in.Slots[s].Tables > 0 {
			open = in.Slots[s].Tables
		}
		used := make([]bool, open)
		for m, mt := range in.Meetings {
			if slots[m] != s {
				continue
			}
			pin := mt.FixedTable
			if pin == 0 {
				pin = in.Participants[mt.A].Booth
			}
			if pin == 0 {
				pin = in.Participants[mt.B].Booth
			}
			if pin > 0 {
				if pin > open || used[pin-1] {
					return nil, false
				}
				used[pin-1] = true
				tables[m] = pin - 1
			}
		}
		for m := range in.Meetings {
			if slots[m] != s || tables[m] >= 0 {
				continue
			}
			t := slices.Index(used, false)
			if t < 0 {
				return nil, false
			}
			used[t] = true
			tables[m] = t
		}
	}
	return tables, true
}

// score orders schedules: scheduled meetings per priority, highest first,
// then fewer breaks.
func score(in *Instance, slots []int, breaks int) []int {
	var out []int
	for lvl := 1; lvl >= 0; lvl-- {
		n := 0
		for m, mt := range in.Meetings {
			if mt.Priority == lvl && slots[m] >= 0 {
				n++
			}
		}
		out = append(out, n)
	}
	return append(out, -breaks)
}

// exhaustive tries every placement of every meeting.
func exhaustive(in *Instance, opt Options) (best []int, found bool) {
	nm, ns := len(in.Meetings), len(in.Slots)
	slots := make([]int, nm)
	var rec func(m int)
	rec = func(m int) {
		if m == nm {
			tables, ok := bruteTables(in, slots)
			if !ok {
				return
			}
			breaks, _, _ := recountBreaks(in, slots)
			if checkSchedule(in, opt, slots, tables, breaks) != nil {
				return
			}
			sc := score(in, slots, breaks)
			if !found || slices.Compare(sc, best) > 0 {
				best, found = sc, true
			}
			return
		}
		first := 0
		if !opt.RequireAll {
			first = -1
		}
		for s := first; s < ns; s++ {
			slots[m] = s
			rec(m + 1)
		}
	}
	rec(0)
	return best, found
}

func TestAgainstExhaustiveSearch(t *testing.T) {
	n := 400
	if os.Getenv("CLUSTERBRIDGE_LONG") == "1" {
		n = 3000
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range n {
		in := randomInstance(rng)
		if in.Validate() != nil {
			continue
		}
		opt := Options{Fairness: rng.IntN(4) - 1, RequireAll: rng.IntN(2) == 0}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			want, feasible := exhaustive(in, opt)
			res, err := Solve(context.Background(), in, opt)
			if err != nil {
				t.Fatalf("Solve: %v", err)
			}
			if !feasible {
				if res.Status != Infeasible {
					t.Fatalf("got %v with %d breaks, exhaustive search finds no schedule (opt %+v)", res.Status, res.Breaks, opt)
				}
				if len(res.Reasons) == 0 {
					t.Errorf("infeasible without a reason")
				}
				return
			}
			if res.Status != Optimal {
				t.Fatalf("got status %v, want optimal %v (opt %+v)", res.Status, want, opt)
			}
			if err := checkSchedule(in, opt, res.Slots, res.Tables, res.Breaks); err != nil {
				t.Fatalf("invalid schedule: %v", err)
			}
			if got := score(in, res.Slots, res.Breaks); !slices.Equal(got, want) {
				t.Fatalf("got score %v, exhaustive optimum %v (opt %+v, instance %+v)", got, want, opt, in)
			}
		})
	}
}

// TestSetUpsAgree puts "at most k breaks" to each one-bound set-up the
// searches use (see newPinned): at the exhaustive optimum every set-up must
// find a valid schedule within it, and one below, none. The finding set-up
// drops an implied rule, counts differently and branches on busy slots;
// this is what shows it still states the same problem.
func TestSetUpsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 17))
	base := encodeParams{requireAll: true}
	proof := base
	proof.proof = true
	tables := proof
	tables.countTables = true
	finding := base.findingSetUp()
	busy := base
	busy.branchBusy = true
	setUps := []struct {
		name string
		prm  encodeParams
	}{{"plain", base}, {"proof", proof}, {"tables", tables}, {"finding", finding}, {"plain, branching on busy slots", busy}}
	checked := feasibleEvents(rng, 150, func(i int, in *Instance, opt Options, optimum int) bool {
		// Every set-up gets the participants' own shapes, as in Solve.
		own, shapes, _ := ownDays(in, true, fairnessCap(in, opt.Fairness), nil)
		sum := boundSum(own)
		for _, su := range setUps {
			name, prm := su.name, su.prm
			prm.fairness, prm.shapes = opt.Fairness, shapes
			for _, k := range []int{optimum - 1, optimum} {
				if k < 0 {
					continue
				}
				b := newPinned(in, prm, own, sum, k)
				got := b.s.solve(nil)
				if k < optimum {
					if got != lFalse {
						t.Fatalf("instance %d, %s: at most %d breaks answered %d, exhaustive optimum %d", i, name, k, got, optimum)
					}
					continue
				}
				if got != lTrue {
					t.Fatalf("instance %d, %s: at most %d breaks (the optimum) answered %d", i, name, k, got)
				}
				if err := checkWithin(in, opt, b.slotsOf(b.s.model), k); err != nil {
					t.Fatalf("instance %d, %s: %v", i, name, err)
				}
			}
		}
		return true
	})
	if checked < 150 {
		t.Fatalf("only %d feasible instances", checked)
	}
}

// TestGuessesAgainstExhaustiveSearch checks the plain set-up narrowed by
// guesses (bounded.guessOwn) on the tiny events whose optimum lies above
// the sum of the participants' own minima, the only ones where it guesses:
// below the optimum it must refute the bound outright, and at the optimum
// it must find a schedule, whatever its guesses were.
func TestGuessesAgainstExhaustiveSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 31))
	guessed, withdrawn := 0, 0
	checked := feasibleEvents(rng, 30, func(i int, in *Instance, opt Options, optimum int) bool {
		own, shapes, _ := ownDays(in, true, fairnessCap(in, opt.Fairness), nil)
		sum := boundSum(own)
		if optimum <= sum {
			return false
		}
		prm := encodeParams{requireAll: true, fairness: opt.Fairness, shapes: shapes}
		for _, k := range []int{optimum - 1, optimum} {
			b := newPinned(in, prm, own, sum, k)
			b.guessOwn(own)
			guessed += len(b.guess)
			got := b.solve()
			withdrawn += b.withdrawn
			switch {
			case k < optimum && got != lFalse:
				t.Fatalf("instance %d: at most %d breaks answered %d with guesses, exhaustive optimum %d", i, k, got, optimum)
			case k == optimum && got != lTrue:
				t.Fatalf("instance %d: at most %d breaks (the optimum) answered %d with guesses", i, k, got)
			case k == optimum:
				if err := checkWithin(in, opt, b.slotsOf(b.s.model), k); err != nil {
					t.Fatalf("instance %d: %v", i, err)
				}
			}
		}
		return true
	})
	// Both ways of the guesses must be exercised: questions narrowed, and
	// refutations that withdraw guesses before the outright answer.
	if checked < 30 || guessed == 0 || withdrawn == 0 {
		t.Fatalf("%d events, %d guesses made, %d withdrawn: the test no longer checks the guesses", checked, guessed, withdrawn)
	}
	t.Logf("%d events, %d guesses made, %d withdrawn", checked, guessed, withdrawn)
}

// checkWithin checks a schedule that a one-bound set-up found under "at most
// k breaks": tables exist for it, the validator accepts it, and its breaks,
// recounted, are within k.
func checkWithin(in *Instance, opt Options, slots []int, k int) error {
	tabs, ok := bruteTables(in, slots)
	if !ok {
		return fmt.Errorf("no tables for the schedule")
	}
	breaks, _, _ := recountBreaks(in, slots)
	if breaks > k {
		return fmt.Errorf("%d breaks under a bound of %d", breaks, k)
	}
	return checkSchedule(in, opt, slots, tabs, breaks)
}

// feasibleEvents draws random tiny events (at most 2,000) until each has
// accepted want of those that can hold every meeting, given with a
// fairness of 0 to 2 and their exhaustive optimum; it returns how many
// each accepted.
func feasibleEvents(rng *rand.Rand, want int, each func(i int, in *Instance, opt Options, optimum int) bool) int {
	n := 0
	for i := 0; n < want && i < 2000; i++ {
		in := randomInstance(rng)
		if in.Validate() != nil {
			continue
		}
		opt := Options{Fairness: rng.IntN(3), RequireAll: true}
		best, feasible := exhaustive(in, opt)
		if feasible && each(i, in, opt, -best[len(best)-1]) {
			n++
		}
	}
	return n
}
