// Package synth generates a synthetic directory of any size with realistic names in both
// countries' scripts, for load tests and benchmarks. It is deterministic: the same seed gives
// the same organisations.
package synth

import (
	"fmt"
	"math/rand/v2"

	"clusterbridge/internal/regno"
	"clusterbridge/internal/translit"
)

// Org is one generated organisation, in the shape the directory's input takes.
type Org struct {
	Name, Kind, Size, Country, Municipality, City, Website, Email, Phone, RegNo string
	Founded, Employees                                                          int
	Sectors                                                                     []string
	Descriptions                                                                map[string]string
	Public                                                                      bool
}

var (
	srRoots = []string{"Нишава", "Тимок", "Морава", "Јастребац", "Сврљиг", "Стара планина", "Ртањ", "Власина", "Пчиња", "Топлица",
		"Суви бор", "Јабланица", "Озрен", "Ветерник", "Бабичко", "Сува планина", "Ђердап", "Голија", "Пасјача", "Крајина", "Заплање",
		"Лужница", "Ђунис", "Кукавица", "Бесна кобила", "Тресибаба", "Селичевица", "Мироч", "Хомоље", "Црни врх"}
	srTrades = []string{"Текстил", "Агро", "Градња", "Дизајн", "Намештај", "Туризам", "Занати", "Инжењеринг", "Софтвер", "Енергија",
		"Пројект", "Млин", "Вино", "Мед", "Пластика", "Метал", "Транспорт", "Консалтинг", "Трикотажа", "Керамика", "Органик", "Солар"}
	srForms = []string{"д.о.о.", "д.о.о.", "д.о.о.", "а.д.", "предузетник", "задруга"}
	bgRoots = []string{"Витоша", "Рила", "Дунав", "Искър", "Огоста", "Струма", "Осогово", "Белоградчик", "Берковица", "Копрен", "Малешево",
		"Конявска", "Верила", "Лом", "Цибрица", "Ботев", "Мездра", "Козлодуй", "Вършец", "Чипровци", "Трън", "Брезник", "Земен",
		"Своге", "Ихтиман", "Самоков", "Ботевград", "Дупница", "Бобошево", "Невестино"}
	bgTrades = []string{"Текстил", "Агро", "Строй", "Дизайн", "Мебели", "Туризъм", "Занаяти", "Инженеринг", "Софтуер", "Енерджи",
		"Проект", "Мелница", "Вино", "Мед", "Пластмаси", "Метал", "Транспорт", "Консулт", "Трикотаж", "Керамика", "Органик", "Солар"}
	bgForms    = []string{"ЕООД", "ЕООД", "ООД", "ООД", "АД", "ЕТ"}
	enTrades   = []string{"Textile", "Agro", "Build", "Design", "Furniture", "Travel", "Crafts", "Engineering", "Soft", "Energy"}
	clusterSR  = []string{"Кластер", "Кластерска иницијатива", "Удружење", "Регионална развојна агенција", "Школа"}
	clusterBG  = []string{"Клъстер", "Клъстерна инициатива", "Сдружение", "Регионална агенция", "Професионална гимназия"}
	sectors    = []string{"tourism", "agriculture", "food-processing", "crafts", "textiles", "construction", "architecture", "furniture-design", "environment", "ict", "energy", "youth-entrepreneurship", "business-support"}
	kindOfWord = map[string]string{"Кластер": "cluster", "Кластерска иницијатива": "cluster-initiative", "Удружење": "association",
		"Регионална развојна агенција": "public-body", "Школа": "education", "Клъстер": "cluster", "Клъстерна инициатива": "cluster-initiative",
		"Сдружение": "association", "Регионална агенция": "public-body", "Професионална гимназия": "education"}
	srDescr = []string{"Бавимо се производњом и извозом у региону југоисточне Србије.", "Тражимо партнере у Бугарској за заједничке пројекте.",
		"Породична фирма са дугом традицијом.", "Учествујемо у сајмовима и студијским посетама."}
	bgDescr = []string{"Фирмата произвежда за вътрешния пазар и за износ.", "Търсим партньори в Сърбия за съвместни проекти.",
		"Семейна фирма с дълга традиция.", "Участваме в панаири и учебни посещения."}
	enDescr = []string{"We produce for export and look for partners across the border.", "A family business with a long tradition.",
		"Member of regional clusters since its foundation."}
)

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// Places are the municipality names the generator may use, per country.
type Places struct {
	RS, BG []string
}

// Generate makes n organisations. About 55% are Serbian, 40% Bulgarian and 5% elsewhere; a third of
// the Serbian names are written in Latin; registration numbers are valid and unique.
func Generate(seed uint64, n int, places Places) []Org {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]Org, 0, n)
	for i := range n {
		o := Org{Descriptions: map[string]string{}}
		roll := r.Float64()
		switch {
		case roll < 0.55:
			o.Country, o.Municipality = "RS", pick(r, places.RS)
			if r.Float64() < 0.12 {
				w := pick(r, clusterSR)
				o.Kind, o.Name = kindOfWord[w], w+" „"+pick(r, srRoots)+"“ "+pick(r, srTrades)
			} else {
				o.Kind, o.Name = "company", pick(r, srTrades)+" "+pick(r, srRoots)+" "+pick(r, srForms)
			}
			if r.Float64() < 0.33 {
				o.Name = translit.SerbianToLatin(o.Name)
			}
			if r.Float64() < 0.7 {
				o.RegNo = regno.Make(regno.RSMB, 10_000+i)
			}
			o.Descriptions["sr"] = pick(r, srDescr)
		case roll < 0.95:
			o.Country, o.Municipality = "BG", pick(r, places.BG)
			if r.Float64() < 0.12 {
				w := pick(r, clusterBG)
				o.Kind, o.Name = kindOfWord[w], w+" „"+pick(r, bgRoots)+" "+pick(r, bgTrades)+"“"
			} else {
				o.Kind, o.Name = "company", pick(r, bgRoots)+" "+pick(r, bgTrades)+" "+pick(r, bgForms)
			}
			if r.Float64() < 0.7 {
				o.RegNo = regno.Make(regno.BGEIK9, 10_000+i)
			}
			o.Descriptions["bg"] = pick(r, bgDescr)
		default:
			o.Country, o.City, o.Kind = pick(r, []string{"GR", "RO", "AT", "DE", "MK"}), pick(r, []string{"Thessaloniki", "Craiova", "Wien", "München", "Skopje"}), "company"
			o.Name = pick(r, enTrades) + " " + translit.BulgarianToLatin(pick(r, bgRoots)) + " " + pick(r, []string{"GmbH", "SRL", "S.A.", "Ltd"})
		}
		if r.Float64() < 0.5 {
			o.Descriptions["en"] = pick(r, enDescr)
		}
		if o.Kind == "company" {
			o.Size = pick(r, []string{"micro", "micro", "micro", "small", "small", "medium", "large"})
			o.Employees = map[string]int{"micro": 1 + r.IntN(9), "small": 10 + r.IntN(40), "medium": 50 + r.IntN(200), "large": 250 + r.IntN(800)}[o.Size]
		}
		k := 1 + r.IntN(3)
		seen := map[string]bool{}
		for range k {
			s := pick(r, sectors)
			if !seen[s] {
				seen[s] = true
				o.Sectors = append(o.Sectors, s)
			}
		}
		o.Founded = 1950 + r.IntN(75)
		slug := fmt.Sprintf("org%d", i)
		o.Website = "https://" + slug + ".example"
		o.Email = "info@" + slug + ".example"
		o.Public = r.Float64() < 0.97
		out = append(out, o)
	}
	return out
}
