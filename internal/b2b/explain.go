package b2b

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// ReasonCode names a kind of explanation, stable for translation.
type ReasonCode string

const (
	// ParticipantOverbooked: Participant has Need meetings but Have free slots.
	ParticipantOverbooked ReasonCode = "participant_overbooked"
	// SessionOverbooked: Participant has Need meetings limited to Session but
	// Have free slots in it.
	SessionOverbooked ReasonCode = "session_overbooked"
	// SlotOverbooked: Slot needs Need tables for fixed meetings, Have are open.
	SlotOverbooked ReasonCode = "slot_overbooked"
	// FixedClash: Meeting and Other are both fixed to Slot with a shared
	// participant or table.
	FixedClash ReasonCode = "fixed_clash"
	// NoSlot: Meeting has no slot allowed by its restrictions.
	NoSlot ReasonCode = "no_slot"
	// EventOverbooked: Need meetings in total but only Have table-slots.
	EventOverbooked ReasonCode = "event_overbooked"
	// PrecedenceCycle: the precedences around Meeting form a cycle.
	PrecedenceCycle ReasonCode = "precedence_cycle"
	// FairnessTooStrict: every meeting fits, but not within fairness Need.
	FairnessTooStrict ReasonCode = "fairness_too_strict"
	// Combination: the constraints conflict only in combination.
	Combination ReasonCode = "combination"
	// Unscheduled: Meeting could not be placed.
	Unscheduled ReasonCode = "unscheduled"
	// TablesOverbooked: Meetings can only be held in Slots, whose tables
	// have room for Have of them.
	TablesOverbooked ReasonCode = "tables_overbooked"
	// ParticipantSlotsOverbooked: Participant's Meetings can only be held
	// in Slots, where it has room for Have of them.
	ParticipantSlotsOverbooked ReasonCode = "participant_slots_overbooked"
)

// Reason is one explanation an organiser can act on. Indices are 0-based;
// String prints them 1-based. Unused fields are -1.
type Reason struct {
	Code        ReasonCode
	Participant int
	Meeting     int
	Other       int
	Slot        int
	Session     Session
	Have, Need  int
	// Meetings and Slots list what a shortfall found by a flow is about
	// (see capacity.go).
	Meetings, Slots []int
}

func newReason(c ReasonCode) Reason {
	return Reason{Code: c, Participant: -1, Meeting: -1, Other: -1, Slot: -1}
}

func (r Reason) String() string {
	switch r.Code {
	case ParticipantOverbooked:
		return fmt.Sprintf("participant %d has %d meetings but only %d free slots", r.Participant+1, r.Need, r.Have)
	case SessionOverbooked:
		return fmt.Sprintf("participant %d has %d %s-only meetings but only %d free %s slots", r.Participant+1, r.Need, r.Session, r.Have, r.Session)
	case SlotOverbooked:
		return fmt.Sprintf("slot %d needs %d tables for fixed meetings but has %d", r.Slot+1, r.Need, r.Have)
	case FixedClash:
		return fmt.Sprintf("meetings %d and %d are both fixed to slot %d but share a participant or table", r.Meeting+1, r.Other+1, r.Slot+1)
	case NoSlot:
		return fmt.Sprintf("meeting %d has no slot that fits its restrictions and its participants' availability", r.Meeting+1)
	case EventOverbooked:
		return fmt.Sprintf("the event has %d meetings but only %d table-slots", r.Need, r.Have)
	case PrecedenceCycle:
		return fmt.Sprintf("meeting %d must come before itself through a chain of precedences", r.Meeting+1)
	case FairnessTooStrict:
		return fmt.Sprintf("every meeting fits, but not with at most %d breaks between participants' counts; allow more", r.Need)
	case Combination:
		return "no single rule is violated; the fixed slots, availability, precedences and table limits conflict in combination"
	case TablesOverbooked:
		return fmt.Sprintf("meetings %s can only be held in slots %s, whose tables have room for %d of these %d", oneBased(r.Meetings), oneBased(r.Slots), r.Have, r.Need)
	case ParticipantSlotsOverbooked:
		return fmt.Sprintf("participant %d has %d meetings (%s) that can only be held in slots %s, with room for %d of them", r.Participant+1, r.Need, oneBased(r.Meetings), oneBased(r.Slots), r.Have)
	case Unscheduled:
		return fmt.Sprintf("meeting %d (participants %d and %d) could not be placed", r.Meeting+1, r.Participant+1, r.Other+1)
	}
	return string(r.Code)
}

// explain looks for simple counting arguments behind an infeasible or
// partial answer. slots may be nil.
func explain(in *Instance, opt Options, slots []int, stop func() bool) []Reason {
	var out []Reason
	ns := len(in.Slots)
	off := make([]map[int]bool, len(in.Participants))
	for p, pp := range in.Participants {
		off[p] = map[int]bool{}
		for _, s := range pp.Unavailable {
			off[p][s] = true
		}
	}
	need := make([]int, len(in.Participants))
	needSes := map[[2]int]int{}
	for m, mt := range in.Meetings {
		if len(in.domain(m)) == 0 {
			r := newReason(NoSlot)
			r.Meeting = m
			out = append(out, r)
		}
		for _, p := range []int{mt.A, mt.B} {
			need[p]++
			if mt.Session != AnySession {
				needSes[[2]int{p, int(mt.Session)}]++
			}
		}
	}
	for p := range in.Participants {
		free, freeSes := 0, map[Session]int{}
		for s, sl := range in.Slots {
			if off[p][s] {
				continue
			}
			free++
			if sl.Afternoon {
				freeSes[Afternoon]++
			} else {
				freeSes[Morning]++
			}
		}
		cap := in.Participants[p].people()
		if need[p] > free*cap {
			r := newReason(ParticipantOverbooked)
			r.Participant, r.Need, r.Have = p, need[p], free*cap
			out = append(out, r)
			continue
		}
		for _, ses := range []Session{Morning, Afternoon} {
			if n := needSes[[2]int{p, int(ses)}]; n > freeSes[ses]*cap {
				r := newReason(SessionOverbooked)
				r.Participant, r.Session, r.Need, r.Have = p, ses, n, freeSes[ses]*cap
				out = append(out, r)
			}
		}
	}
	fixedAt := make([][]int, ns)
	total := 0
	for s := range in.Slots {
		total += in.tablesIn(s)
	}
	if len(in.Meetings) > total {
		r := newReason(EventOverbooked)
		r.Need, r.Have = len(in.Meetings), total
		out = append(out, r)
	}
	for m, mt := range in.Meetings {
		if mt.FixedSlot > 0 {
			fixedAt[mt.FixedSlot-1] = append(fixedAt[mt.FixedSlot-1], m)
		}
	}
	for s, ms := range fixedAt {
		if len(ms) > in.tablesIn(s) {
			r := newReason(SlotOverbooked)
			r.Slot, r.Need, r.Have = s, len(ms), in.tablesIn(s)
			out = append(out, r)
		}
		for i, a := range ms {
			for _, b := range ms[i+1:] {
				if clashes(in, a, b) {
					r := newReason(FixedClash)
					r.Meeting, r.Other, r.Slot = a, b, s
					out = append(out, r)
				}
			}
		}
	}
	if m := precedenceCycle(in); m >= 0 {
		r := newReason(PrecedenceCycle)
		r.Meeting = m
		out = append(out, r)
	}
	out = append(out, shortfallReasons(in, out)...)
	if slots == nil && len(out) == 0 && opt.Fairness >= 0 {
		// Check whether dropping fairness alone would help; the check is a
		// full solve, so it only runs on events of benchmark size.
		if len(in.Meetings) <= 2000 {
			e := encode(in, encodeParams{fairness: -1, requireAll: true})
			budget := budgetStop(2_000_000)
			e.s.stop = func() bool { return stop() || budget() }
			if e.s.solve(nil) == lTrue {
				r := newReason(FairnessTooStrict)
				r.Need = opt.Fairness
				out = append(out, r)
			}
		}
	}
	if slots == nil && len(out) == 0 {
		out = append(out, newReason(Combination))
	}
	for m, s := range slots {
		if s < 0 {
			r := newReason(Unscheduled)
			r.Meeting, r.Participant, r.Other = m, in.Meetings[m].A, in.Meetings[m].B
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code != Unscheduled && out[j].Code == Unscheduled })
	return out
}

// shortfallReasons turns the flows' shortfalls (see holdBound) into
// reasons, leaving out those that the simple counts in found already
// explain: the same fact, said more plainly.
func shortfallReasons(in *Instance, found []Reason) []Reason {
	whole := map[int]bool{} // participants whose count says it all; -1: the event's
	sessions := map[int][]Session{}
	var slotsSaid []int
	for _, r := range found {
		switch r.Code {
		case ParticipantOverbooked:
			whole[r.Participant] = true
		case SessionOverbooked:
			sessions[r.Participant] = append(sessions[r.Participant], r.Session)
		case EventOverbooked:
			whole[-1] = true
		case SlotOverbooked:
			slotsSaid = append(slotsSaid, r.Slot)
		}
	}
	// covered reports whether every slot of a shortfall is one that a
	// counting reason of the same participant (or of the tables) names.
	covered := func(sf shortfall) bool {
		for _, s := range sf.Slots {
			ses := Morning
			if in.Slots[s].Afternoon {
				ses = Afternoon
			}
			if sf.Participant < 0 && !slices.Contains(slotsSaid, s) || sf.Participant >= 0 && !slices.Contains(sessions[sf.Participant], ses) {
				return false
			}
		}
		return true
	}
	_, why := holdBound(in, in.domains(), meetingsAt(in, nil))
	var out []Reason
	for _, sf := range why {
		if whole[sf.Participant] || len(sf.Slots) == 0 || covered(sf) {
			// No slot at all is a NoSlot reason of each meeting.
			continue
		}
		r := newReason(TablesOverbooked)
		if sf.Participant >= 0 {
			r.Code, r.Participant = ParticipantSlotsOverbooked, sf.Participant
		}
		r.Meetings, r.Slots, r.Have, r.Need = sf.Meetings, sf.Slots, sf.Have, len(sf.Meetings)
		out = append(out, r)
	}
	return out
}

// oneBased lists 0-based indices 1-based, for organisers.
func oneBased(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x + 1)
	}
	return strings.Join(parts, ", ")
}

// budgetStop stops a search after roughly n calls, a deterministic budget.
func budgetStop(n int) func() bool {
	calls := 0
	return func() bool {
		calls++
		return calls*256 > n
	}
}

func clashes(in *Instance, a, b int) bool {
	ma, mb := in.Meetings[a], in.Meetings[b]
	for _, p := range []int{ma.A, ma.B} {
		for _, q := range []int{mb.A, mb.B} {
			if p == q && in.Participants[p].people() == 1 {
				return true
			}
		}
	}
	ta, tb := in.pinnedTable(a), in.pinnedTable(b)
	return ta > 0 && ta == tb
}

// precedenceCycle returns a meeting on a precedence cycle, or -1.
func precedenceCycle(in *Instance) int {
	next := make([][]int, len(in.Meetings))
	for _, p := range in.Precedences {
		next[p.Before] = append(next[p.Before], p.After)
	}
	state := make([]int8, len(in.Meetings))
	var visit func(m int) int
	visit = func(m int) int {
		state[m] = 1
		for _, n := range next[m] {
			if state[n] == 1 {
				return n
			}
			if state[n] == 0 {
				if c := visit(n); c >= 0 {
					return c
				}
			}
		}
		state[m] = 2
		return -1
	}
	for m := range next {
		if state[m] == 0 {
			if c := visit(m); c >= 0 {
				return c
			}
		}
	}
	return -1
}
