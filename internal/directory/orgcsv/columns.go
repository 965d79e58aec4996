package orgcsv

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// column is one field of Row as a spreadsheet column.
type column int

const (
	colName column = iota
	colKind
	colCountry
	colMunicipality
	colAddress
	colWebsite
	colEmail
	colPhone
	colRegNo
	colSectors
	colDescription
	colShortName
	colSize
	colFounded
	colEmployees
	colNACE
	colDescriptionEN
	colDescriptionBG
	colDescriptionSR
	colPublic
	colCity
	numColumns
)

// columnNames holds, for each column in export order, its documented English name followed by
// synonyms, then the Serbian Cyrillic names (their Latin spellings are derived) and the Bulgarian
// names. The first name in each language is the one Write uses for that language's header.
var columnNames = [numColumns]struct{ en, sr, bg []string }{
	colName: {
		[]string{"name", "organisation", "organization", "organisation name", "organization name", "company name", "full name", "legal name"},
		[]string{"назив", "име", "назив организације", "пун назив", "пословно име", "назив фирме"},
		[]string{"наименование", "име", "наименование на организацията", "пълно наименование", "название"},
	},
	colKind: {
		[]string{"kind", "type", "organisation type", "organization type", "category"},
		[]string{"врста", "тип", "врста организације", "категорија"},
		[]string{"вид", "тип", "вид организация", "вид на организацията", "категория"},
	},
	colCountry: {
		[]string{"country", "country code"},
		[]string{"држава", "земља"},
		[]string{"държава", "страна"},
	},
	colMunicipality: {
		[]string{"municipality", "commune"},
		[]string{"општина", "општина град"},
		[]string{"община"},
	},
	colAddress: {
		[]string{"address", "street address", "street"},
		[]string{"адреса", "улица"},
		[]string{"адрес", "улица"},
	},
	colWebsite: {
		[]string{"website", "web site", "web", "url", "site", "homepage", "www", "web page", "webpage"},
		[]string{"веб сајт", "вебсајт", "сајт", "интернет страница", "веб страница", "интернет адреса"},
		[]string{"уебсайт", "уеб сайт", "сайт", "интернет страница", "уеб страница", "интернет адрес"},
	},
	colEmail: {
		[]string{"email", "e mail", "mail", "email address", "e mail address"},
		[]string{"имејл", "е пошта", "електронска пошта", "мејл", "имејл адреса"},
		[]string{"имейл", "електронна поща", "е поща", "имейл адрес"},
	},
	colPhone: {
		[]string{"phone", "telephone", "tel", "phone number", "telephone number"},
		[]string{"телефон", "тел", "број телефона", "телефон број"},
		[]string{"телефон", "тел", "телефонен номер"},
	},
	colRegNo: {
		[]string{"registration number", "registration no", "reg no", "company number", "company id", "registration"},
		[]string{"матични број", "мб", "регистарски број", "матични број мб"},
		[]string{"еик", "булстат", "еик булстат", "еик по булстат", "регистрационен номер", "единен идентификационен код"},
	},
	colSectors: {
		[]string{"sectors", "sector", "industries", "industry"},
		[]string{"сектори", "сектор", "области", "гране"},
		[]string{"сектори", "сектор", "отрасли", "браншове"},
	},
	colDescription: {
		[]string{"description", "about", "profile"},
		[]string{"опис", "о нама", "профил"},
		[]string{"описание", "за нас", "профил"},
	},
	colShortName: {
		[]string{"short name", "short", "abbreviation", "acronym"},
		[]string{"скраћени назив", "кратак назив", "скраћеница", "скраћено име"},
		[]string{"кратко наименование", "съкращение", "абревиатура", "кратко име"},
	},
	colSize: {
		[]string{"size", "company size", "enterprise size"},
		[]string{"величина", "величина предузећа"},
		[]string{"размер", "големина", "размер на предприятието"},
	},
	colFounded: {
		[]string{"founded", "year founded", "founding year", "established", "year established", "year of establishment", "founded in"},
		[]string{"година оснивања", "основано", "основан", "основана", "оснивање"},
		[]string{"година на основаване", "основано", "основана", "основан", "създадена"},
	},
	colEmployees: {
		[]string{"employees", "number of employees", "staff", "headcount", "employee count"},
		[]string{"број запослених", "запослени", "запослених"},
		[]string{"брой служители", "служители", "брой заети", "заети", "персонал", "брой персонал"},
	},
	colNACE: {
		[]string{"nace", "nace code", "nace codes", "activity code", "activity codes"},
		[]string{"шифра делатности", "делатност", "наце", "шифре делатности"},
		[]string{"кид", "код по кид", "код на икономическа дейност", "наце", "икономическа дейност"},
	},
	colDescriptionEN: {
		[]string{"description en", "description english", "english description", "about en"},
		[]string{"опис енглески", "опис en", "опис на енглеском", "опис на енглеском језику"},
		[]string{"описание английски", "описание en", "описание на английски", "описание на английски език"},
	},
	colDescriptionBG: {
		[]string{"description bg", "description bulgarian", "bulgarian description", "about bg"},
		[]string{"опис бугарски", "опис bg", "опис на бугарском", "опис на бугарском језику"},
		[]string{"описание български", "описание bg", "описание на български", "описание на български език"},
	},
	colDescriptionSR: {
		[]string{"description sr", "description serbian", "serbian description", "about sr"},
		[]string{"опис српски", "опис sr", "опис на српском", "опис на српском језику"},
		[]string{"описание сръбски", "описание sr", "описание на сръбски", "описание на сръбски език"},
	},
	colPublic: {
		[]string{"public", "visible", "published", "show publicly"},
		[]string{"јавно", "јаван", "видљиво", "објављено"},
		[]string{"публично", "публичен", "видимо", "публикувано"},
	},
	colCity: {
		[]string{"city", "town", "place", "settlement", "locality"},
		[]string{"место", "град", "насеље", "насељено место"},
		[]string{"населено място", "град", "място", "селище"},
	},
}

// fieldNames are the documented English column names, used as Problem.Field and in Write's
// English header.
var fieldNames = [numColumns]string{
	colName: "name", colKind: "kind", colCountry: "country", colMunicipality: "municipality",
	colAddress: "address", colWebsite: "website", colEmail: "email", colPhone: "phone",
	colRegNo: "registration_number", colSectors: "sectors", colDescription: "description",
	colShortName: "short_name", colSize: "size", colFounded: "founded", colEmployees: "employees",
	colNACE: "nace", colDescriptionEN: "description_en", colDescriptionBG: "description_bg",
	colDescriptionSR: "description_sr", colPublic: "public", colCity: "city",
}

// Columns returns the documented English column names in the order Write uses.
func Columns() []string { return append([]string(nil), fieldNames[:]...) }

// foldKey is the form in which headers and words are compared: NFC, lower case, every run of
// characters that are not letters or digits read as one space, so "Registration number",
// "registration_number" and " REGISTRATION-NUMBER " meet.
func foldKey(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		space = true
	}
	return b.String()
}

var serbianLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'ђ': "đ", 'е': "e", 'ж': "ž", 'з': "z", 'и': "i",
	'ј': "j", 'к': "k", 'л': "l", 'љ': "lj", 'м': "m", 'н': "n", 'њ': "nj", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'ћ': "ć", 'у': "u", 'ф': "f", 'х': "h", 'ц': "c", 'ч': "č", 'џ': "dž", 'ш': "š",
}

// latinSpellings gives the Serbian Latin spellings, in lower case, of a Serbian Cyrillic word: with
// diacritics, and without them as typed on keyboards that lack them (opstina, djak).
func latinSpellings(s string) []string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if l, ok := serbianLatin[r]; ok {
			b.WriteString(l)
		} else {
			b.WriteRune(r)
		}
	}
	lat := b.String()
	plain := strings.NewReplacer("č", "c", "ć", "c", "š", "s", "ž", "z", "đ", "dj").Replace(lat)
	if plain == lat {
		return []string{lat}
	}
	return []string{lat, plain}
}

// words maps folded spellings to values; conflicts lists spellings claimed by two values, which
// the tests require to be empty.
type words[V comparable] struct {
	m         map[string]V
	conflicts []string
}

func (w *words[V]) add(v V, spellings ...string) {
	if w.m == nil {
		w.m = map[string]V{}
	}
	for _, s := range spellings {
		k := foldKey(s)
		if old, ok := w.m[k]; ok && old != v {
			w.conflicts = append(w.conflicts, k)
			continue
		}
		w.m[k] = v
	}
}

// addSerbian adds Serbian Cyrillic spellings together with their Latin forms.
func (w *words[V]) addSerbian(v V, cyrillic ...string) {
	for _, c := range cyrillic {
		w.add(v, c)
		w.add(v, latinSpellings(c)...)
	}
}

func (w *words[V]) lookup(s string) (V, bool) {
	v, ok := w.m[foldKey(s)]
	return v, ok
}

var headerWords = func() *words[column] {
	w := &words[column]{}
	for c := range numColumns {
		w.add(c, fieldNames[c])
		w.add(c, columnNames[c].en...)
		w.addSerbian(c, columnNames[c].sr...)
		w.add(c, columnNames[c].bg...)
	}
	return w
}()

// columnLetter is the spreadsheet's name for the column at index i (0 → A, 26 → AA), which is
// how a coordinator finds a column that has no heading.
func columnLetter(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}
