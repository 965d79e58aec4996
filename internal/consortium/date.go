package consortium

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar day, counted from 1970-01-01. Orders and capacities are
// planned by the day, so hours and time zones would only add ways to be wrong.
type Date int32

// minDate and maxDate bound the days the engine accepts; anything outside is
// almost certainly a typing error and would only risk overflow in capacity maths.
var (
	minDate = DateOf(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC))
	maxDate = DateOf(time.Date(2200, 12, 31, 0, 0, 0, 0, time.UTC))
)

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date(u.Unix() / 86400)
}

// ParseDate reads a day written as YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("date %q: want YYYY-MM-DD: %w", s, err)
	}
	return DateOf(t), nil
}

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func (d Date) String() string { return d.Time().Format(time.DateOnly) }

// MarshalJSON writes the day as "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "YYYY-MM-DD"; an empty string or null leaves the zero day,
// which the engine treats as "not given".
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date: want a string YYYY-MM-DD: %w", err)
	}
	if s == "" {
		*d = 0
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
