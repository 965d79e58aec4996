package b2b

import (
	"fmt"
	"slices"
)

// checkSchedule re-checks a schedule against the instance from first
// principles. It deliberately shares no code with the solver: it works from
// the plain fields of the instance and recounts breaks its own way.
func checkSchedule(in *Instance, opt Options, slots, tables []int, claimedBreaks int) error {
	if len(slots) != len(in.Meetings) || len(tables) != len(in.Meetings) {
		return fmt.Errorf("got %d slots and %d tables for %d meetings", len(slots), len(tables), len(in.Meetings))
	}
	ns := len(in.Slots)
	open := func(s int) int {
		if in.Slots[s].Tables > 0 {
			return in.Slots[s].Tables
		}
		return len(in.Tables)
	}
	perSlot := make([]int, ns)
	tableUse := map[[2]int]int{}
	partUse := map[[2]int]int{}
	personUse := map[[3]int]int{}
	for m, mt := range in.Meetings {
		s, t := slots[m], tables[m]
		if s < 0 {
			if opt.RequireAll {
				return fmt.Errorf("meeting %d unscheduled but all are required", m)
			}
			if t != -1 {
				return fmt.Errorf("unscheduled meeting %d has table %d", m, t)
			}
			continue
		}
		if s >= ns {
			return fmt.Errorf("meeting %d in slot %d of %d", m, s, ns)
		}
		sl := in.Slots[s]
		if mt.Session == Morning && sl.Afternoon {
			return fmt.Errorf("morning meeting %d in afternoon slot %d", m, s)
		}
		if mt.Session == Afternoon && !sl.Afternoon {
			return fmt.Errorf("afternoon meeting %d in morning slot %d", m, s)
		}
		if len(mt.Days) > 0 && !slices.Contains(mt.Days, sl.Day) {
			return fmt.Errorf("meeting %d on day %d, allowed %v", m, sl.Day, mt.Days)
		}
		if mt.FixedSlot > 0 && s != mt.FixedSlot-1 {
			return fmt.Errorf("meeting %d fixed to slot %d but in %d", m, mt.FixedSlot-1, s)
		}
		for _, p := range []int{mt.A, mt.B} {
			if slices.Contains(in.Participants[p].Unavailable, s) {
				return fmt.Errorf("meeting %d in slot %d where participant %d is unavailable", m, s, p)
			}
			partUse[[2]int{p, s}]++
			people := max(in.Participants[p].People, 1)
			if partUse[[2]int{p, s}] > people {
				return fmt.Errorf("participant %d has %d meetings in slot %d with %d people", p, partUse[[2]int{p, s}], s, people)
			}
		}
		for _, ps := range [][2]int{{mt.A, mt.PersonA}, {mt.B, mt.PersonB}} {
			if ps[1] > 0 {
				k := [3]int{ps[0], ps[1], s}
				personUse[k]++
				if personUse[k] > 1 {
					return fmt.Errorf("person %d of participant %d double-booked in slot %d", ps[1], ps[0], s)
				}
			}
		}
		perSlot[s]++
		if perSlot[s] > open(s) {
			return fmt.Errorf("slot %d has %d meetings but %d tables", s, perSlot[s], open(s))
		}
		if t < 0 || t >= open(s) {
			return fmt.Errorf("meeting %d at table %d, open tables %d", m, t, open(s))
		}
		tableUse[[2]int{s, t}]++
		if tableUse[[2]int{s, t}] > 1 {
			return fmt.Errorf("table %d used twice in slot %d", t, s)
		}
		want := mt.FixedTable
		if want == 0 {
			want = in.Participants[mt.A].Booth
		}
		if want == 0 {
			want = in.Participants[mt.B].Booth
		}
		if want > 0 && t != want-1 {
			return fmt.Errorf("meeting %d must be at table %d, got %d", m, want-1, t)
		}
	}
	for _, pr := range in.Precedences {
		a, b := slots[pr.Before], slots[pr.After]
		if a >= 0 && b >= 0 && a >= b {
			return fmt.Errorf("meeting %d (slot %d) must precede meeting %d (slot %d)", pr.Before, a, pr.After, b)
		}
	}
	total, lo, hi := recountBreaks(in, slots)
	if total != claimedBreaks {
		return fmt.Errorf("claimed %d breaks, recount gives %d", claimedBreaks, total)
	}
	if opt.Fairness >= 0 && hi-lo > opt.Fairness {
		return fmt.Errorf("breaks range %d..%d exceeds fairness %d", lo, hi, opt.Fairness)
	}
	return nil
}

// recountBreaks lists each participant's busy slots per day and counts the
// gaps between consecutive ones.
func recountBreaks(in *Instance, slots []int) (total, lo, hi int) {
	lo, hi = -1, -1
	for p := range in.Participants {
		busy := map[int][]int{}
		for m, mt := range in.Meetings {
			if s := slots[m]; s >= 0 && (mt.A == p || mt.B == p) {
				d := in.Slots[s].Day
				if !slices.Contains(busy[d], s) {
					busy[d] = append(busy[d], s)
				}
			}
		}
		n := 0
		for _, ss := range busy {
			slices.Sort(ss)
			for i := 1; i < len(ss); i++ {
				if ss[i] > ss[i-1]+1 {
					n++
				}
			}
		}
		total += n
		if lo < 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	return total, lo, hi
}
