package directory

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/audit"
	"clusterbridge/internal/db"
	"clusterbridge/internal/directory/orgcsv"
	"clusterbridge/internal/regno"
	"clusterbridge/internal/translit"
)

// Preview is what an import would do: every row, every problem, and whether it can be committed.
type Preview struct {
	Rows      []orgcsv.Row
	Problems  []orgcsv.Problem
	Encoding  string
	Separator string
	Blocking  bool
}

// Problem keys the directory adds to the reader's own.
const (
	keyDupRegNo   = "import.duplicate.regno"
	keyDupName    = "import.duplicate.name"
	keyDupInFile  = "import.duplicate.in_file"
	keyPlace      = "import.place.unknown"
	keyNoRows     = "import.no_rows"
	keyNotAllowed = "import.blocked"
)

func (s *Service) csvOptions() orgcsv.Options {
	return orgcsv.Options{
		ValidSector: s.ValidSector,
		CheckRegNo: func(country, number string) (string, []any) {
			if _, err := regno.Validate(country, number); err != nil {
				var re interface {
					Key() string
					Args() []any
				}
				if errors.As(err, &re) {
					return re.Key(), re.Args()
				}
				return "regno.invalid_format", nil
			}
			return "", nil
		},
		Now: s.Now(),
	}
}

// rowInput maps a CSV row to the form input, guessing the language of an untagged description
// from the organisation's country.
func rowInput(r orgcsv.Row) Input {
	in := Input{Name: r.Name, ShortName: r.ShortName, Kind: r.Kind, Size: r.Size, Country: r.Country, Municipality: r.Municipality,
		City: r.City, Address: r.Address, Website: r.Website, Email: r.Email, Phone: r.Phone, RegNo: r.RegistrationNumber,
		Sectors: r.Sectors, NACE: r.NACE, Public: r.Public == nil || *r.Public, Descriptions: map[string]string{}}
	if r.Founded != 0 {
		in.Founded = strconv.Itoa(r.Founded)
	}
	if r.Employees != 0 {
		in.Employees = strconv.Itoa(r.Employees)
	}
	for loc, d := range r.Descriptions {
		if loc == "" {
			switch r.Country {
			case "RS":
				loc = "sr"
			case "BG":
				loc = "bg"
			default:
				loc = "en"
			}
			if _, taken := r.Descriptions[loc]; taken {
				continue
			}
		}
		in.Descriptions[loc] = d
	}
	return in
}

// csvField names the CSV column of a form field, so problems point at the spreadsheet's columns.
var csvField = map[string]string{"reg_no": "registration_number", "description_sr": "description_sr", "description_bg": "description_bg",
	"description_en": "description_en"}

// PreviewImport reads a file and reports, row by row, what is wrong with it: the reader's own
// findings, unknown places, everything the form would refuse, and duplicates — of an
// organisation already in the directory (same registration number, or same folded name in the
// same place) or of an earlier row of the file.
func (s *Service) PreviewImport(ctx context.Context, r io.Reader) (Preview, error) {
	res, err := orgcsv.Read(r, s.csvOptions())
	if err != nil {
		var ie *orgcsv.InputError
		if errors.As(err, &ie) {
			return Preview{}, &apperr.Error{Kind: apperr.Invalid, Key: ie.Key, Args: ie.Args, Err: err}
		}
		return Preview{}, err
	}
	p := Preview{Rows: res.Rows, Problems: res.Problems, Encoding: res.Encoding, Separator: string(res.Separator)}
	// Cells the reader already faulted are not reported twice.
	seen := map[string]bool{}
	for _, pr := range res.Problems {
		seen[strconv.Itoa(pr.Line)+"|"+pr.Field] = true
	}
	add := func(line int, field, key string, value string, args ...any) {
		if seen[strconv.Itoa(line)+"|"+field] {
			return
		}
		seen[strconv.Itoa(line)+"|"+field] = true
		p.Problems = append(p.Problems, orgcsv.Problem{Line: line, Field: field, Key: key, Args: args, Value: value})
	}
	existingReg, existingName, err := s.existingKeys(ctx)
	if err != nil {
		return p, err
	}
	fileReg, fileName := map[string]int{}, map[string]int{}
	for _, row := range res.Rows {
		in := rowInput(row)
		o, verr := s.validate(in, s.now())
		if e, ok := apperr.As(verr); ok {
			for f, k := range e.Fields {
				col := f
				if c, ok := csvField[f]; ok {
					col = c
				}
				if f == "municipality" {
					add(row.Line, "municipality", keyPlace, row.Municipality, "name", row.Municipality, "country", row.Country)
					continue
				}
				add(row.Line, col, k, "")
			}
		}
		if o.RegNo != "" {
			key := o.Country + "|" + o.RegNo
			if name, ok := existingReg[key]; ok {
				add(row.Line, "registration_number", keyDupRegNo, row.RegistrationNumber, "name", name)
			} else if line, ok := fileReg[key]; ok {
				add(row.Line, "registration_number", keyDupInFile, row.RegistrationNumber, "line", line)
			} else {
				fileReg[key] = row.Line
			}
		}
		if o.Name != "" {
			key := nameKey(&o) + "|" + strconv.FormatInt(o.PlaceID, 10) + "|" + translit.Fold(o.City)
			if name, ok := existingName[key]; ok {
				add(row.Line, "name", keyDupName, row.Name, "name", name)
			} else if line, ok := fileName[key]; ok {
				add(row.Line, "name", keyDupInFile, row.Name, "line", line)
			} else {
				fileName[key] = row.Line
			}
		}
	}
	if len(res.Rows) == 0 && len(p.Problems) == 0 {
		p.Problems = append(p.Problems, orgcsv.Problem{Line: 0, Key: keyNoRows})
	}
	sort.SliceStable(p.Problems, func(i, j int) bool { return p.Problems[i].Line < p.Problems[j].Line })
	for _, pr := range p.Problems {
		if pr.Blocking() {
			p.Blocking = true
		}
	}
	return p, nil
}

// existingKeys returns the registration numbers and name+place keys already in the directory.
func (s *Service) existingKeys(ctx context.Context) (map[string]string, map[string]string, error) {
	reg, names := map[string]string{}, map[string]string{}
	rows, err := s.db.Query(ctx, "SELECT name, name_key, country, reg_no, COALESCE(place_id, 0), city FROM organizations")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, key, country, rn, city string
		var place int64
		if err := rows.Scan(&name, &key, &country, &rn, &place, &city); err != nil {
			return nil, nil, err
		}
		if rn != "" {
			reg[country+"|"+rn] = name
		}
		names[key+"|"+strconv.FormatInt(place, 10)+"|"+translit.Fold(city)] = name
	}
	return reg, names, rows.Err()
}

// CommitImport imports every row of a file in one transaction, or nothing: it previews the file
// again inside the transaction and refuses when any problem blocks.
func (s *Service) CommitImport(ctx context.Context, actor audit.Actor, data []byte) (int, Preview, error) {
	var p Preview
	n := 0
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		p, err = s.PreviewImport(ctx, bytes.NewReader(data))
		if err != nil {
			return err
		}
		if p.Blocking {
			return apperr.New(apperr.Invalid, keyNotAllowed)
		}
		for _, row := range p.Rows {
			if _, err := s.createTx(ctx, tx, actor, rowInput(row)); err != nil {
				return fmt.Errorf("line %d: %w", row.Line, err)
			}
			n++
		}
		return audit.Record(ctx, tx, actor, "organization.import", "organization", "", map[string]any{"rows": n})
	})
	if err != nil {
		return 0, p, err
	}
	return n, p, nil
}

// ToRow turns an organisation into an export row.
func (s *Service) ToRow(o Organization) orgcsv.Row {
	r := orgcsv.Row{Name: o.Name, ShortName: o.ShortName, Kind: o.Kind, Size: o.Size, Country: o.Country, City: o.City,
		Address: o.Address, Website: o.Website, Email: o.Email, Phone: o.Phone, RegistrationNumber: o.RegNo, Founded: o.Founded,
		Employees: o.Employees, Sectors: o.Sectors, NACE: o.NACE, Descriptions: map[string]string{}}
	pub := o.Public
	r.Public = &pub
	if p, ok := s.places[o.PlaceID]; ok {
		r.Municipality = p.NameLatin
		if p.Country == "RS" {
			r.Municipality = p.NameNative
		}
	}
	for k, v := range o.Descriptions {
		r.Descriptions[k] = v
	}
	return r
}

// MaxExport bounds one export.
const MaxExport = 100_000

// Export writes every organisation a query matches as CSV.
func (s *Service) Export(ctx context.Context, w io.Writer, q Query, opt orgcsv.WriteOptions) (int, error) {
	var rows []orgcsv.Row
	q.PerPage = MaxPerPage
	for q.Page = 1; ; q.Page++ {
		res, err := s.Search(ctx, q)
		if err != nil {
			return 0, err
		}
		for _, o := range res.Items {
			rows = append(rows, s.ToRow(o))
		}
		if len(res.Items) < q.PerPage || len(rows) >= MaxExport {
			break
		}
	}
	return len(rows), orgcsv.Write(w, rows, opt)
}

// describeProblem is a problem for a terminal, in English.
func describeProblem(t func(string, ...any) string, p orgcsv.Problem) string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d", p.Line)
	} else {
		b.WriteString("file")
	}
	if p.Field != "" {
		fmt.Fprintf(&b, ", %s", p.Field)
	}
	if p.Value != "" {
		fmt.Fprintf(&b, " (%q)", p.Value)
	}
	b.WriteString(": ")
	b.WriteString(t(p.Key, p.Args...))
	return b.String()
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

func asAppErr(err error) (*apperr.Error, bool) { return apperr.As(err) }
