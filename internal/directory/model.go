// Package directory is the network's one registry: the places of the programme area, the sector
// taxonomy, organisations of every kind, clusters and their members, contacts, and the editors who
// keep each organisation's entry. Every later capability (events, matchmaking, projects,
// initiatives, impact) points at its records.
package directory

import (
	"errors"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/i18n"
	"clusterbridge/internal/regno"
	"clusterbridge/internal/translit"
)

// Kinds of organisation, in display order.
var Kinds = []string{"cluster", "cluster-initiative", "company", "public-body", "association", "foundation", "education", "other"}

// Sizes of companies (EU definition: micro < 10 staff, small < 50, medium < 250).
var Sizes = []string{"micro", "small", "medium", "large"}

// Roles of a member in a cluster.
var Roles = []string{"founder", "member", "associate", "partner"}

// DescriptionLocales are the languages a description can be written in. Serbian is one entry
// whatever its script: it is shown in the reader's script.
var DescriptionLocales = []string{"sr", "bg", "en"}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// IsCluster reports whether a kind can have members.
func IsCluster(kind string) bool { return kind == "cluster" || kind == "cluster-initiative" }

// Organization is one entry of the directory.
type Organization struct {
	ID           int64
	Slug         string
	Name         string // as entered, in its native script
	ShortName    string
	NameLatin    string // derived: what a Latin reader sees
	Kind         string
	Size         string
	Country      string
	PlaceID      int64
	DistrictID   int64
	City         string // free text for places outside the programme area
	Address      string
	Website      string
	Email        string
	Phone        string
	RegNo        string
	RegKind      string
	Founded      int
	Employees    int
	Logo         string
	Public       bool
	Descriptions map[string]string
	Sectors      []string
	NACE         []string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Input is what a form, the API or an import row asks to store. Municipality may be a place
// code or a name in any script; it is resolved against the places of Country.
type Input struct {
	Name, ShortName, Kind, Size, Country string
	Municipality                         string
	PlaceID                              int64
	City, Address, Website, Email, Phone string
	RegNo                                string
	Founded, Employees                   string
	Descriptions                         map[string]string
	Sectors, NACE                        []string
	Public                               bool
}

var (
	countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)
	phonePattern   = regexp.MustCompile(`^\+?[0-9][0-9 ()/.-]{4,28}[0-9]$`)
	nacePattern    = regexp.MustCompile(`^[A-U](\d{2}(\.\d{1,2})?)?$`)
)

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// normalizeWebsite accepts a bare domain and adds https://.
func normalizeWebsite(s string) (string, bool) {
	if s == "" {
		return "", true
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Host, ".") || strings.ContainsAny(u.Host, " <>\"") {
		return s, false
	}
	return u.String(), true
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.IndexByte(s, '@'):], ".")
}

// validate checks an input, resolving its place, and returns the organisation to store. Every
// problem is reported at once, field by field, with a catalog key.
func (s *Service) validate(in Input, now time.Time) (Organization, error) {
	f := apperr.Fields{}
	trim := func(p *string) { *p = strings.TrimSpace(*p) }
	for _, p := range []*string{&in.Name, &in.ShortName, &in.Kind, &in.Size, &in.Country, &in.Municipality, &in.City,
		&in.Address, &in.Website, &in.Email, &in.Phone, &in.RegNo, &in.Founded, &in.Employees} {
		trim(p)
	}
	o := Organization{Name: in.Name, ShortName: in.ShortName, Kind: in.Kind, Size: in.Size, Country: strings.ToUpper(in.Country),
		City: in.City, Address: in.Address, Email: strings.ToLower(in.Email), Phone: in.Phone, Public: in.Public,
		Descriptions: map[string]string{}}
	switch {
	case o.Name == "":
		f.Add("name", "form.required")
	case tooLong(o.Name, 200):
		f.Add("name", "form.too_long")
	}
	if tooLong(o.ShortName, 60) {
		f.Add("short_name", "form.too_long")
	}
	if !contains(Kinds, o.Kind) {
		f.Add("kind", "form.invalid_choice")
	}
	if o.Size != "" && !contains(Sizes, o.Size) {
		f.Add("size", "form.invalid_choice")
	} else if o.Size != "" && o.Kind != "company" {
		f.Add("size", "directory.size.companies_only")
	}
	if !countryPattern.MatchString(o.Country) {
		f.Add("country", "directory.country.invalid")
	}
	if in.PlaceID != 0 || in.Municipality != "" {
		p, err := s.resolvePlace(o.Country, in.PlaceID, in.Municipality)
		switch {
		case err != nil:
			f.Add("municipality", "directory.place.unknown")
		default:
			o.PlaceID, o.DistrictID = p.ID, p.DistrictID
		}
	}
	if tooLong(o.City, 100) {
		f.Add("city", "form.too_long")
	}
	if tooLong(o.Address, 300) {
		f.Add("address", "form.too_long")
	}
	if w, ok := normalizeWebsite(in.Website); ok {
		o.Website = w
	} else {
		f.Add("website", "directory.website.invalid")
	}
	if o.Email != "" && !validEmail(o.Email) {
		f.Add("email", "auth.email.invalid")
	}
	if o.Phone != "" && !phonePattern.MatchString(o.Phone) {
		f.Add("phone", "directory.phone.invalid")
	}
	var regArgs []any
	if in.RegNo != "" && countryPattern.MatchString(o.Country) {
		kind, err := regno.Validate(o.Country, in.RegNo)
		if err != nil {
			var re interface {
				Key() string
				Args() []any
			}
			if errors.As(err, &re) {
				f.Add("reg_no", re.Key())
				regArgs = re.Args()
			} else {
				f.Add("reg_no", "regno.invalid_format")
			}
		} else {
			o.RegNo, o.RegKind = regno.Normalize(in.RegNo), string(kind)
		}
	}
	if in.Founded != "" {
		y, err := strconv.Atoi(in.Founded)
		if err != nil || y < 1800 || y > now.Year() {
			f.Add("founded", "directory.founded.invalid")
		} else {
			o.Founded = y
		}
	}
	if in.Employees != "" {
		n, err := strconv.Atoi(in.Employees)
		if err != nil || n < 0 || n > 2_000_000 {
			f.Add("employees", "directory.employees.invalid")
		} else {
			o.Employees = n
		}
	}
	for loc, text := range in.Descriptions {
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		if !contains(DescriptionLocales, loc) {
			f.Add("description_"+loc, "form.invalid_choice")
			continue
		}
		if tooLong(text, 5000) {
			f.Add("description_"+loc, "form.too_long")
		}
		o.Descriptions[loc] = text
	}
	seen := map[string]bool{}
	for _, sl := range in.Sectors {
		sl = strings.TrimSpace(sl)
		if sl == "" || seen[sl] {
			continue
		}
		seen[sl] = true
		if _, ok := s.sectorBySlug[sl]; !ok {
			f.Add("sectors", "directory.sector.unknown")
			continue
		}
		o.Sectors = append(o.Sectors, sl)
	}
	for _, c := range in.NACE {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c == "" || seen["nace:"+c] {
			continue
		}
		seen["nace:"+c] = true
		if !nacePattern.MatchString(c) {
			f.Add("nace", "directory.nace.invalid")
			continue
		}
		o.NACE = append(o.NACE, c)
	}
	if err := f.Err(); err != nil {
		if e, ok := apperr.As(err); ok && regArgs != nil {
			e.FieldArgs = map[string][]any{"reg_no": regArgs}
		}
		return o, err
	}
	o.NameLatin = latinName(o.Name, o.Country)
	return o, nil
}

// latinName is what a reader of Latin script sees: Serbian Cyrillic transliterated exactly,
// Bulgarian by the 2009 Act, anything already Latin unchanged.
func latinName(name, country string) string {
	if translit.DetectScript(name) != translit.ScriptCyrillic {
		return name
	}
	if country == "BG" {
		return translit.BulgarianToLatin(name)
	}
	return translit.SerbianToLatin(name)
}

// DisplayName shows an organisation's name to a reader: Serbian names follow the reader's Serbian
// script, and Cyrillic names are shown in Latin to English readers.
func (o *Organization) DisplayName(l *i18n.Localizer) string {
	switch l.Locale {
	case i18n.SrLatn, i18n.SrCyrl:
		if o.Country == "RS" || translit.DetectScript(o.Name) == translit.ScriptLatin && o.Country != "BG" {
			return l.Text(o.Name)
		}
		return o.Name
	case i18n.EN:
		if o.NameLatin != "" {
			return o.NameLatin
		}
	}
	return o.Name
}

// Description picks the description to show a reader: their language first, then English, then
// any, with Serbian in the reader's script.
func (o *Organization) Description(l *i18n.Localizer) string {
	want := []string{"en", "sr", "bg"}
	switch l.Locale {
	case i18n.SrCyrl, i18n.SrLatn:
		want = []string{"sr", "bg", "en"}
	case i18n.BG:
		want = []string{"bg", "sr", "en"}
	}
	for _, loc := range want {
		if d, ok := o.Descriptions[loc]; ok {
			if loc == "sr" {
				return l.Text(d)
			}
			return d
		}
	}
	return ""
}
