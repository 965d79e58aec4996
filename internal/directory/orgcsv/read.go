package orgcsv

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Row is one organisation read from a data line.
type Row struct {
	Line int // 1-based line number in the file (header is line 1)

	Name, ShortName, Kind, Size, Country, Municipality, City, Address, Website, Email, Phone, RegistrationNumber string

	Founded, Employees int

	Sectors, NACE []string

	// Descriptions by language: "" (from the description column, language unknown), "en",
	// "bg" or "sr". Nil when the row has none.
	Descriptions map[string]string

	Public *bool // nil when the cell is empty
}

// Problem is one thing wrong with the file, a header or a row, as a catalog key with name/value
// arguments for the user's language.
type Problem struct {
	Line  int    // 0 for the file as a whole, 1 for the header
	Field string // documented column name, "" when the problem is not one cell's
	Key   string
	Args  []any
	Value string // the cell as typed, when the problem is one cell's
}

// Blocking reports whether the problem keeps the upload from being committed. Only columns that
// are read past (unknown or unnamed ones) are not blocking: the rows are complete without them.
func (p Problem) Blocking() bool {
	return p.Key != keyUnknownColumns && p.Key != keyUnnamedColumn
}

// Options tune Read.
type Options struct {
	// ValidSector tells whether a slug is one of the directory's sectors; nil accepts any slug.
	ValidSector func(slug string) bool
	// CheckRegNo validates a registration number for a country, returning a catalog key and its
	// arguments, or "" when valid; nil means no check.
	CheckRegNo func(country, number string) (key string, args []any)
	// MaxRows is the most data rows read; 0 means 10,000. More is a Problem on line 0.
	MaxRows int
	// Now bounds the founding year; zero means the time of the call.
	Now time.Time
}

// Result is what Read found.
type Result struct {
	Rows      []Row
	Problems  []Problem
	Encoding  string // "utf-8", "utf-16le", "utf-16be", "windows-1251" or "windows-1250"
	Separator rune
}

// Blocking reports whether any problem keeps the upload from being committed.
func (r Result) Blocking() bool {
	for _, p := range r.Problems {
		if p.Blocking() {
			return true
		}
	}
	return false
}

// MaxBytes is the largest upload Read accepts.
const MaxBytes = 10 << 20

// DefaultMaxRows is the number of rows read when Options.MaxRows is 0.
const DefaultMaxRows = 10_000

// Errors for input that is not a table at all; each comes wrapped in an *InputError that carries
// the catalog key of the message to show.
var (
	ErrTooBig   = errors.New("orgcsv: file too big")
	ErrBinary   = errors.New("orgcsv: not a text file")
	ErrWorkbook = errors.New("orgcsv: spreadsheet workbook instead of CSV")
	ErrNotCSV   = errors.New("orgcsv: no known column in the header")
)

// InputError is Read's error: errors.Is matches its sentinel, Key and Args give the message.
type InputError struct {
	Err  error
	Key  string
	Args []any
}

func (e *InputError) Error() string { return e.Err.Error() + " (" + e.Key + ")" }
func (e *InputError) Unwrap() error { return e.Err }

func inputError(err error, key string, args ...any) *InputError {
	return &InputError{Err: err, Key: key, Args: args}
}

// Catalog keys of the problems Read reports itself; CheckRegNo adds its own.
const (
	keyEmpty          = "orgcsv.file.empty"
	keyNoRows         = "orgcsv.file.no_rows"
	keyTooManyRows    = "orgcsv.file.too_many_rows"
	keyUnknownColumns = "orgcsv.header.unknown_columns"
	keyUnnamedColumn  = "orgcsv.header.unnamed_column"
	keyDuplicate      = "orgcsv.header.duplicate_column"
	keyUnclosedQuote  = "orgcsv.row.unclosed_quote"
	keyExtraCells     = "orgcsv.row.extra_cells"
	keyTooLong        = "orgcsv.value.too_long"
	keyKind           = "orgcsv.kind.unknown"
	keySize           = "orgcsv.size.unknown"
	keySizeCompany    = "orgcsv.size.companies_only"
	keyCountry        = "orgcsv.country.unknown"
	keyWebsite        = "orgcsv.website.invalid"
	keyEmail          = "orgcsv.email.invalid"
	keyPhone          = "orgcsv.phone.invalid"
	keyFounded        = "orgcsv.founded.invalid"
	keyFoundedRange   = "orgcsv.founded.range"
	keyEmployees      = "orgcsv.employees.invalid"
	keyEmployeesNeg   = "orgcsv.employees.negative"
	keyEmployeesRange = "orgcsv.employees.range"
	keySector         = "orgcsv.sector.unknown"
	keyNACE           = "orgcsv.nace.invalid"
	keyPublic         = "orgcsv.public.invalid"
)

// The three columns every row needs each have their own messages, so that a message can name
// the column in the reader's language.
var (
	keyMissingColumn = map[column]string{colName: "orgcsv.header.missing_name", colKind: "orgcsv.header.missing_kind", colCountry: "orgcsv.header.missing_country"}
	keyRequired      = map[column]string{colName: "orgcsv.name.required", colKind: "orgcsv.kind.required", colCountry: "orgcsv.country.required"}
)

// Keys lists every catalog key Read can report, in problems or in an *InputError, for the
// catalog's completeness test; CheckRegNo's keys come from the checker.
var Keys = []string{
	"orgcsv.input.too_big", "orgcsv.input.binary", "orgcsv.input.workbook", "orgcsv.input.not_csv",
	keyEmpty, keyNoRows, keyTooManyRows, keyUnknownColumns, keyUnnamedColumn, keyDuplicate,
	keyMissingColumn[colName], keyMissingColumn[colKind], keyMissingColumn[colCountry],
	keyUnclosedQuote, keyExtraCells, keyRequired[colName], keyRequired[colKind], keyRequired[colCountry],
	keyTooLong, keyKind, keySize, keySizeCompany, keyCountry, keyWebsite, keyEmail, keyPhone,
	keyFounded, keyFoundedRange, keyEmployees, keyEmployeesNeg, keyEmployeesRange, keySector, keyNACE, keyPublic,
}

// Limits the directory enforces when storing, checked here so the preview shows them first.
const (
	minFounded   = 1800
	maxEmployees = 2_000_000
)

var maxLen = map[column]int{
	colName: 200, colShortName: 60, colCity: 100, colAddress: 300, colMunicipality: 100,
	colDescription: 5000, colDescriptionEN: 5000, colDescriptionBG: 5000, colDescriptionSR: 5000,
}

// Read parses an organisations list. Its error is an *InputError, returned only when the input is
// not a text table; everything wrong inside a table is a Problem.
func Read(r io.Reader, opt Options) (Result, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return Result{}, fmt.Errorf("orgcsv: reading upload: %w", err)
	}
	if len(b) > MaxBytes {
		return Result{}, inputError(ErrTooBig, "orgcsv.input.too_big", "max", MaxBytes>>20)
	}
	text, enc, err := decode(b)
	if err != nil {
		return Result{Encoding: enc}, err
	}
	return parse(text, enc, opt)
}

func parse(text, enc string, opt Options) (Result, error) {
	if opt.MaxRows <= 0 {
		opt.MaxRows = DefaultMaxRows
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	res := Result{Encoding: enc, Separator: ','}
	line := 1
	sep, skip := sepHint(text)
	if skip > 0 {
		text, line = text[skip:], 2
	} else {
		sep = detectSeparator(text)
	}
	res.Separator = rune(sep)
	sc := newScanner(text, sep, line)

	var header record
	for {
		rec, ok := sc.next()
		if !ok {
			res.Problems = append(res.Problems, Problem{Key: keyEmpty})
			return res, nil
		}
		if !blank(rec.cells) {
			header = rec
			break
		}
	}
	p := &reader{opt: opt}
	if err := p.header(header); err != nil {
		return res, err
	}
	for {
		rec, ok := sc.next()
		if !ok {
			break
		}
		if blank(rec.cells) {
			continue
		}
		p.seen++
		if len(p.rows) == opt.MaxRows {
			continue // counted, so the problem can say how many rows the file has
		}
		p.row(rec)
	}
	p.unnamed()
	switch {
	case p.seen == 0:
		p.problems = append(p.problems, Problem{Key: keyNoRows})
	case p.seen > opt.MaxRows:
		p.problems = append(p.problems, Problem{Key: keyTooManyRows, Args: []any{"max", opt.MaxRows, "n", p.seen}})
	}
	// In line order, so the preview can walk the file once; the file's own problems come first.
	slices.SortStableFunc(p.problems, func(a, b Problem) int { return a.Line - b.Line })
	res.Rows, res.Problems = p.rows, p.problems
	return res, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimFunc(c, isSpace) != "" {
			return false
		}
	}
	return true
}

// isSpace also treats as space the invisible characters spreadsheets and copied web text leave
// around values: zero-width spaces and stray byte-order marks.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF' || r == '\u2060'
}

// reader holds the state of one Read between the header and the rows.
type reader struct {
	opt      Options
	cols     []column // by cell index; -1 for a column that is not read
	heads    []string // header cells as typed
	has      [numColumns]bool
	rows     []Row
	problems []Problem
	seen     int
	// unnamedData marks cells past a blank heading that held a value, by cell index.
	unnamedData map[int]bool
	headerLine  int
}

func (p *reader) header(rec record) error {
	p.headerLine = rec.line
	p.cols = make([]column, len(rec.cells))
	p.heads = make([]string, len(rec.cells))
	first := map[column]int{}
	var unknown []string
	known := 0
	for i, c := range rec.cells {
		h := clean(c, false)
		p.heads[i] = h
		p.cols[i] = -1
		if h == "" {
			continue
		}
		col, ok := headerWords.lookup(h)
		if !ok {
			unknown = append(unknown, h)
			continue
		}
		known++
		if j, dup := first[col]; dup {
			p.problems = append(p.problems, Problem{Line: rec.line, Field: fieldNames[col], Key: keyDuplicate,
				Args: []any{"column", fieldNames[col], "first", p.heads[j], "second", h}, Value: h})
			continue
		}
		first[col] = i
		p.cols[i] = col
		p.has[col] = true
	}
	if known == 0 {
		return inputError(ErrNotCSV, "orgcsv.input.not_csv", "columns", strings.Join(unknown, ", "))
	}
	if rec.unclosed {
		p.problems = append(p.problems, Problem{Line: rec.line, Key: keyUnclosedQuote})
	}
	for _, c := range []column{colName, colKind, colCountry} {
		if !p.has[c] {
			p.problems = append(p.problems, Problem{Line: rec.line, Field: fieldNames[c], Key: keyMissingColumn[c]})
		}
	}
	if len(unknown) > 0 {
		p.problems = append(p.problems, Problem{Line: rec.line, Key: keyUnknownColumns,
			Args: []any{"columns", strings.Join(unknown, ", "), "n", len(unknown)}})
	}
	return nil
}

// unnamed reports the columns without a heading in which some row had a value.
func (p *reader) unnamed() {
	for i := range p.cols {
		if p.unnamedData[i] {
			p.problems = append(p.problems, Problem{Line: p.headerLine, Key: keyUnnamedColumn, Args: []any{"column", columnLetter(i)}})
		}
	}
}

// clean tidies a cell: NFC (text pasted from macOS arrives decomposed), no control or invisible
// characters, no surrounding space, the formula guard of Write undone, and — except in
// descriptions — line breaks and runs of space folded into one space.
func clean(s string, multiline bool) string {
	if tidy(s) {
		return s
	}
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' && multiline:
			return r
		case r == '\n' || r == '\t' || r == '\u00A0':
			return ' '
		case r == utf8.RuneError || unicode.IsControl(r) || r == '\u200B' || r == '\uFEFF' || r == '\u2060':
			return -1
		}
		return r
	}, s)
	s = strings.TrimFunc(s, isSpace)
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte(formulaStarts, s[1]) >= 0 {
		s = s[1:]
	}
	if multiline {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRightFunc(l, isSpace)
		}
		return strings.Join(lines, "\n")
	}
	return strings.Join(strings.Fields(s), " ")
}

// tidy reports a cell that clean would return unchanged, which most cells are: printable
// ASCII, single spaces, no space at either end, no formula guard.
func tidy(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || s[0] == '\'' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || (c == ' ' && s[i+1] == ' ') {
			return false
		}
	}
	return true
}

var descriptionLangs = [...]struct {
	col  column
	lang string
}{{colDescription, ""}, {colDescriptionEN, "en"}, {colDescriptionBG, "bg"}, {colDescriptionSR, "sr"}}

func (p *reader) row(rec record) {
	var cells [numColumns]string
	ln := rec.line
	var extra int
	for i, c := range rec.cells {
		if i >= len(p.cols) {
			if strings.TrimFunc(c, isSpace) != "" {
				extra++
			}
			continue
		}
		col := p.cols[i]
		if col < 0 {
			if p.heads[i] == "" && strings.TrimFunc(c, isSpace) != "" {
				if p.unnamedData == nil {
					p.unnamedData = map[int]bool{}
				}
				p.unnamedData[i] = true
			}
			continue
		}
		multiline := col == colDescription || col == colDescriptionEN || col == colDescriptionBG || col == colDescriptionSR
		cells[col] = clean(c, multiline)
	}
	if rec.unclosed {
		p.problems = append(p.problems, Problem{Line: ln, Key: keyUnclosedQuote})
	}
	if extra > 0 {
		p.problems = append(p.problems, Problem{Line: ln, Key: keyExtraCells, Args: []any{"n", extra}})
	}
	add := func(col column, key string, args ...any) {
		p.problems = append(p.problems, Problem{Line: ln, Field: fieldNames[col], Key: key, Args: args, Value: cells[col]})
	}
	withValue := func(col column, key string, args ...any) {
		add(col, key, append([]any{"value", cells[col]}, args...)...)
	}
	row := Row{Line: ln, Municipality: cells[colMunicipality], City: cells[colCity], Address: cells[colAddress],
		Name: cells[colName], ShortName: cells[colShortName], Phone: cells[colPhone]}
	row.RegistrationNumber = cells[colRegNo]

	if row.Name == "" && p.has[colName] {
		add(colName, keyRequired[colName])
	}
	for col := range numColumns {
		if n, ok := maxLen[col]; ok && utf8.RuneCountInString(cells[col]) > n {
			withValue(col, keyTooLong, "max", n)
		}
	}

	row.Kind = cells[colKind]
	switch k, ok := kindWords.lookup(row.Kind); {
	case ok:
		row.Kind = k
	case row.Kind == "" && p.has[colKind]:
		add(colKind, keyRequired[colKind])
	case row.Kind != "":
		withValue(colKind, keyKind)
	}

	row.Country = cells[colCountry]
	countryOK := false
	switch c, ok := parseCountry(row.Country); {
	case ok:
		row.Country, countryOK = c, true
	case row.Country == "" && p.has[colCountry]:
		add(colCountry, keyRequired[colCountry])
	case row.Country != "":
		withValue(colCountry, keyCountry)
	}

	if row.Size = cells[colSize]; row.Size != "" {
		if s, ok := sizeWords.lookup(row.Size); ok {
			row.Size = s
			if k, known := kindWords.lookup(cells[colKind]); known && k != "company" {
				withValue(colSize, keySizeCompany)
			}
		} else {
			withValue(colSize, keySize)
		}
	}

	if row.Website = cells[colWebsite]; row.Website != "" {
		if w, ok := parseWebsite(row.Website); ok {
			row.Website = w
		} else {
			withValue(colWebsite, keyWebsite)
		}
	}
	if row.Email = cells[colEmail]; row.Email != "" {
		if e, ok := parseEmail(row.Email); ok {
			row.Email = e
		} else {
			withValue(colEmail, keyEmail)
		}
	}
	if row.Phone != "" && !phonePattern.MatchString(row.Phone) {
		withValue(colPhone, keyPhone)
	}
	if row.RegistrationNumber != "" && countryOK && p.opt.CheckRegNo != nil {
		if key, args := p.opt.CheckRegNo(row.Country, row.RegistrationNumber); key != "" {
			add(colRegNo, key, args...)
		}
	}

	p.sectors(&row, cells[colSectors])

	if v := cells[colFounded]; v != "" {
		y, ok := parseYear(v)
		switch {
		case !ok:
			withValue(colFounded, keyFounded)
		case y < minFounded || y > p.opt.Now.Year():
			withValue(colFounded, keyFoundedRange, "min", minFounded, "max", p.opt.Now.Year())
		default:
			row.Founded = y
		}
	}
	if v := cells[colEmployees]; v != "" {
		n, negative, ok := parseCount(v)
		switch {
		case !ok:
			withValue(colEmployees, keyEmployees)
		case negative:
			withValue(colEmployees, keyEmployeesNeg)
		case n > maxEmployees:
			withValue(colEmployees, keyEmployeesRange, "max", maxEmployees)
		default:
			row.Employees = n
		}
	}
	seen := map[string]bool{}
	for _, c := range splitList(cells[colNACE]) {
		code, ok := parseNACE(c)
		if !ok {
			p.problems = append(p.problems, Problem{Line: ln, Field: fieldNames[colNACE], Key: keyNACE, Args: []any{"value", c}, Value: c})
			continue
		}
		if !seen[code] {
			seen[code] = true
			row.NACE = append(row.NACE, code)
		}
	}
	for _, d := range descriptionLangs {
		if cells[d.col] != "" {
			if row.Descriptions == nil {
				row.Descriptions = map[string]string{}
			}
			row.Descriptions[d.lang] = cells[d.col]
		}
	}
	if v := cells[colPublic]; v != "" {
		if b, ok := yesNoWords.lookup(v); ok {
			row.Public = &b
		} else {
			withValue(colPublic, keyPublic)
		}
	}
	p.rows = append(p.rows, row)
}

// sectors splits the sectors cell; each unknown slug is its own problem so the preview can name it.
func (p *reader) sectors(row *Row, cell string) {
	seen := map[string]bool{}
	for _, s := range splitList(cell) {
		slug := sectorSlug(s)
		valid := slugPattern.MatchString(slug)
		if valid && p.opt.ValidSector != nil {
			valid = p.opt.ValidSector(slug)
		}
		if !valid {
			p.problems = append(p.problems, Problem{Line: row.Line, Field: fieldNames[colSectors], Key: keySector, Args: []any{"value", s}, Value: s})
			continue
		}
		if !seen[slug] {
			seen[slug] = true
			row.Sectors = append(row.Sectors, slug)
		}
	}
}
