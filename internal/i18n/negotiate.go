package i18n

import (
	"sort"
	"strconv"
	"strings"
)

// Negotiate picks the locale of a request: an explicit ?lang= first, then the cookie that
// remembers it, then the signed-in user's saved preference, then the browser's Accept-Language.
func Negotiate(query, cookie, saved, acceptLanguage string) Locale {
	for _, s := range []string{query, cookie, saved} {
		if l, ok := Parse(s); ok {
			return l
		}
	}
	return FromAcceptLanguage(acceptLanguage)
}

// FromAcceptLanguage maps a browser's preference list onto the four locales. Plain "sr" means
// Cyrillic, the official script; Croatian and Bosnian readers are served Serbian Latin, which they
// read without effort.
func FromAcceptLanguage(header string) Locale {
	type pref struct {
		tag string
		q   float64
		i   int
	}
	var prefs []pref
	for i, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if tag == "" || tag == "*" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q <= 0 {
			continue
		}
		prefs = append(prefs, pref{strings.ToLower(tag), q, i})
	}
	sort.SliceStable(prefs, func(a, b int) bool { return prefs[a].q > prefs[b].q })
	for _, p := range prefs {
		if l, ok := matchTag(p.tag); ok {
			return l
		}
	}
	return Default
}

func matchTag(tag string) (Locale, bool) {
	parts := strings.Split(strings.ReplaceAll(tag, "_", "-"), "-")
	switch parts[0] {
	case "sr":
		for _, p := range parts[1:] {
			switch p {
			case "latn":
				return SrLatn, true
			case "cyrl":
				return SrCyrl, true
			case "me": // Montenegro writes mostly in Latin
				return SrLatn, true
			}
		}
		return SrCyrl, true
	case "hr", "bs", "sh":
		return SrLatn, true
	case "bg":
		return BG, true
	case "en":
		return EN, true
	}
	return "", false
}
