package b2b

import (
	"errors"
	"fmt"
)

// Session restricts a meeting to part of the day.
type Session int

const (
	AnySession Session = iota
	Morning
	Afternoon
)

func (s Session) String() string {
	switch s {
	case Morning:
		return "morning"
	case Afternoon:
		return "afternoon"
	}
	return "any"
}

// Participant is a company, municipality or association taking part in the
// event. It may send several people; meetings can then run in parallel, and a
// meeting may ask for one of them by number.
type Participant struct {
	ID   string
	Name string
	// People is how many representatives attend; 0 is read as 1.
	People int
	// Unavailable lists slot indices (0-based) when the participant cannot
	// meet: arriving late, leaving early, speaking at a session.
	Unavailable []int
	// Booth is the 1-based table number of the participant's own stand, or 0.
	// All its meetings are then held there.
	Booth int
}

func (p Participant) people() int {
	if p.People < 1 {
		return 1
	}
	return p.People
}

// Slot is one meeting round.
type Slot struct {
	Label string
	// Day is the 0-based day of the event. Idle time is counted within a day:
	// the evening and night are never a break.
	Day       int
	Afternoon bool
	// Tables is how many tables are open in this slot (the first Tables of
	// Instance.Tables); 0 means all of them.
	Tables int
}

// Table is a place where one meeting runs at a time.
type Table struct {
	Name string
}

// Meeting is a requested one-to-one meeting between participants A and B
// (indices into Instance.Participants).
type Meeting struct {
	A, B int
	// PersonA and PersonB name a specific representative (1-based) of A or B,
	// or 0 for whoever is free.
	PersonA, PersonB int
	// Priority: higher is scheduled first when not every meeting fits
	// (for example 2 for mutual requests, 3 for organiser priority).
	Priority int
	Session  Session
	// Days restricts the meeting to these 0-based days; empty means any day.
	Days []int
	// FixedSlot is the organiser's 1-based slot for this meeting, or 0.
	FixedSlot int
	// FixedTable is the organiser's 1-based table for this meeting, or 0.
	FixedTable int
}

// Precedence requires meeting Before to be held in a strictly earlier slot
// than meeting After (both indices into Instance.Meetings).
type Precedence struct {
	Before, After int
}

// Instance is a whole brokerage event. It uses plain slices so that callers
// can build it from any store.
type Instance struct {
	Name         string
	Participants []Participant
	Slots        []Slot
	Tables       []Table
	Meetings     []Meeting
	Precedences  []Precedence
}

// ErrInvalid wraps every validation failure of an Instance.
var ErrInvalid = errors.New("invalid instance")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Validate checks references and ranges; it does not decide feasibility.
func (in *Instance) Validate() error {
	np, ns, nt := len(in.Participants), len(in.Slots), len(in.Tables)
	if ns == 0 {
		return invalid("no slots")
	}
	if nt == 0 {
		return invalid("no tables")
	}
	for i, s := range in.Slots {
		if s.Tables < 0 || s.Tables > nt {
			return invalid("slot %d opens %d tables but the event has %d", i+1, s.Tables, nt)
		}
		if s.Day < 0 {
			return invalid("slot %d has negative day %d", i+1, s.Day)
		}
		if i > 0 && s.Day < in.Slots[i-1].Day {
			return invalid("slot %d is on day %d, before the previous slot's day %d", i+1, s.Day+1, in.Slots[i-1].Day+1)
		}
	}
	for i, p := range in.Participants {
		if p.People < 0 {
			return invalid("participant %d has %d people", i+1, p.People)
		}
		if p.Booth < 0 || p.Booth > nt {
			return invalid("participant %d has booth %d outside tables 1..%d", i+1, p.Booth, nt)
		}
		for _, s := range p.Unavailable {
			if s < 0 || s >= ns {
				return invalid("participant %d is unavailable in slot %d outside 1..%d", i+1, s+1, ns)
			}
		}
	}
	for i, m := range in.Meetings {
		if m.A < 0 || m.A >= np || m.B < 0 || m.B >= np {
			return invalid("meeting %d refers to a participant outside 1..%d", i+1, np)
		}
		if m.A == m.B {
			return invalid("meeting %d pairs participant %d with itself", i+1, m.A+1)
		}
		if m.PersonA < 0 || m.PersonA > in.Participants[m.A].people() {
			return invalid("meeting %d asks for person %d of participant %d, who sends %d", i+1, m.PersonA, m.A+1, in.Participants[m.A].people())
		}
		if m.PersonB < 0 || m.PersonB > in.Participants[m.B].people() {
			return invalid("meeting %d asks for person %d of participant %d, who sends %d", i+1, m.PersonB, m.B+1, in.Participants[m.B].people())
		}
		if m.Session < AnySession || m.Session > Afternoon {
			return invalid("meeting %d has unknown session %d", i+1, m.Session)
		}
		if m.FixedSlot < 0 || m.FixedSlot > ns {
			return invalid("meeting %d is fixed to slot %d outside 1..%d", i+1, m.FixedSlot, ns)
		}
		if m.FixedTable < 0 || m.FixedTable > nt {
			return invalid("meeting %d is fixed to table %d outside 1..%d", i+1, m.FixedTable, nt)
		}
		if m.Priority < 0 {
			return invalid("meeting %d has negative priority", i+1)
		}
	}
	for i, p := range in.Precedences {
		if p.Before < 0 || p.Before >= len(in.Meetings) || p.After < 0 || p.After >= len(in.Meetings) {
			return invalid("precedence %d refers to a meeting outside 1..%d", i+1, len(in.Meetings))
		}
		if p.Before == p.After {
			return invalid("precedence %d asks meeting %d to come before itself", i+1, p.Before+1)
		}
	}
	return nil
}

// meetingsPer returns each participant's number of requested meetings.
func (in *Instance) meetingsPer() []int {
	n := make([]int, len(in.Participants))
	for _, mt := range in.Meetings {
		n[mt.A]++
		n[mt.B]++
	}
	return n
}

// tablesIn is the number of tables open in slot s.
func (in *Instance) tablesIn(s int) int {
	if t := in.Slots[s].Tables; t > 0 {
		return t
	}
	return len(in.Tables)
}

// pinnedTable is the 1-based table a meeting must use, or 0. An organiser's
// fixed table wins over a booth; when both sides have a booth, A hosts.
func (in *Instance) pinnedTable(m int) int {
	mt := in.Meetings[m]
	if mt.FixedTable > 0 {
		return mt.FixedTable
	}
	if b := in.Participants[mt.A].Booth; b > 0 {
		return b
	}
	return in.Participants[mt.B].Booth
}

// domains lists every meeting's domain, in meeting order.
func (in *Instance) domains() [][]int {
	dom := make([][]int, len(in.Meetings))
	for m := range dom {
		dom[m] = in.domain(m)
	}
	return dom
}

// domain lists the slots (0-based) where meeting m may be held, from its own
// restrictions and its participants' availability alone.
func (in *Instance) domain(m int) []int {
	mt := in.Meetings[m]
	off := make(map[int]bool)
	for _, p := range []int{mt.A, mt.B} {
		for _, s := range in.Participants[p].Unavailable {
			off[s] = true
		}
	}
	days := map[int]bool{}
	for _, d := range mt.Days {
		days[d] = true
	}
	pin := in.pinnedTable(m)
	var dom []int
	for s, sl := range in.Slots {
		if off[s] {
			continue
		}
		if mt.FixedSlot > 0 && s != mt.FixedSlot-1 {
			continue
		}
		if mt.Session == Morning && sl.Afternoon || mt.Session == Afternoon && !sl.Afternoon {
			continue
		}
		if len(days) > 0 && !days[sl.Day] {
			continue
		}
		if pin > in.tablesIn(s) {
			continue
		}
		dom = append(dom, s)
	}
	return dom
}

// precedences indexes Instance.Precedences by meeting for the local searches.
type precedences struct {
	before, after [][]int // before[m]: meetings that must precede m
	none          bool
}

func newPrecedences(in *Instance) precedences {
	p := precedences{before: make([][]int, len(in.Meetings)), after: make([][]int, len(in.Meetings)), none: len(in.Precedences) == 0}
	for _, pr := range in.Precedences {
		p.before[pr.After] = append(p.before[pr.After], pr.Before)
		p.after[pr.Before] = append(p.after[pr.Before], pr.After)
	}
	return p
}

// allow reports whether meeting m may take slot s given the slots of the
// meetings already placed (-1: not placed).
func (p precedences) allow(slots []int, m, s int) bool {
	if p.none {
		// Most events have none; the walks ask for every move.
		return true
	}
	for _, b := range p.before[m] {
		if slots[b] >= 0 && slots[b] >= s {
			return false
		}
	}
	for _, a := range p.after[m] {
		if slots[a] >= 0 && slots[a] <= s {
			return false
		}
	}
	return true
}
