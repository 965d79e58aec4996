package orgcsv

import (
	"strings"
)

// record is one logical CSV record with the physical line it starts on.
type record struct {
	line     int
	cells    []string
	unclosed bool // a quoted cell ran to the end of the file; its quote was read as a character
}

// scanner splits decoded text into records. It is lenient where spreadsheets and hand edits
// differ from RFC 4180 — a stray quote inside a cell is kept as a character, any of CRLF, LF and
// CR ends a line — because the preview is more useful with a best-effort reading plus a Problem
// than with nothing.
type scanner struct {
	s    string
	pos  int
	line int
	sep  byte
}

func newScanner(s string, sep byte, line int) *scanner {
	return &scanner{s: s, sep: sep, line: line}
}

// newline reports the length of the line break at i, or 0.
func (sc *scanner) newline(i int) int {
	switch {
	case i >= len(sc.s):
		return 0
	case sc.s[i] == '\n':
		return 1
	case sc.s[i] == '\r':
		if i+1 < len(sc.s) && sc.s[i+1] == '\n' {
			return 2
		}
		return 1
	}
	return 0
}

func (sc *scanner) done() bool { return sc.pos >= len(sc.s) }

// next reads the record at the current position; ok is false at the end of the text.
func (sc *scanner) next() (rec record, ok bool) {
	if sc.done() {
		return record{}, false
	}
	rec.line = sc.line
	for {
		cell, unclosed := sc.cell()
		rec.cells = append(rec.cells, cell)
		rec.unclosed = rec.unclosed || unclosed
		if sc.done() {
			return rec, true
		}
		if sc.s[sc.pos] == sc.sep {
			sc.pos++
			if sc.done() {
				rec.cells = append(rec.cells, "")
				return rec, true
			}
			continue
		}
		// Only a line break can stop a cell short of a separator.
		sc.pos += sc.newline(sc.pos)
		sc.line++
		return rec, true
	}
}

// cell reads one cell and leaves the position on the separator or line break after it.
func (sc *scanner) cell() (string, bool) {
	start := sc.pos
	i := start
	for i < len(sc.s) && (sc.s[i] == ' ' || sc.s[i] == '\t') && sc.s[i] != sc.sep {
		i++
	}
	if i < len(sc.s) && sc.s[i] == '"' {
		if v, ok := sc.quoted(i + 1); ok {
			return v, false
		}
		sc.pos = start
		return sc.plain(), true
	}
	return sc.plain(), false
}

func (sc *scanner) plain() string {
	i := sc.pos
	for i < len(sc.s) && sc.s[i] != sc.sep && sc.s[i] != '\n' && sc.s[i] != '\r' {
		i++
	}
	v := sc.s[sc.pos:i]
	sc.pos = i
	return v
}

// quoted reads a quoted cell whose opening quote ends just before i. Text after the closing
// quote, up to the separator, is kept as typed. It reports false, moving nothing, when the quote
// is never closed.
func (sc *scanner) quoted(i int) (string, bool) {
	var b strings.Builder
	lines := 0
	for {
		j := strings.IndexByte(sc.s[i:], '"')
		if j < 0 {
			return "", false
		}
		chunk := sc.s[i : i+j]
		lines += strings.Count(chunk, "\n") + strings.Count(chunk, "\r") - strings.Count(chunk, "\r\n")
		b.WriteString(chunk)
		i += j + 1
		if i < len(sc.s) && sc.s[i] == '"' {
			b.WriteByte('"')
			i++
			continue
		}
		break
	}
	sc.pos = i
	sc.line += lines
	b.WriteString(sc.plain())
	return normalizeBreaks(b.String()), true
}

// normalizeBreaks turns the CRLF and CR line breaks kept inside a quoted cell into LF.
func normalizeBreaks(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// detectSeparator counts the candidate separators outside quotes in the first line of s.
func detectSeparator(s string) byte {
	var comma, semi, tab int
	quoted := false
loop:
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n' || c == '\r':
			break loop
		case c == ',':
			comma++
		case c == ';':
			semi++
		case c == '\t':
			tab++
		}
	}
	switch {
	case semi > 0 && semi >= comma && semi >= tab:
		return ';'
	case comma > 0 && comma >= tab:
		return ','
	case tab > 0:
		return '\t'
	}
	return ','
}

// sepHint recognises Excel's "sep=X" first line and returns the separator and the length of the
// line including its break.
func sepHint(s string) (byte, int) {
	if len(s) < 5 || !strings.EqualFold(s[:4], "sep=") {
		return 0, 0
	}
	c := s[4]
	if c != ',' && c != ';' && c != '\t' && c != '|' {
		return 0, 0
	}
	n := 5
	switch {
	case n == len(s):
	case s[n] == '\n':
		n++
	case s[n] == '\r':
		n++
		if n < len(s) && s[n] == '\n' {
			n++
		}
	default:
		return 0, 0
	}
	return c, n
}
