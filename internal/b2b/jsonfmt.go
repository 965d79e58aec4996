package b2b

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// The engine's own JSON instance format. Every reference is 1-based, as an
// organiser would write it; 0 means "none" where a field is optional.
//
//	{
//	  "name": "Vidin–Zaječar agri-food brokerage",
//	  "participants": [
//	    {"id": "bg-017", "name": "Agro Vidin", "people": 2, "unavailable": [1, 2], "booth": 3},
//	    {"id": "rs-004", "name": "Timok Foods"}
//	  ],
//	  "slots": [
//	    {"label": "09:00", "day": 1},
//	    {"label": "14:00", "day": 1, "afternoon": true, "tables": 8}
//	  ],
//	  "tables": ["A1", "A2", "A3"],
//	  "meetings": [
//	    {"a": 1, "b": 2, "person_a": 1, "priority": 2, "session": "morning",
//	     "days": [1], "fixed_slot": 0, "fixed_table": 0}
//	  ],
//	  "precedences": [{"before": 1, "after": 2}]
//	}
//
// session is "any" (default), "morning" or "afternoon"; a slot's tables is
// how many of the event's tables are open then (0: all).
type jsonInstance struct {
	Name         string            `json:"name,omitempty"`
	Participants []jsonParticipant `json:"participants"`
	Slots        []jsonSlot        `json:"slots"`
	Tables       []string          `json:"tables"`
	Meetings     []jsonMeeting     `json:"meetings"`
	Precedences  []jsonPrecedence  `json:"precedences,omitempty"`
}

type jsonParticipant struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name,omitempty"`
	People      int    `json:"people,omitempty"`
	Unavailable []int  `json:"unavailable,omitempty"`
	Booth       int    `json:"booth,omitempty"`
}

type jsonSlot struct {
	Label     string `json:"label,omitempty"`
	Day       int    `json:"day,omitempty"`
	Afternoon bool   `json:"afternoon,omitempty"`
	Tables    int    `json:"tables,omitempty"`
}

type jsonMeeting struct {
	A          int    `json:"a"`
	B          int    `json:"b"`
	PersonA    int    `json:"person_a,omitempty"`
	PersonB    int    `json:"person_b,omitempty"`
	Priority   int    `json:"priority,omitempty"`
	Session    string `json:"session,omitempty"`
	Days       []int  `json:"days,omitempty"`
	FixedSlot  int    `json:"fixed_slot,omitempty"`
	FixedTable int    `json:"fixed_table,omitempty"`
}

type jsonPrecedence struct {
	Before int `json:"before"`
	After  int `json:"after"`
}

// ParseJSON reads an instance in the engine's JSON format.
func ParseJSON(src []byte) (*Instance, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	var ji jsonInstance
	if err := dec.Decode(&ji); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data after the instance", ErrFormat)
	}
	in := &Instance{Name: ji.Name}
	for i, p := range ji.Participants {
		pp := Participant{ID: p.ID, Name: p.Name, People: p.People, Booth: p.Booth}
		for _, s := range p.Unavailable {
			if s < 1 || s > len(ji.Slots) {
				return nil, fmt.Errorf("%w: participant %d unavailable in slot %d outside 1..%d", ErrFormat, i+1, s, len(ji.Slots))
			}
			pp.Unavailable = append(pp.Unavailable, s-1)
		}
		in.Participants = append(in.Participants, pp)
	}
	for i, s := range ji.Slots {
		day := s.Day
		if day == 0 {
			day = 1
		}
		if day < 1 {
			return nil, fmt.Errorf("%w: slot %d has day %d", ErrFormat, i+1, s.Day)
		}
		in.Slots = append(in.Slots, Slot{Label: s.Label, Day: day - 1, Afternoon: s.Afternoon, Tables: s.Tables})
	}
	for _, t := range ji.Tables {
		in.Tables = append(in.Tables, Table{Name: t})
	}
	for i, m := range ji.Meetings {
		mt := Meeting{A: m.A - 1, B: m.B - 1, PersonA: m.PersonA, PersonB: m.PersonB, Priority: m.Priority, FixedSlot: m.FixedSlot, FixedTable: m.FixedTable}
		switch m.Session {
		case "", "any":
		case "morning":
			mt.Session = Morning
		case "afternoon":
			mt.Session = Afternoon
		default:
			return nil, fmt.Errorf("%w: meeting %d has session %q, want any, morning or afternoon", ErrFormat, i+1, m.Session)
		}
		for _, d := range m.Days {
			if d < 1 {
				return nil, fmt.Errorf("%w: meeting %d allows day %d", ErrFormat, i+1, d)
			}
			mt.Days = append(mt.Days, d-1)
		}
		in.Meetings = append(in.Meetings, mt)
	}
	for _, p := range ji.Precedences {
		in.Precedences = append(in.Precedences, Precedence{Before: p.Before - 1, After: p.After - 1})
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	return in, nil
}

// ReadJSON reads a JSON instance from r.
func ReadJSON(r io.Reader) (*Instance, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("b2b: reading instance: %w", err)
	}
	return ParseJSON(src)
}

// MarshalJSON writes the instance in the engine's JSON format.
func (in *Instance) MarshalJSON() ([]byte, error) {
	ji := jsonInstance{Name: in.Name}
	for _, p := range in.Participants {
		jp := jsonParticipant{ID: p.ID, Name: p.Name, People: p.People, Booth: p.Booth}
		for _, s := range p.Unavailable {
			jp.Unavailable = append(jp.Unavailable, s+1)
		}
		ji.Participants = append(ji.Participants, jp)
	}
	for _, s := range in.Slots {
		ji.Slots = append(ji.Slots, jsonSlot{Label: s.Label, Day: s.Day + 1, Afternoon: s.Afternoon, Tables: s.Tables})
	}
	for _, t := range in.Tables {
		ji.Tables = append(ji.Tables, t.Name)
	}
	for _, m := range in.Meetings {
		jm := jsonMeeting{A: m.A + 1, B: m.B + 1, PersonA: m.PersonA, PersonB: m.PersonB, Priority: m.Priority, FixedSlot: m.FixedSlot, FixedTable: m.FixedTable}
		if m.Session != AnySession {
			jm.Session = m.Session.String()
		}
		for _, d := range m.Days {
			jm.Days = append(jm.Days, d+1)
		}
		ji.Meetings = append(ji.Meetings, jm)
	}
	for _, p := range in.Precedences {
		ji.Precedences = append(ji.Precedences, jsonPrecedence{Before: p.Before + 1, After: p.After + 1})
	}
	return json.Marshal(ji)
}
