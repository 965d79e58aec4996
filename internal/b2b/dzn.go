package b2b

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ErrFormat wraps every malformed-input error of the readers.
var ErrFormat = errors.New("malformed input")

// dznValue is a MiniZinc data value: an integer, a set, a 1-D array or a
// 2-D array (rows).
type dznValue struct {
	kind  byte // 'i' int, 's' set, 'a' array, 'm' 2-D array
	n     int
	items []dznValue
	line  int
}

type dznParser struct {
	src  string
	i    int
	line int
}

func (p *dznParser) errf(format string, args ...any) error {
	return fmt.Errorf("%w: line %d: %s", ErrFormat, p.line, fmt.Sprintf(format, args...))
}

func (p *dznParser) skip() {
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '\n':
			p.line++
			p.i++
		case c == ' ' || c == '\t' || c == '\r':
			p.i++
		case c == '%':
			for p.i < len(p.src) && p.src[p.i] != '\n' {
				p.i++
			}
		default:
			return
		}
	}
}

func (p *dznParser) peek() byte {
	p.skip()
	if p.i >= len(p.src) {
		return 0
	}
	return p.src[p.i]
}

func (p *dznParser) expect(c byte) error {
	if p.peek() != c {
		if p.i >= len(p.src) {
			return p.errf("expected %q, found end of input", c)
		}
		return p.errf("expected %q, found %q", c, p.src[p.i])
	}
	p.i++
	return nil
}

func (p *dznParser) ident() string {
	p.skip()
	j := p.i
	for j < len(p.src) && (p.src[j] == '_' || p.src[j] >= 'a' && p.src[j] <= 'z' || p.src[j] >= 'A' && p.src[j] <= 'Z' || j > p.i && p.src[j] >= '0' && p.src[j] <= '9') {
		j++
	}
	s := p.src[p.i:j]
	p.i = j
	return s
}

func (p *dznParser) integer() (int, error) {
	p.skip()
	j := p.i
	if j < len(p.src) && p.src[j] == '-' {
		j++
	}
	for j < len(p.src) && p.src[j] >= '0' && p.src[j] <= '9' {
		j++
	}
	n, err := strconv.Atoi(p.src[p.i:j])
	if err != nil || j-p.i > 9 {
		return 0, p.errf("expected a number near %q", snippet(p.src[p.i:]))
	}
	p.i = j
	return n, nil
}

func snippet(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

func (p *dznParser) value(depth int) (dznValue, error) {
	if depth > 4 {
		return dznValue{}, p.errf("values nested too deeply")
	}
	line := p.line
	switch c := p.peek(); {
	case c == '{':
		p.i++
		v := dznValue{kind: 's', line: line}
		if p.peek() == '}' {
			p.i++
			return v, nil
		}
		for {
			a, err := p.integer()
			if err != nil {
				return v, err
			}
			if strings.HasPrefix(p.src[p.i:], "..") {
				p.i += 2
				b, err := p.integer()
				if err != nil {
					return v, err
				}
				if b-a > 100000 {
					return v, p.errf("range %d..%d too long", a, b)
				}
				for k := a; k <= b; k++ {
					v.items = append(v.items, dznValue{kind: 'i', n: k})
				}
			} else {
				v.items = append(v.items, dznValue{kind: 'i', n: a})
			}
			switch p.peek() {
			case ',':
				p.i++
			case '}':
				p.i++
				return v, nil
			default:
				return v, p.errf("expected ',' or '}' in a set")
			}
		}
	case c == '[':
		p.i++
		if p.peek() == '|' {
			return p.rows(line)
		}
		v := dznValue{kind: 'a', line: line}
		for {
			if p.peek() == ']' {
				p.i++
				return v, nil
			}
			it, err := p.value(depth + 1)
			if err != nil {
				return v, err
			}
			v.items = append(v.items, it)
			switch p.peek() {
			case ',':
				p.i++
			case ']':
			default:
				return v, p.errf("expected ',' or ']' in an array")
			}
		}
	case c == '-' || c >= '0' && c <= '9':
		n, err := p.integer()
		return dznValue{kind: 'i', n: n, line: line}, err
	case c == 0:
		return dznValue{}, p.errf("unexpected end of input")
	default:
		return dznValue{}, p.errf("unexpected %q", c)
	}
}

// rows parses "[| a, b | c, d |]" after the opening "[".
func (p *dznParser) rows(line int) (dznValue, error) {
	v := dznValue{kind: 'm', line: line}
	p.i++ // the first '|'
	var row []dznValue
	for {
		switch p.peek() {
		case '|':
			p.i++
			if len(row) > 0 {
				v.items = append(v.items, dznValue{kind: 'a', items: row})
				row = nil
			}
			if p.peek() == ']' {
				p.i++
				return v, nil
			}
			continue
		case 0:
			return v, p.errf("unterminated 2-D array")
		}
		n, err := p.integer()
		if err != nil {
			return v, err
		}
		row = append(row, dznValue{kind: 'i', n: n})
		if p.peek() == ',' {
			p.i++
		}
	}
}

func parseDZNFields(src []byte) (map[string]dznValue, error) {
	p := &dznParser{src: string(src), line: 1}
	out := map[string]dznValue{}
	for p.peek() != 0 {
		name := p.ident()
		if name == "" {
			return nil, p.errf("expected a field name near %q", snippet(p.src[p.i:]))
		}
		if err := p.expect('='); err != nil {
			return nil, err
		}
		v, err := p.value(0)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", name, err)
		}
		if err := p.expect(';'); err != nil {
			return nil, fmt.Errorf("field %s: %w", name, err)
		}
		if _, dup := out[name]; dup {
			return nil, p.errf("field %s given twice", name)
		}
		out[name] = v
	}
	return out, nil
}

// ParseDZN reads an instance in the MiniZinc data format of the published
// B2B benchmark (Bofill et al., JAIR 2022). Slot 1..nMorningSlots are the
// morning, the rest the afternoon, all on one day.
func ParseDZN(src []byte) (*Instance, error) {
	f, err := parseDZNFields(src)
	if err != nil {
		return nil, err
	}
	scalar := func(name string, lo, hi int) (int, error) {
		v, ok := f[name]
		if !ok {
			return 0, fmt.Errorf("%w: missing field %s", ErrFormat, name)
		}
		if v.kind != 'i' {
			return 0, fmt.Errorf("%w: field %s must be a number", ErrFormat, name)
		}
		if v.n < lo || v.n > hi {
			return 0, fmt.Errorf("%w: field %s = %d outside %d..%d", ErrFormat, name, v.n, lo, hi)
		}
		return v.n, nil
	}
	const limit = 1_000_000
	np, err := scalar("nBusiness", 0, 100_000)
	if err != nil {
		return nil, err
	}
	nm, err := scalar("nMeetings", 0, limit)
	if err != nil {
		return nil, err
	}
	nt, err := scalar("nTables", 1, 100_000)
	if err != nil {
		return nil, err
	}
	ns, err := scalar("nTotalSlots", 1, 10_000)
	if err != nil {
		return nil, err
	}
	na, err := scalar("nMorningSlots", 0, ns)
	if err != nil {
		return nil, err
	}
	in := &Instance{
		Participants: make([]Participant, np),
		Slots:        make([]Slot, ns),
		Tables:       make([]Table, nt),
	}
	for s := range in.Slots {
		in.Slots[s] = Slot{Label: strconv.Itoa(s + 1), Afternoon: s >= na}
	}
	for t := range in.Tables {
		in.Tables[t] = Table{Name: strconv.Itoa(t + 1)}
	}
	for p := range in.Participants {
		in.Participants[p] = Participant{ID: strconv.Itoa(p + 1)}
	}

	req, ok := f["requested"]
	if !ok {
		return nil, fmt.Errorf("%w: missing field requested", ErrFormat)
	}
	if req.kind != 'm' && !(req.kind == 'a' && len(req.items) == 0) {
		return nil, fmt.Errorf("%w: requested must be a 2-D array [| a, b, s | ... |]", ErrFormat)
	}
	if len(req.items) != nm {
		return nil, fmt.Errorf("%w: requested has %d rows but nMeetings = %d", ErrFormat, len(req.items), nm)
	}
	for m, row := range req.items {
		if len(row.items) != 3 {
			return nil, fmt.Errorf("%w: requested row %d has %d values, want 3", ErrFormat, m+1, len(row.items))
		}
		a, b, ses := row.items[0].n, row.items[1].n, row.items[2].n
		if a < 1 || a > np || b < 1 || b > np {
			return nil, fmt.Errorf("%w: requested row %d names a participant outside 1..%d", ErrFormat, m+1, np)
		}
		if a == b {
			return nil, fmt.Errorf("%w: requested row %d pairs participant %d with itself", ErrFormat, m+1, a)
		}
		mt := Meeting{A: a - 1, B: b - 1}
		switch ses {
		case 1:
			mt.Session = Morning
		case 2:
			mt.Session = Afternoon
		case 3:
		default:
			return nil, fmt.Errorf("%w: requested row %d has session %d, want 1, 2 or 3", ErrFormat, m+1, ses)
		}
		in.Meetings = append(in.Meetings, mt)
	}

	// The per-participant fields repeat what requested says; a mismatch
	// means the file was edited by hand, so reject it rather than guess.
	perP := make([][]int, np)
	for m, mt := range in.Meetings {
		perP[mt.A] = append(perP[mt.A], m)
		perP[mt.B] = append(perP[mt.B], m)
	}
	if v, ok := f["nMeetingsBusiness"]; ok {
		if v.kind != 'a' || len(v.items) != np {
			return nil, fmt.Errorf("%w: nMeetingsBusiness must list %d numbers", ErrFormat, np)
		}
		for p, it := range v.items {
			if it.kind != 'i' || it.n != len(perP[p]) {
				return nil, fmt.Errorf("%w: nMeetingsBusiness[%d] = %d but requested gives %d", ErrFormat, p+1, it.n, len(perP[p]))
			}
		}
	} else {
		return nil, fmt.Errorf("%w: missing field nMeetingsBusiness", ErrFormat)
	}
	if v, ok := f["meetingsxBusiness"]; ok {
		if v.kind != 'a' || len(v.items) != np {
			return nil, fmt.Errorf("%w: meetingsxBusiness must list %d sets", ErrFormat, np)
		}
		for p, it := range v.items {
			if it.kind != 's' {
				return nil, fmt.Errorf("%w: meetingsxBusiness[%d] must be a set", ErrFormat, p+1)
			}
			want := map[int]bool{1: true}
			for _, m := range perP[p] {
				want[m+2] = true
			}
			got := map[int]bool{}
			for _, e := range it.items {
				got[e.n] = true
			}
			if len(got) != len(want) {
				return nil, fmt.Errorf("%w: meetingsxBusiness[%d] does not match requested", ErrFormat, p+1)
			}
			for k := range want {
				if !got[k] {
					return nil, fmt.Errorf("%w: meetingsxBusiness[%d] lacks %d", ErrFormat, p+1, k)
				}
			}
		}
	} else {
		return nil, fmt.Errorf("%w: missing field meetingsxBusiness", ErrFormat)
	}

	if v, ok := f["forbidden"]; ok {
		if v.kind != 'a' || len(v.items) != np {
			return nil, fmt.Errorf("%w: forbidden must list %d sets", ErrFormat, np)
		}
		for p, it := range v.items {
			if it.kind != 's' {
				return nil, fmt.Errorf("%w: forbidden[%d] must be a set", ErrFormat, p+1)
			}
			seen := map[int]bool{}
			for _, e := range it.items {
				if e.n == 0 {
					continue
				}
				if e.n < 1 || e.n > ns {
					return nil, fmt.Errorf("%w: forbidden[%d] has slot %d outside 1..%d", ErrFormat, p+1, e.n, ns)
				}
				if !seen[e.n] {
					seen[e.n] = true
					in.Participants[p].Unavailable = append(in.Participants[p].Unavailable, e.n-1)
				}
			}
		}
	} else {
		return nil, fmt.Errorf("%w: missing field forbidden", ErrFormat)
	}

	if v, ok := f["fixed"]; ok {
		if v.kind != 'a' || len(v.items) != nm {
			return nil, fmt.Errorf("%w: fixed must list %d numbers", ErrFormat, nm)
		}
		for m, it := range v.items {
			if it.kind != 'i' || it.n < 0 || it.n > ns {
				return nil, fmt.Errorf("%w: fixed[%d] must be a slot in 0..%d", ErrFormat, m+1, ns)
			}
			in.Meetings[m].FixedSlot = it.n
		}
	}
	if v, ok := f["precedences"]; ok {
		if v.kind != 'a' || len(v.items) != nm {
			return nil, fmt.Errorf("%w: precedences must list %d sets", ErrFormat, nm)
		}
		for m, it := range v.items {
			if it.kind != 's' {
				return nil, fmt.Errorf("%w: precedences[%d] must be a set", ErrFormat, m+1)
			}
			for _, e := range it.items {
				if e.n == 0 {
					continue
				}
				if e.n < 1 || e.n > nm || e.n == m+1 {
					return nil, fmt.Errorf("%w: precedences[%d] names meeting %d", ErrFormat, m+1, e.n)
				}
				in.Precedences = append(in.Precedences, Precedence{Before: e.n - 1, After: m})
			}
		}
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	return in, nil
}

// ReadDZN reads a benchmark instance from r.
func ReadDZN(r io.Reader) (*Instance, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("b2b: reading instance: %w", err)
	}
	return ParseDZN(src)
}
