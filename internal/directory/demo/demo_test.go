package demo

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"clusterbridge/internal/regno"
)

var update = flag.Bool("update", false, "rewrite testdata/summary.golden from the current demo.json")

func load(t *testing.T) *Network {
	t.Helper()
	n, err := Load()
	if err != nil {
		t.Fatalf("Load() error: %v", err)
	}
	return n
}

// place is where a municipality lies, from the reference file.
type place struct{ country, district string }

// municipalities reads testdata/municipalities.csv (a copy of the programme area's reference
// data) into a map from both the Latin and the native name to the district.
func municipalities(t *testing.T) map[string]place {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "municipalities.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("testdata/municipalities.csv: %v", err)
	}
	m := map[string]place{}
	for _, r := range rows[1:] {
		p := place{r[0], r[1]}
		m[r[2]], m[r[3]] = p, p
	}
	return m
}

func TestLoadCounts(t *testing.T) {
	n := load(t)
	if got := len(n.Organizations); got < 60 {
		t.Errorf("organisations = %d, want at least 60", got)
	}
	if got := len(n.Clusters); got < 8 {
		t.Errorf("clusters = %d, want at least 8", got)
	}
	if got := len(n.Contacts); got < 30 {
		t.Errorf("contacts = %d, want at least 30", got)
	}
	// Load decodes afresh, so a caller that edits its copy cannot change the next one.
	n.Organizations[0].Name = "changed"
	if again := load(t); again.Organizations[0].Name == "changed" {
		t.Error("Load returned shared data: an edit to one result showed up in the next")
	}
}

func TestPlaces(t *testing.T) {
	n := load(t)
	munis := municipalities(t)
	districts := map[place]int{}
	for _, o := range n.Organizations {
		if o.Municipality == "" {
			continue
		}
		p, ok := munis[o.Municipality]
		if !ok {
			t.Errorf("%s: municipality %q is not in municipalities.csv", o.Key, o.Municipality)
			continue
		}
		if p.country != o.Country {
			t.Errorf("%s: municipality %q is in %s, organisation says %s", o.Key, o.Municipality, p.country, o.Country)
		}
		if strings.Contains(p.district, "NOT in programme area") {
			t.Errorf("%s: %q lies outside the programme area; give it as City instead", o.Key, o.Municipality)
		}
		districts[p]++
	}
	perCountry := map[string]int{}
	for p := range districts {
		perCountry[p.country]++
	}
	if len(districts) < 8 {
		t.Errorf("organisations lie in %d districts, want at least 8: %v", len(districts), districts)
	}
	for _, c := range []string{"RS", "BG"} {
		if perCountry[c] < 3 {
			t.Errorf("organisations lie in %d districts of %s, want at least 3", perCountry[c], c)
		}
	}
}

// TestSeedPresent checks that the organisations and towns the seed names are in the demo.
func TestSeedPresent(t *testing.T) {
	n := load(t)
	named := []struct{ key, country, nameHas string }{
		{"kuca-klastera", "RS", "Кућа кластера"},
		{"fondatsiya-predpriemachestvo", "BG", "Фондация за развитие на предприемачеството"},
		{"banjac", "RS", "Бањац"},
		{"balkanski-klaster", "RS", "Балкански кластер"},
	}
	for _, want := range named {
		o, ok := n.Org(want.key)
		if !ok {
			t.Errorf("organisation %q is missing", want.key)
			continue
		}
		if o.Country != want.country || !strings.Contains(o.Name, want.nameHas) {
			t.Errorf("%s = %s %q, want %s and a name containing %q", want.key, o.Country, o.Name, want.country, want.nameHas)
		}
	}
	if o, _ := n.Org("banjac"); o.Municipality != "Niška Banja" {
		t.Errorf("banjac is in %q, want Niška Banja", o.Municipality)
	}
	if o, _ := n.Org("fondatsiya-predpriemachestvo"); o.City != "София" {
		t.Errorf("the foundation is in %q, want Sofia (София)", o.City)
	}

	// The workshop's public sector came from these towns; each needs its municipality.
	for _, town := range []string{"Leskovac", "Svrljig", "Niška Banja", "Aleksinac", "Gadžin Han"} {
		found := false
		for _, o := range n.Organizations {
			found = found || (o.Kind == "public-body" && o.Municipality == town)
		}
		if !found {
			t.Errorf("no public body in %s", town)
		}
	}
	var inNis bool
	outside := map[string]bool{}
	for _, o := range n.Organizations {
		inNis = inNis || o.Municipality == "Niš"
		if o.City != "" {
			outside[o.Country+" "+o.City] = true
		}
	}
	if !inNis {
		t.Error("no organisation in Niš")
	}
	for _, want := range []string{"BG София", "RS Београд"} {
		if !outside[want] {
			t.Errorf("no organisation in %s outside the programme area; have %v", want, outside)
		}
	}
	eu := false
	for k := range outside {
		eu = eu || !(strings.HasPrefix(k, "RS ") || strings.HasPrefix(k, "BG "))
	}
	if !eu {
		t.Error("no EU partner outside Serbia and Bulgaria")
	}
	// The seed's sectors, each with at least one cluster.
	clusterSectors := map[string]bool{}
	for _, c := range n.Clusters {
		o, _ := n.Org(c.Key)
		for _, s := range o.Sectors {
			clusterSectors[s] = true
		}
	}
	for _, s := range []string{"tourism", "agriculture", "food-processing", "crafts", "construction", "architecture", "youth-entrepreneurship", "textiles", "furniture-design"} {
		if !clusterSectors[s] {
			t.Errorf("no cluster in sector %q", s)
		}
	}
}

// TestBalkanClusterLinks keeps the seed's figure: the Balkan Cluster linked 7 Bulgarian and 5
// Serbian institutions.
func TestBalkanClusterLinks(t *testing.T) {
	n := load(t)
	count := map[string]int{}
	for _, c := range n.Clusters {
		if c.Key != "balkanski-klaster" {
			continue
		}
		for _, m := range c.Members {
			o, _ := n.Org(m.Org)
			count[o.Country]++
		}
	}
	if count["BG"] != 7 || count["RS"] != 5 {
		t.Errorf("Balkan Cluster links %d Bulgarian and %d Serbian institutions, want 7 and 5", count["BG"], count["RS"])
	}
}

func TestMembershipsCoverDirectory(t *testing.T) {
	n := load(t)
	member := map[string]bool{}
	crossBorder := 0
	for _, c := range n.Clusters {
		co, _ := n.Org(c.Key)
		for _, m := range c.Members {
			member[m.Org] = true
			if mo, _ := n.Org(m.Org); mo.Country != co.Country {
				crossBorder++
			}
		}
	}
	// Every company, school and public body of the area belongs somewhere, or the demo's
	// cluster pages would leave it dangling.
	for _, o := range n.Organizations {
		if o.Municipality != "" && !member[o.Key] && !isCluster(n, o.Key) {
			t.Errorf("%s (%s) is in no cluster", o.Key, o.Kind)
		}
	}
	if crossBorder < 10 {
		t.Errorf("%d cross-border memberships, want at least 10", crossBorder)
	}
	ended := 0
	for _, c := range n.Clusters {
		for _, m := range c.Members {
			if m.Until != "" {
				ended++
			}
		}
	}
	if ended == 0 {
		t.Error("no membership has ended; the demo should show a former member")
	}
}

func isCluster(n *Network, key string) bool {
	return slices.ContainsFunc(n.Clusters, func(c Cluster) bool { return c.Key == key })
}

func TestRegistrationNumbers(t *testing.T) {
	n := load(t)
	kinds := map[regno.Kind]int{}
	for _, o := range n.Organizations {
		if o.RegistrationNumber == "" {
			continue
		}
		k, err := regno.Validate(o.Country, o.RegistrationNumber)
		if err != nil {
			t.Errorf("%s: %s %q: %v", o.Key, o.Country, o.RegistrationNumber, err)
		}
		kinds[k]++
	}
	for _, k := range []regno.Kind{regno.RSMB, regno.RSPIB, regno.BGEIK9, regno.BGEIK13, regno.Other} {
		if kinds[k] == 0 {
			t.Errorf("no organisation with a number of kind %s; have %v", k, kinds)
		}
	}
	// The branch's number must extend its company's.
	branch, _ := n.Org("struma-stroy-kyustendil")
	company, _ := n.Org("struma-stroy")
	if !strings.HasPrefix(branch.RegistrationNumber, company.RegistrationNumber) {
		t.Errorf("branch number %s does not extend %s", branch.RegistrationNumber, company.RegistrationNumber)
	}
}

var (
	cyrillic = regexp.MustCompile(`\p{Cyrillic}`)
	sentence = regexp.MustCompile(`[.!?](\s|$)`)
)

// letterShare is the share of a text's letters that are Cyrillic.
func cyrillicShare(s string) float64 {
	var cyr, all int
	for _, r := range s {
		if unicode.IsLetter(r) {
			all++
			if unicode.Is(unicode.Cyrillic, r) {
				cyr++
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(cyr) / float64(all)
}

func TestDescriptions(t *testing.T) {
	n := load(t)
	locales := map[string]int{}
	multi := 0
	native := map[string][2]int{} // country → {described in its own language, organisations}
	for _, o := range n.Organizations {
		if len(o.Descriptions) >= 2 {
			multi++
		}
		for loc, text := range o.Descriptions {
			locales[loc]++
			if got := len(sentence.FindAllString(text, -1)); got < 1 || got > 3 {
				t.Errorf("%s %s: %d sentences, want 1–3: %q", o.Key, loc, got, text)
			}
			share := cyrillicShare(text)
			switch loc {
			case "sr-Cyrl", "bg":
				if share < 0.9 {
					t.Errorf("%s %s: only %.0f%% Cyrillic letters: %q", o.Key, loc, share*100, text)
				}
			case "sr-Latn", "en":
				if cyrillic.MatchString(text) {
					t.Errorf("%s %s: Cyrillic letters in a Latin text: %q", o.Key, loc, text)
				}
			}
		}
		own := map[string][]string{"RS": {"sr-Cyrl", "sr-Latn"}, "BG": {"bg"}}[o.Country]
		if own != nil {
			c := native[o.Country]
			c[1]++
			if slices.ContainsFunc(own, func(l string) bool { return o.Descriptions[l] != "" }) {
				c[0]++
			}
			native[o.Country] = c
		}
	}
	if len(locales) < 3 {
		t.Errorf("descriptions in %d locales, want at least 3: %v", len(locales), locales)
	}
	if multi < 20 {
		t.Errorf("%d organisations described in two or more locales, want at least 20", multi)
	}
	for country, c := range native {
		if c[0]*10 < c[1]*9 {
			t.Errorf("%s: %d of %d organisations described in their own language, want at least 90%%", country, c[0], c[1])
		}
	}
	if locales["sr-Cyrl"] == 0 || locales["sr-Latn"] == 0 {
		t.Errorf("Serbian descriptions should use both scripts: %v", locales)
	}
}

// TestExampleDomains guards the promise that no demo address can reach a real inbox or site.
func TestExampleDomains(t *testing.T) {
	n := load(t)
	for _, o := range n.Organizations {
		for _, v := range []string{o.Website, o.Email} {
			if v != "" && !strings.HasSuffix(v, ".example") {
				t.Errorf("%s: %q is not on an .example domain", o.Key, v)
			}
		}
		if o.Website == "" || o.Email == "" {
			t.Errorf("%s: website and e-mail are expected in the demo", o.Key)
		}
	}
	for _, c := range n.Contacts {
		if !strings.HasSuffix(c.Email, ".example") {
			t.Errorf("contact %s: %q is not on an .example domain", c.Name, c.Email)
		}
	}
}

func TestPhonesNationalFormat(t *testing.T) {
	n := load(t)
	prefix := map[string]string{"RS": "+381 ", "BG": "+359 ", "GR": "+30 ", "AT": "+43 "}
	check := func(who, country, phone string) {
		t.Helper()
		if phone == "" {
			return
		}
		p, ok := prefix[country]
		if !ok || !strings.HasPrefix(phone, p) {
			t.Errorf("%s: phone %q does not start with %q for %s", who, phone, p, country)
			return
		}
		// The subscriber number starts with 555, which marks it as invented.
		if groups := strings.Fields(strings.TrimPrefix(phone, p)); len(groups) < 2 || !strings.HasPrefix(strings.Join(groups[1:], ""), "555") {
			t.Errorf("%s: phone %q: the number after the area code should start with 555", who, phone)
		}
		digits := strings.Count(strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return 'd'
			}
			return -1
		}, strings.TrimPrefix(phone, p)), "d")
		if digits < 7 || digits > 11 {
			t.Errorf("%s: phone %q has %d national digits", who, phone, digits)
		}
	}
	for _, o := range n.Organizations {
		check(o.Key, o.Country, o.Phone)
	}
	for _, c := range n.Contacts {
		o, _ := n.Org(c.Org)
		check(c.Name, o.Country, c.Phone)
	}
}

func TestContacts(t *testing.T) {
	n := load(t)
	consent := map[bool]int{}
	langs := map[string]bool{}
	for _, c := range n.Contacts {
		consent[c.Consent]++
		for _, l := range c.Languages {
			langs[l] = true
		}
		if _, ok := n.Org(c.Org); !ok {
			t.Errorf("contact %s: organisation %q is missing", c.Name, c.Org)
		}
	}
	if consent[true] == 0 || consent[false] < 3 {
		t.Errorf("consent given by %d, withheld by %d; want both, at least 3 withheld", consent[true], consent[false])
	}
	for _, l := range []string{"sr", "bg", "en"} {
		if !langs[l] {
			t.Errorf("no contact speaks %q", l)
		}
	}
	hidden := 0
	for _, o := range n.Organizations {
		if !o.Public {
			hidden++
		}
	}
	if hidden == 0 || hidden*5 > len(n.Organizations) {
		t.Errorf("%d organisations hidden, want a few (some, under a fifth)", hidden)
	}
}

// TestCheckCatches breaks the data in each way Check promises to notice.
func TestCheckCatches(t *testing.T) {
	tests := []struct {
		name, want string
		breakIt    func(n *Network)
	}{
		{"duplicate key", "key used twice", func(n *Network) { n.Organizations[1].Key = n.Organizations[0].Key }},
		{"bad key", "lower-case words", func(n *Network) { n.Organizations[0].Key = "Kuća Klastera" }},
		{"cluster of a company", "of kind", func(n *Network) { n.Clusters[0].Key = "nisgradnja" }},
		{"unknown cluster", "no such organisation", func(n *Network) { n.Clusters[0].Key = "nowhere" }},
		{"dangling member", "no member organisation", func(n *Network) { n.Clusters[0].Members[0].Org = "nobody" }},
		{"self member", "its own member", func(n *Network) { n.Clusters[0].Members[0].Org = n.Clusters[0].Key }},
		{"duplicate member", "listed twice", func(n *Network) { n.Clusters[0].Members[1].Org = n.Clusters[0].Members[0].Org }},
		{"bad role", "unknown role", func(n *Network) { n.Clusters[0].Members[0].Role = "sponsor" }},
		{"bad date", "since", func(n *Network) { n.Clusters[0].Members[0].Since = "15.03.2012" }},
		{"leaves before joining", "before joining", func(n *Network) { n.Clusters[0].Members[0].Until = "2001-01-01" }},
		{"joins before founded", "before", func(n *Network) { n.Clusters[0].Members[0].Since = "1990-01-01" }},
		{"dangling contact", "no organisation", func(n *Network) { n.Contacts[0].Org = "nobody" }},
		{"contact real e-mail", "not on an .example domain", func(n *Network) { n.Contacts[0].Email = "someone@gmail.com" }},
		{"contact language", "ISO 639-1", func(n *Network) { n.Contacts[0].Languages = []string{"Serbian"} }},
		{"bad check digit", "registration number", func(n *Network) { setReg(n, "nisgradnja", flipLast) }},
		{"duplicate number", "already belongs", func(n *Network) {
			o, _ := n.Org("nisgradnja")
			setReg(n, "studio-luka", func(string) string { return o.RegistrationNumber })
		}},
		{"unknown sector", "unknown sector", func(n *Network) { n.Organizations[0].Sectors = []string{"banking"} }},
		{"NACE division in wrong section", "NACE", func(n *Network) { n.Organizations[0].NACE = []string{"F14"} }},
		{"unknown kind", "unknown kind", func(n *Network) { n.Organizations[0].Kind = "club" }},
		{"size out of range", "do not make", func(n *Network) { setOrg(n, "vratsa-triko", func(o *Organization) { o.Employees = 12 }) }},
		{"size of a non-company", "only companies", func(n *Network) { n.Organizations[0].Size = "small" }},
		{"real website", "website", func(n *Network) { n.Organizations[0].Website = "https://www.example.com" }},
		{"real e-mail", "e-mail", func(n *Network) { n.Organizations[0].Email = "info@firma.rs" }},
		{"no place", "either a municipality", func(n *Network) { n.Organizations[0].Municipality = "" }},
		{"both places", "either a municipality", func(n *Network) { n.Organizations[0].City = "Niš" }},
		{"unknown locale", "unknown locale", func(n *Network) { n.Organizations[0].Descriptions["sr"] = "Текст." }},
		{"phone format", "international format", func(n *Network) { n.Organizations[0].Phone = "018/555-010" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := load(t)
			tt.breakIt(n)
			err := n.Check()
			if err == nil {
				t.Fatalf("Check() = nil after breaking the data (%s)", tt.name)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check() = %v\nwant a problem mentioning %q", err, tt.want)
			}
		})
	}
}

func setOrg(n *Network, key string, f func(*Organization)) {
	for i := range n.Organizations {
		if n.Organizations[i].Key == key {
			f(&n.Organizations[i])
			return
		}
	}
	panic("no organisation " + key)
}

func setReg(n *Network, key string, f func(string) string) {
	setOrg(n, key, func(o *Organization) { o.RegistrationNumber = f(o.RegistrationNumber) })
}

func flipLast(s string) string {
	last := s[len(s)-1]
	return s[:len(s)-1] + string('0'+(last-'0'+1)%10)
}

// TestSummaryGolden pins the shape of the demo (how many organisations of each kind in each
// district), so an edit to demo.json that moves or drops organisations shows up in review.
// Run with -update to accept a deliberate change.
func TestSummaryGolden(t *testing.T) {
	n := load(t)
	munis := municipalities(t)
	count := map[string]int{}
	for _, o := range n.Organizations {
		where := o.Country + " " + o.City + " (outside)"
		if p, ok := munis[o.Municipality]; ok {
			where = p.country + " " + p.district
		}
		count[fmt.Sprintf("%-32s %s", where, o.Kind)]++
	}
	lines := make([]string, 0, len(count))
	for k, v := range count {
		lines = append(lines, fmt.Sprintf("%s\t%d", k, v))
	}
	sort.Strings(lines)
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", "summary.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("summary differs from %s (run with -update if the change is deliberate):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestReferenceCopyCurrent makes sure testdata/ still matches the shared reference data the
// directory ships, when that reference is at hand.
func TestReferenceCopyCurrent(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Skipf("repository root not found: %v", err)
	}
	for _, name := range []string{"municipalities.csv", "districts.csv"} {
		shared, err := os.ReadFile(filepath.Join(root, "..", "shared", "data", name))
		if err != nil {
			t.Skipf("shared reference data not available: %v", err)
		}
		local, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(shared, local) {
			t.Errorf("testdata/%s differs from the shared reference; copy it again", name)
		}
	}
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test's directory")
		}
		dir = parent
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
