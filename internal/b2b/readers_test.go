package b2b

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestParseDZNSmall(t *testing.T) {
	src, err := os.ReadFile("testdata/small.dzn")
	if err != nil {
		t.Fatal(err)
	}
	in, err := ParseDZN(src)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(in.Meetings), 6; got != want {
		t.Errorf("meetings: got %d, want %d", got, want)
	}
	if got, want := in.Meetings[1].Session, Morning; got != want {
		t.Errorf("meeting 2 session: got %v, want %v", got, want)
	}
	if got, want := in.Meetings[3].Session, Afternoon; got != want {
		t.Errorf("meeting 4 session: got %v, want %v", got, want)
	}
	if got := in.Participants[3].Unavailable; len(got) != 1 || got[0] != 0 {
		t.Errorf("participant 4 unavailable: got %v, want [0]", got)
	}
	if got, want := in.Precedences, []Precedence{{Before: 1, After: 5}}; len(got) != 1 || got[0] != want[0] {
		t.Errorf("precedences: got %v, want %v", got, want)
	}
	if !in.Slots[4].Afternoon || in.Slots[3].Afternoon {
		t.Errorf("slots 1-4 should be morning, 5-6 afternoon: %+v", in.Slots)
	}
}

func TestParseDZNErrors(t *testing.T) {
	good, err := os.ReadFile("testdata/small.dzn")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, from, to, want string
	}{
		{"missing field", "nTables = 2;", "", "missing field nTables"},
		{"row count", "nMeetings = 6;", "nMeetings = 7;", "requested has 6 rows"},
		{"bad session", "|4, 5, 3|]", "|4, 5, 4|]", "session 4"},
		{"unknown participant", "|1, 2, 3", "|1, 9, 3", "outside 1..5"},
		{"count mismatch", "nMeetingsBusiness = [2,3,3,2,2]", "nMeetingsBusiness = [2,3,3,2,3]", "nMeetingsBusiness[5]"},
		{"forbidden range", "{0},{1},{0}]", "{0},{9},{0}]", "forbidden[4]"},
		{"syntax", "nTables = 2;", "nTables = ;", "expected"},
		{"self precedence", "{},{2}]", "{},{6}]", "precedences[6]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(string(good), tc.from, tc.to, 1)
			_, err := ParseDZN([]byte(src))
			if err == nil {
				t.Fatalf("got no error, want one containing %q", tc.want)
			}
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want ErrFormat containing %q", err, tc.want)
			}
		})
	}
}

func TestJSONRoundTrip(t *testing.T) {
	src, err := os.ReadFile("testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	in, err := ParseJSON(src)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseJSON(out)
	if err != nil {
		t.Fatalf("re-reading %s: %v", out, err)
	}
	again, err := json.Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != string(again) {
		t.Errorf("round trip differs:\n got %s\nwant %s", again, out)
	}
	if got, want := back.Participants[0].People, 2; got != want {
		t.Errorf("people: got %d, want %d", got, want)
	}
	if got, want := back.Meetings[4].FixedSlot, 4; got != want {
		t.Errorf("fixed slot: got %d, want %d", got, want)
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown field", `{"participants":[],"slots":[{}],"tables":["t"],"meetings":[],"colour":1}`, "unknown field"},
		{"bad session", `{"participants":[{},{}],"slots":[{}],"tables":["t"],"meetings":[{"a":1,"b":2,"session":"night"}]}`, "session"},
		{"bad participant", `{"participants":[{},{}],"slots":[{}],"tables":["t"],"meetings":[{"a":1,"b":3}]}`, "participant"},
		{"no slots", `{"participants":[],"slots":[],"tables":["t"],"meetings":[]}`, "no slots"},
		{"trailing", `{"participants":[],"slots":[{}],"tables":["t"],"meetings":[]} {}`, "trailing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseJSON([]byte(tc.src))
			if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want ErrFormat containing %q", err, tc.want)
			}
		})
	}
}
