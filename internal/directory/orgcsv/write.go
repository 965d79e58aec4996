package orgcsv

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteOptions tune Write. The zero value writes comma-separated UTF-8 without a byte-order mark
// and with the English header; DefaultWriteOptions is what a download for Excel should use.
type WriteOptions struct {
	// Separator is ',' (the zero value), ';' or '\t'. Excel set up for Bulgarian or Serbian
	// expects ';'.
	Separator rune
	// BOM starts the file with a UTF-8 byte-order mark, without which Excel reads UTF-8 as the
	// local code page and garbles every Cyrillic letter.
	BOM bool
	// Language of the header: "" or "en" for the documented English names, "sr-Cyrl" (or "sr"),
	// "sr-Latn" or "bg". Read accepts all of them.
	Language string
}

// DefaultWriteOptions are the options of an export meant to be opened in Excel: UTF-8 with a
// byte-order mark, comma-separated, with the English header.
func DefaultWriteOptions() WriteOptions { return WriteOptions{Separator: ',', BOM: true} }

// formulaStarts are the first characters that make a spreadsheet read a cell as a formula, plus
// the apostrophe Write puts before them, so that a value really starting with one survives the
// round trip.
const formulaStarts = "=+-@'"

// guard stops a cell from being run as a formula when the file is opened in a spreadsheet; an
// exported list holds text typed by many people, and a cell such as =HYPERLINK(…) must stay text.
// Read removes the apostrophe again.
func guard(s string) string {
	if s != "" && (strings.IndexByte(formulaStarts, s[0]) >= 0 || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

// Header returns the column names of a header language (see WriteOptions.Language) in the order
// Write uses.
func Header(language string) ([]string, error) {
	h := make([]string, numColumns)
	for c := range numColumns {
		switch language {
		case "", "en":
			h[c] = fieldNames[c]
		case "sr", "sr-Cyrl":
			h[c] = columnNames[c].sr[0]
		case "sr-Latn":
			h[c] = latinSpellings(columnNames[c].sr[0])[0]
		case "bg":
			h[c] = columnNames[c].bg[0]
		default:
			return nil, fmt.Errorf("orgcsv: header language %q: %w", language, errUnsupported)
		}
	}
	return h, nil
}

var errUnsupported = errors.New("unsupported")

var descriptionColumns = map[string]column{"": colDescription, "en": colDescriptionEN, "bg": colDescriptionBG, "sr": colDescriptionSR}

// Write exports rows with every column, so the file can be edited and uploaded again.
func Write(w io.Writer, rows []Row, opt WriteOptions) error {
	sep := opt.Separator
	if sep == 0 {
		sep = ','
	}
	if sep != ',' && sep != ';' && sep != '\t' {
		return fmt.Errorf("orgcsv: separator %q: %w", sep, errUnsupported)
	}
	header, err := Header(opt.Language)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if opt.BOM {
		if _, err := bw.WriteString("\uFEFF"); err != nil {
			return fmt.Errorf("orgcsv: writing: %w", err)
		}
	}
	cw := csv.NewWriter(bw)
	cw.Comma = sep
	cw.UseCRLF = true // what Excel writes, and what older Windows tools expect
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("orgcsv: writing header: %w", err)
	}
	cells := make([]string, numColumns)
	for i, r := range rows {
		if err := rowCells(cells, r); err != nil {
			return fmt.Errorf("orgcsv: row %d: %w", i+1, err)
		}
		for j := range cells {
			cells[j] = guard(cells[j])
		}
		if err := cw.Write(cells); err != nil {
			return fmt.Errorf("orgcsv: writing row %d: %w", i+1, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("orgcsv: writing: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("orgcsv: writing: %w", err)
	}
	return nil
}

func rowCells(cells []string, r Row) error {
	clear(cells)
	cells[colName], cells[colShortName], cells[colKind], cells[colSize] = r.Name, r.ShortName, r.Kind, r.Size
	cells[colCountry], cells[colMunicipality], cells[colCity], cells[colAddress] = r.Country, r.Municipality, r.City, r.Address
	cells[colWebsite], cells[colEmail], cells[colPhone], cells[colRegNo] = r.Website, r.Email, r.Phone, r.RegistrationNumber
	if r.Founded != 0 {
		cells[colFounded] = strconv.Itoa(r.Founded)
	}
	if r.Employees != 0 {
		cells[colEmployees] = strconv.Itoa(r.Employees)
	}
	cells[colSectors] = strings.Join(r.Sectors, "|")
	cells[colNACE] = strings.Join(r.NACE, "|")
	for lang, text := range r.Descriptions {
		col, ok := descriptionColumns[lang]
		if !ok {
			return fmt.Errorf("description language %q has no column: %w", lang, errUnsupported)
		}
		cells[col] = text
	}
	if r.Public != nil {
		cells[colPublic] = "no"
		if *r.Public {
			cells[colPublic] = "yes"
		}
	}
	return nil
}

// Template is the file offered for download to start a list: the English header and two
// fictional example rows, one Serbian and one Bulgarian, that Read accepts without problems.
func Template() []byte {
	yes := true
	rows := []Row{
		{
			Name: "Кластер произвођача хране Нишава", ShortName: "КПХ Нишава", Kind: "cluster",
			Country: "RS", Municipality: "Ниш", Address: "Улица примера 12, 18000 Ниш",
			Website: "https://nisava-hrana.example", Email: "info@nisava-hrana.example", Phone: "+381 18 000 0000",
			RegistrationNumber: "21743062", Sectors: []string{"food-processing", "agriculture"}, NACE: []string{"C10", "A01"},
			Founded: 2016, Employees: 4,
			Descriptions: map[string]string{
				"sr": "Удружује произвођаче хране из Нишавског округа ради заједничког наступа на тржишту.",
				"en": "Brings together food producers of the Nišava district to sell jointly.",
			},
			Public: &yes,
		},
		{
			Name: "Текстил Струма ЕООД", Kind: "company", Size: "small",
			Country: "BG", Municipality: "Кюстендил", Address: "ул. Примерна 5, 2500 Кюстендил",
			Website: "https://tekstil-struma.example", Email: "office@tekstil-struma.example", Phone: "+359 78 000 000",
			RegistrationNumber: "205273810", Sectors: []string{"textiles"}, NACE: []string{"C14.13"},
			Founded: 2009, Employees: 23,
			Descriptions: map[string]string{
				"bg": "Шие дамско и детско облекло по поръчка на търговски вериги.",
			},
			Public: &yes,
		},
	}
	var b bytes.Buffer
	if err := Write(&b, rows, DefaultWriteOptions()); err != nil {
		// The rows above are fixed and valid for Write, so this is a programming error.
		panic(err)
	}
	return b.Bytes()
}
