package directory

import (
	"bytes"
	"context"
	"embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"clusterbridge/internal/db"
	"clusterbridge/internal/translit"
)

// The programme area's districts and municipalities, embedded so the binary carries them. Bulgarian
// coordinates © OpenStreetMap contributors (ODbL).
//
//go:embed reference/*.csv
var referenceFiles embed.FS

// cityMunicipalities are the Serbian city municipalities and the city each belongs to: a search for
// the city finds organisations registered in any of them.
var cityMunicipalities = map[string]string{
	"Medijana": "Niš", "Niška Banja": "Niš", "Palilula": "Niš", "Pantelej": "Niš", "Crveni Krst": "Niš",
	"Vranjska Banja": "Vranje",
}

// Sector is one entry of the network's taxonomy. Names live in the catalogs as sector.<slug>.
type Sector struct {
	ID           int64
	Slug         string
	NACERevision string
	NACE         []string // sections (a letter) or divisions (letter + two digits) of NACE Rev. 2
}

// Sectors is the taxonomy, in display order. NACE Rev. 2 codes are stored with their revision,
// because Rev. 2.1 (in force from 2025) changes the section letters from J on.
var Sectors = []Sector{
	{Slug: "tourism", NACE: []string{"I55", "I56", "N79"}},
	{Slug: "agriculture", NACE: []string{"A01", "A02"}},
	{Slug: "food-processing", NACE: []string{"C10", "C11"}},
	{Slug: "crafts", NACE: []string{"C16", "C23", "C32", "S95"}},
	{Slug: "textiles", NACE: []string{"C13", "C14", "C15"}},
	{Slug: "construction", NACE: []string{"F41", "F42", "F43"}},
	{Slug: "architecture", NACE: []string{"M71"}},
	{Slug: "furniture-design", NACE: []string{"C31", "M74"}},
	{Slug: "environment", NACE: []string{"E36", "E37", "E38", "E39"}},
	{Slug: "ict", NACE: []string{"J58", "J61", "J62", "J63"}},
	{Slug: "energy", NACE: []string{"D35"}},
	{Slug: "youth-entrepreneurship", NACE: []string{"P85", "M70"}},
	{Slug: "business-support", NACE: []string{"M69", "M70", "N82", "S94"}},
	{Slug: "public-administration", NACE: []string{"O84"}},
	{Slug: "education-research", NACE: []string{"P85", "M72"}},
	{Slug: "culture-creative", NACE: []string{"R90", "R91", "J59"}},
	{Slug: "manufacturing", NACE: []string{"C"}},
	{Slug: "transport-logistics", NACE: []string{"H49", "H52"}},
}

// District is a district of either country.
type District struct {
	ID         int64
	Code       string
	Country    string
	NameLatin  string
	NameNative string
	InArea     bool
}

// Place is a municipality (or city) of the programme area, or Sofia city just outside it.
type Place struct {
	ID         int64
	Code       string
	Country    string
	DistrictID int64
	ParentID   int64
	Kind       string
	NameLatin  string
	NameNative string
	InArea     bool
	Lat, Lon   *float64
}

func slugify(s string) string { return strings.ReplaceAll(translit.Fold(s), " ", "-") }

func readCSV(name string) ([][]string, error) {
	b, err := referenceFiles.ReadFile("reference/" + name)
	if err != nil {
		return nil, err
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("directory: %s: %w", name, err)
	}
	return rows[1:], nil
}

func parseCoord(s string) any {
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil
	}
	return f
}

// districtName drops the notes the reference file keeps in brackets.
func districtName(s string) (string, bool) {
	outside := strings.Contains(s, "NOT in programme area")
	if i := strings.Index(s, " ["); i >= 0 {
		s = s[:i]
	}
	return s, !outside
}

// SeedReference writes the districts, places and sectors, idempotently: a second run changes
// nothing, and a new release that adds rows adds just those.
func SeedReference(ctx context.Context, d *db.DB) error {
	districts, err := readCSV("districts.csv")
	if err != nil {
		return err
	}
	munis, err := readCSV("municipalities.csv")
	if err != nil {
		return err
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		districtIDs := map[string]int64{}
		for _, r := range districts {
			name, inArea := districtName(r[1])
			code := r[0] + "-" + slugify(name)
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO districts (code, country, name_latin, name_native, nuts, in_area, lat, lon)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET name_latin = excluded.name_latin, name_native = excluded.name_native,
					nuts = excluded.nuts, in_area = excluded.in_area, lat = excluded.lat, lon = excluded.lon
				RETURNING id`, code, r[0], name, r[2], r[3], inArea, parseCoord(r[5]), parseCoord(r[6])).Scan(&id)
			if err != nil {
				return fmt.Errorf("directory: seed district %s: %w", code, err)
			}
			districtIDs[r[0]+"|"+name] = id
		}
		placeIDs := map[string]int64{}
		insert := func(r []string, kind string, parent any) error {
			distName, inArea := districtName(r[1])
			name := r[2]
			native := r[3]
			if i := strings.Index(name, " ("); i >= 0 { // "Sofia (Stolichna obshtina)" → Sofia
				name = name[:i]
			}
			if i := strings.Index(native, " ("); i >= 0 {
				native = native[:i]
			}
			code := r[0] + "-" + slugify(distName) + "-" + slugify(name)
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO places (code, country, district_id, parent_id, kind, name_latin, name_native, in_area, lat, lon, name_key)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET district_id = excluded.district_id, parent_id = excluded.parent_id, kind = excluded.kind,
					name_latin = excluded.name_latin, name_native = excluded.name_native, in_area = excluded.in_area,
					lat = excluded.lat, lon = excluded.lon, name_key = excluded.name_key
				RETURNING id`, code, r[0], districtIDs[r[0]+"|"+distName], parent, kind, name, native, inArea,
				parseCoord(r[4]), parseCoord(r[5]), translit.Fold(name)).Scan(&id)
			if err != nil {
				return fmt.Errorf("directory: seed place %s: %w", code, err)
			}
			placeIDs[r[0]+"|"+r[2]] = id
			return nil
		}
		cities := map[string]bool{}
		for _, city := range cityMunicipalities {
			cities[city] = true
		}
		// Cities and ordinary municipalities first, so city municipalities can point at their city.
		for _, r := range munis {
			if _, isPart := cityMunicipalities[r[2]]; isPart {
				continue
			}
			kind := "municipality"
			if r[0] == "RS" && cities[r[2]] {
				kind = "city"
			}
			if err := insert(r, kind, nil); err != nil {
				return err
			}
		}
		for _, r := range munis {
			if city, isPart := cityMunicipalities[r[2]]; isPart {
				if err := insert(r, "city-municipality", placeIDs[r[0]+"|"+city]); err != nil {
					return err
				}
			}
		}
		for i, s := range Sectors {
			_, err := tx.Exec(ctx, `INSERT INTO sectors (slug, position, nace_revision, nace) VALUES (?, ?, '2', ?)
				ON CONFLICT (slug) DO UPDATE SET position = excluded.position, nace_revision = excluded.nace_revision, nace = excluded.nace`,
				s.Slug, i, strings.Join(s.NACE, ","))
			if err != nil {
				return fmt.Errorf("directory: seed sector %s: %w", s.Slug, err)
			}
		}
		return nil
	})
}
