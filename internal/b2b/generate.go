package b2b

import (
	"fmt"
	"math/rand/v2"
)

// EventSpec sizes a generated event.
type EventSpec struct {
	Participants int
	Meetings     int
	Days         int
	SlotsPerDay  int
	MorningSlots int // per day
	Tables       int
	// Restricted is the share (0..1) of meetings limited to a session, and
	// of participants unavailable for one slot.
	Restricted float64
}

// LargeEvent is the size of the biggest fairs the network runs.
var LargeEvent = EventSpec{Participants: 2000, Meetings: 10000, Days: 2, SlotsPerDay: 16, MorningSlots: 8, Tables: 400, Restricted: 0.05}

// Generate builds a reproducible synthetic event: participants with a skewed
// number of requests (a few popular buyers, many sellers with a handful),
// never more meetings per participant than three quarters of the slots.
func Generate(seed uint64, spec EventSpec) (*Instance, error) {
	if spec.Participants < 2 || spec.Days < 1 || spec.SlotsPerDay < 1 || spec.Tables < 1 {
		return nil, fmt.Errorf("%w: event spec %+v too small", ErrInvalid, spec)
	}
	ns := spec.Days * spec.SlotsPerDay
	limit := max(1, ns*3/4)
	maxPairs := spec.Participants * limit / 2
	if spec.Meetings > maxPairs || spec.Meetings > ns*spec.Tables {
		return nil, fmt.Errorf("%w: %d meetings cannot fit %d participants in %d slots", ErrInvalid, spec.Meetings, spec.Participants, ns)
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	in := &Instance{Name: fmt.Sprintf("generated-%d", seed)}
	for p := range spec.Participants {
		in.Participants = append(in.Participants, Participant{ID: fmt.Sprintf("p%04d", p+1), Name: fmt.Sprintf("Participant %d", p+1)})
	}
	for d := range spec.Days {
		for s := range spec.SlotsPerDay {
			in.Slots = append(in.Slots, Slot{Label: fmt.Sprintf("day %d slot %d", d+1, s+1), Day: d, Afternoon: s >= spec.MorningSlots})
		}
	}
	for t := range spec.Tables {
		in.Tables = append(in.Tables, Table{Name: fmt.Sprintf("T%d", t+1)})
	}
	// Popularity weights: square of a uniform draw gives a long tail.
	weight := make([]float64, spec.Participants)
	total := 0.0
	for p := range weight {
		u := rng.Float64()
		weight[p] = 0.2 + 3*u*u
		total += weight[p]
	}
	pickP := func() int {
		x := rng.Float64() * total
		for p, w := range weight {
			x -= w
			if x < 0 {
				return p
			}
		}
		return len(weight) - 1
	}
	deg := make([]int, spec.Participants)
	seen := map[[2]int]bool{}
	for tries := 0; len(in.Meetings) < spec.Meetings; tries++ {
		if tries > 100*spec.Meetings {
			return nil, fmt.Errorf("%w: could not draw %d distinct meetings", ErrInvalid, spec.Meetings)
		}
		a, b := pickP(), pickP()
		if a == b || deg[a] >= limit || deg[b] >= limit {
			continue
		}
		k := [2]int{min(a, b), max(a, b)}
		if seen[k] {
			continue
		}
		seen[k] = true
		deg[a]++
		deg[b]++
		m := Meeting{A: a, B: b}
		if rng.Float64() < spec.Restricted && spec.MorningSlots > 0 && spec.MorningSlots < spec.SlotsPerDay {
			m.Session = Session(1 + rng.IntN(2))
		}
		if rng.IntN(10) == 0 {
			m.Priority = 1
		}
		in.Meetings = append(in.Meetings, m)
	}
	for p := range in.Participants {
		if rng.Float64() < spec.Restricted && deg[p] < limit {
			in.Participants[p].Unavailable = []int{rng.IntN(ns)}
		}
	}
	return in, in.Validate()
}
