package directory

import (
	"strconv"

	"clusterbridge/internal/translit"

	"clusterbridge/internal/i18n"
)

// PlaceName shows a place in the reader's language and script.
func PlaceName(l *i18n.Localizer, p Place) string {
	switch l.Locale {
	case i18n.EN:
		return p.NameLatin
	case i18n.SrLatn:
		if p.Country == "RS" {
			return l.Text(p.NameNative)
		}
		return p.NameLatin
	}
	return p.NameNative
}

// DistrictName shows a district in the reader's language and script.
func DistrictName(l *i18n.Localizer, d District) string {
	return PlaceName(l, Place{Country: d.Country, NameLatin: d.NameLatin, NameNative: d.NameNative})
}

// CountryName names a country in the reader's language (the code for countries outside the
// programme's two).
func CountryName(l *i18n.Localizer, code string) string {
	if l.Has("country." + code) {
		return l.T("country." + code)
	}
	return code
}

// Card is an organisation as a list shows it.
type Card struct {
	Org      Organization
	Name     string
	Kind     string
	Place    string
	Country  string
	Sectors  []string
	Summary  string
	URL      string
	InArea   bool
	Hidden   bool
	Abroad   bool // on the other side of the border from the cluster being viewed
	Role     string
	Since    string
	Until    string
	MemberID int64
}

func (s *Service) card(l *i18n.Localizer, o Organization) Card {
	c := Card{Org: o, Name: o.DisplayName(l), Kind: l.T("kind." + o.Kind), Country: CountryName(l, o.Country),
		URL: "/organizations/" + o.Slug, Hidden: !o.Public}
	if p, ok := s.places[o.PlaceID]; ok {
		c.Place, c.InArea = PlaceName(l, p), p.InArea
		if parent, ok := s.places[p.ParentID]; ok {
			c.Place += ", " + PlaceName(l, parent)
		}
	} else if o.City != "" {
		c.Place = Readable(l, o.City, o.Country)
	}
	for _, sl := range o.Sectors {
		c.Sectors = append(c.Sectors, l.T("sector."+sl))
	}
	d := []rune(o.Description(l))
	if len(d) > 220 {
		d = append(d[:217], '…')
	}
	c.Summary = string(d)
	return c
}

// FacetOption is one clickable value of a facet.
type FacetOption struct {
	Label    string
	Count    int
	Href     string
	Selected bool
}

// FacetView is a facet as the search page shows it.
type FacetView struct {
	Name    string
	Label   string
	Options []FacetOption
	Clear   string // link that removes this facet's filter, when one is set
}

// facetLabel names one facet value in the reader's language.
func (s *Service) facetLabel(l *i18n.Localizer, facet, value string, clusterNames map[string]string) string {
	switch facet {
	case "country":
		return CountryName(l, value)
	case "district":
		for _, d := range s.districts {
			if d.Code == value {
				return DistrictName(l, d)
			}
		}
	case "municipality":
		if id, ok := s.placeByCode[value]; ok {
			return PlaceName(l, s.places[id])
		}
	case "kind":
		return l.T("kind." + value)
	case "size":
		return l.T("size." + value)
	case "sector":
		return l.T("sector." + value)
	case "cluster":
		if n, ok := clusterNames[value]; ok {
			return n
		}
	}
	return value
}

func searchHref(q Query) string {
	v := q.Values()
	if len(v) == 0 {
		return "/organizations"
	}
	return "/organizations?" + v.Encode()
}

// facetViews builds the facet sidebar for a result.
func (s *Service) facetViews(l *i18n.Localizer, q Query, r Result, clusterNames map[string]string) []FacetView {
	current := map[string]string{"country": q.Country, "district": q.District, "municipality": q.Municipality, "kind": q.Kind,
		"size": q.Size, "sector": q.Sector, "cluster": q.Cluster}
	var out []FacetView
	for _, name := range facetNames {
		fv := FacetView{Name: name, Label: l.T("directory.facet." + name)}
		for i, v := range r.Facets[name] {
			if i >= 25 && v.Value != current[name] {
				continue
			}
			fv.Options = append(fv.Options, FacetOption{Label: s.facetLabel(l, name, v.Value, clusterNames), Count: v.Count,
				Href: searchHref(q.With(name, v.Value)), Selected: v.Value == current[name]})
		}
		if current[name] != "" {
			fv.Clear = searchHref(q.With(name, ""))
		}
		if len(fv.Options) > 0 {
			out = append(out, fv)
		}
	}
	return out
}

// PageLink is one link of the pagination.
type PageLink struct {
	Label   string
	Href    string
	Current bool
}

func pageLinks(q Query, r Result) []PageLink {
	pages := r.Pages()
	if pages <= 1 {
		return nil
	}
	var out []PageLink
	add := func(n int) {
		qq := q
		qq.Page = n
		out = append(out, PageLink{Label: strconv.Itoa(n), Href: searchHref(qq), Current: n == r.Page})
	}
	for n := 1; n <= pages; n++ {
		if n == 1 || n == pages || (n >= r.Page-2 && n <= r.Page+2) {
			add(n)
		} else if len(out) > 0 && out[len(out)-1].Label != "…" {
			out = append(out, PageLink{Label: "…"})
		}
	}
	return out
}

// exportHref links the CSV export of the same search.
func exportHref(q Query) string {
	q.Page, q.PerPage = 0, 0
	v := q.Values()
	if len(v) == 0 {
		return "/organizations.csv"
	}
	return "/organizations.csv?" + v.Encode()
}

// Readable shows free text (an address, a town) to a reader: Serbian in the reader's Serbian
// script, and Cyrillic romanised for English readers (by the Serbian table or the Bulgarian Act).
func Readable(l *i18n.Localizer, text, country string) string {
	switch l.Locale {
	case i18n.EN:
		return latinName(text, country)
	case i18n.SrLatn, i18n.SrCyrl:
		if country == "RS" || translit.DetectScript(text) == translit.ScriptCyrillic && country != "BG" {
			return l.Text(text)
		}
		if l.Locale == i18n.SrLatn && country == "BG" {
			return latinName(text, country)
		}
	}
	return text
}
