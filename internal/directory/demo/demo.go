// Package demo holds the demonstration network the platform loads into an empty database: the
// Cluster House of Niš, the Foundation for Entrepreneurship Development of Sofia, the Banjac
// tourist cluster of Niška Banja, the Balkan Cluster, the municipalities that took part in the
// cross-border workshop, and invented clusters, companies, schools and associations around them
// on both sides of the border, so a new installation can be tried without typing anything in.
//
// The real institutions keep their real names; their addresses, telephone numbers and web
// addresses here are illustrative, not their own, and they carry no registration number,
// because a made-up one would misrepresent them. Everything else — organisations, memberships and people — is
// invented; web sites and e-mail addresses use the reserved .example domain so nothing can reach
// a real inbox.
package demo

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"clusterbridge/internal/regno"
)

//go:embed demo.json
var demoJSON []byte

// Network is the whole demonstration data set.
type Network struct {
	Organizations []Organization `json:"organizations"`
	Clusters      []Cluster      `json:"clusters"`
	Contacts      []Contact      `json:"contacts"`
}

// Organization is one member of the directory.
type Organization struct {
	Key                string            `json:"key"` // stable identifier used by clusters and contacts
	Name               string            `json:"name"`
	ShortName          string            `json:"short_name"`
	Kind               string            `json:"kind"`
	Size               string            `json:"size"`
	Country            string            `json:"country"`      // ISO 3166 alpha-2
	Municipality       string            `json:"municipality"` // as in the reference municipalities; "" outside the programme area
	City               string            `json:"city"`         // free text, only outside the programme area
	Address            string            `json:"address"`
	Website            string            `json:"website"`
	Email              string            `json:"email"`
	Phone              string            `json:"phone"`
	RegistrationNumber string            `json:"registration_number"`
	Founded            int               `json:"founded"`
	Employees          int               `json:"employees"`
	Sectors            []string          `json:"sectors"`
	NACE               []string          `json:"nace"`
	Descriptions       map[string]string `json:"descriptions"` // locale → 1–3 sentences
	Public             bool              `json:"public"`
}

// Cluster lists the members of an organisation of kind cluster or cluster-initiative.
type Cluster struct {
	Key     string       `json:"key"`
	Members []Membership `json:"members"`
}

// Membership of an organisation in a cluster. Dates are YYYY-MM-DD; Until is "" while it lasts.
type Membership struct {
	Org   string `json:"org"`
	Role  string `json:"role"`
	Since string `json:"since"`
	Until string `json:"until"`
}

// Contact is an invented person at an organisation. Consent false means the platform must not
// show the person publicly, which the demo uses to show hiding.
type Contact struct {
	Org       string   `json:"org"`
	Name      string   `json:"name"`
	Position  string   `json:"position"`
	Email     string   `json:"email"`
	Phone     string   `json:"phone"`
	Languages []string `json:"languages"` // ISO 639-1
	Consent   bool     `json:"consent"`
}

// Vocabularies the data may use. They match the directory's database constraints, so a load
// that passes Check cannot fail on them half-way.
var (
	Kinds   = []string{"cluster", "cluster-initiative", "company", "public-body", "association", "foundation", "education", "other"}
	Sizes   = []string{"micro", "small", "medium", "large"}
	Roles   = []string{"founder", "member", "associate", "partner"}
	Sectors = []string{
		"tourism", "agriculture", "food-processing", "crafts", "textiles", "construction", "architecture",
		"furniture-design", "environment", "ict", "energy", "youth-entrepreneurship", "business-support",
		"public-administration",
	}
	Locales = []string{"sr-Cyrl", "sr-Latn", "bg", "en"}
)

// Load decodes the embedded data and checks it; a release with broken demo data fails here
// rather than leaving a half-loaded directory.
func Load() (*Network, error) {
	dec := json.NewDecoder(bytes.NewReader(demoJSON))
	dec.DisallowUnknownFields()
	var n Network
	if err := dec.Decode(&n); err != nil {
		return nil, fmt.Errorf("demo: decode demo.json: %w", err)
	}
	if err := n.Check(); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return &n, nil
}

// Org returns the organisation with a key.
func (n *Network) Org(key string) (Organization, bool) {
	for _, o := range n.Organizations {
		if o.Key == key {
			return o, true
		}
	}
	return Organization{}, false
}

var (
	keyPattern   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	nacePattern  = regexp.MustCompile(`^[A-U]([0-9]{2}(\.[0-9])?)?$`)
	langPattern  = regexp.MustCompile(`^[a-z]{2}$`)
	phonePattern = regexp.MustCompile(`^\+[1-9][0-9]{0,2}( [0-9]{1,4})+$`)
)

// Check reports every broken promise of the data at once (joined), so one run of the tests
// lists everything an editor of demo.json has to fix.
func (n *Network) Check() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	orgs := map[string]Organization{}
	regs := map[string]string{}
	for _, o := range n.Organizations {
		if !keyPattern.MatchString(o.Key) {
			bad("organisation %q: key must be lower-case words joined by dashes", o.Key)
		}
		if _, dup := orgs[o.Key]; dup {
			bad("organisation %q: key used twice", o.Key)
		}
		orgs[o.Key] = o
		checkOrg(o, bad)
		if o.RegistrationNumber != "" {
			id := o.Country + " " + regno.Normalize(o.RegistrationNumber)
			if prev, dup := regs[id]; dup {
				bad("organisation %q: registration number %s already belongs to %q", o.Key, id, prev)
			}
			regs[id] = o.Key
		}
	}

	seenCluster := map[string]bool{}
	for _, c := range n.Clusters {
		o, ok := orgs[c.Key]
		switch {
		case !ok:
			bad("cluster %q: no such organisation", c.Key)
		case o.Kind != "cluster" && o.Kind != "cluster-initiative":
			bad("cluster %q: organisation is of kind %q", c.Key, o.Kind)
		}
		if seenCluster[c.Key] {
			bad("cluster %q: listed twice", c.Key)
		}
		seenCluster[c.Key] = true
		seenMember := map[string]bool{}
		for _, m := range c.Members {
			checkMembership(c.Key, o, m, orgs, bad)
			if seenMember[m.Org] {
				bad("cluster %q: member %q listed twice", c.Key, m.Org)
			}
			seenMember[m.Org] = true
		}
	}

	for i, p := range n.Contacts {
		if _, ok := orgs[p.Org]; !ok {
			bad("contact %d (%s): no organisation %q", i, p.Name, p.Org)
		}
		if strings.TrimSpace(p.Name) == "" || strings.TrimSpace(p.Position) == "" {
			bad("contact %d: name and position are required", i)
		}
		if !exampleEmail(p.Email) {
			bad("contact %d (%s): e-mail %q is not on an .example domain", i, p.Name, p.Email)
		}
		if p.Phone != "" && !phonePattern.MatchString(p.Phone) {
			bad("contact %d (%s): phone %q is not in international format", i, p.Name, p.Phone)
		}
		if len(p.Languages) == 0 {
			bad("contact %d (%s): no languages", i, p.Name)
		}
		for _, l := range p.Languages {
			if !langPattern.MatchString(l) {
				bad("contact %d (%s): language %q is not an ISO 639-1 code", i, p.Name, l)
			}
		}
	}
	return errors.Join(errs...)
}

func checkOrg(o Organization, bad func(string, ...any)) {
	if strings.TrimSpace(o.Name) == "" {
		bad("organisation %q: no name", o.Key)
	}
	if !slices.Contains(Kinds, o.Kind) {
		bad("organisation %q: unknown kind %q", o.Key, o.Kind)
	}
	if o.Kind == "company" {
		if !slices.Contains(Sizes, o.Size) {
			bad("organisation %q: company size %q is not one of %v", o.Key, o.Size, Sizes)
		} else if !sizeFits(o.Size, o.Employees) {
			bad("organisation %q: %d employees do not make a %s company", o.Key, o.Employees, o.Size)
		}
	} else if o.Size != "" {
		bad("organisation %q: only companies have a size", o.Key)
	}
	if len(o.Country) != 2 || strings.ToUpper(o.Country) != o.Country {
		bad("organisation %q: country %q is not an upper-case ISO alpha-2 code", o.Key, o.Country)
	}
	if (o.Municipality == "") == (o.City == "") {
		bad("organisation %q: give either a municipality of the programme area or, outside it, a city", o.Key)
	}
	if o.RegistrationNumber != "" {
		if _, err := regno.Validate(o.Country, o.RegistrationNumber); err != nil {
			bad("organisation %q: registration number: %w", o.Key, err)
		}
	}
	if o.Website != "" && !exampleWebsite(o.Website) {
		bad("organisation %q: website %q is not on an .example domain", o.Key, o.Website)
	}
	if o.Email != "" && !exampleEmail(o.Email) {
		bad("organisation %q: e-mail %q is not on an .example domain", o.Key, o.Email)
	}
	if o.Phone != "" && !phonePattern.MatchString(o.Phone) {
		bad("organisation %q: phone %q is not in international format", o.Key, o.Phone)
	}
	if year := time.Now().Year(); o.Founded != 0 && (o.Founded < 1800 || o.Founded > year) {
		bad("organisation %q: founded in %d", o.Key, o.Founded)
	}
	if o.Employees < 0 {
		bad("organisation %q: negative employees", o.Key)
	}
	if len(o.Sectors) == 0 {
		bad("organisation %q: no sector", o.Key)
	}
	for _, s := range o.Sectors {
		if !slices.Contains(Sectors, s) {
			bad("organisation %q: unknown sector %q", o.Key, s)
		}
	}
	for _, c := range o.NACE {
		if !naceValid(c) {
			bad("organisation %q: %q is not a NACE Rev. 2 section, division or group", o.Key, c)
		}
	}
	if len(o.Descriptions) == 0 {
		bad("organisation %q: no description", o.Key)
	}
	for loc, text := range o.Descriptions {
		if !slices.Contains(Locales, loc) {
			bad("organisation %q: description in unknown locale %q", o.Key, loc)
		}
		if strings.TrimSpace(text) == "" {
			bad("organisation %q: empty %s description", o.Key, loc)
		}
	}
}

func checkMembership(cluster string, c Organization, m Membership, orgs map[string]Organization, bad func(string, ...any)) {
	o, ok := orgs[m.Org]
	if !ok {
		bad("cluster %q: no member organisation %q", cluster, m.Org)
	}
	if m.Org == cluster {
		bad("cluster %q: a cluster cannot be its own member", cluster)
	}
	if !slices.Contains(Roles, m.Role) {
		bad("cluster %q: member %q has unknown role %q", cluster, m.Org, m.Role)
	}
	since, err := time.Parse(time.DateOnly, m.Since)
	if err != nil {
		bad("cluster %q: member %q: since: %w", cluster, m.Org, err)
		return
	}
	if m.Until != "" {
		until, err := time.Parse(time.DateOnly, m.Until)
		if err != nil {
			bad("cluster %q: member %q: until: %w", cluster, m.Org, err)
		} else if until.Before(since) {
			bad("cluster %q: member %q leaves on %s before joining on %s", cluster, m.Org, m.Until, m.Since)
		}
	}
	// Nobody joins before both sides exist.
	for _, side := range []Organization{c, o} {
		if side.Founded != 0 && since.Year() < side.Founded {
			bad("cluster %q: member %q joins in %d, before %q was founded in %d", cluster, m.Org, since.Year(), side.Key, side.Founded)
		}
	}
}

// sizeFits applies the EU SME thresholds on headcount, the measure both countries use.
func sizeFits(size string, employees int) bool {
	switch size {
	case "micro":
		return employees >= 1 && employees < 10
	case "small":
		return employees >= 10 && employees < 50
	case "medium":
		return employees >= 50 && employees < 250
	case "large":
		return employees >= 250
	}
	return false
}

// naceSections maps each NACE Rev. 2 section to its range of divisions, so a code such as
// "F14" (a division that belongs to C) is caught.
var naceSections = map[byte][2]int{
	'A': {1, 3}, 'B': {5, 9}, 'C': {10, 33}, 'D': {35, 35}, 'E': {36, 39}, 'F': {41, 43}, 'G': {45, 47},
	'H': {49, 53}, 'I': {55, 56}, 'J': {58, 63}, 'K': {64, 66}, 'L': {68, 68}, 'M': {69, 75}, 'N': {77, 82},
	'O': {84, 84}, 'P': {85, 85}, 'Q': {86, 88}, 'R': {90, 93}, 'S': {94, 96}, 'T': {97, 98}, 'U': {99, 99},
}

func naceValid(code string) bool {
	if !nacePattern.MatchString(code) {
		return false
	}
	if len(code) == 1 {
		return true
	}
	div := int(code[1]-'0')*10 + int(code[2]-'0')
	r := naceSections[code[0]]
	return div >= r[0] && div <= r[1]
}

func exampleWebsite(u string) bool {
	host, ok := strings.CutPrefix(u, "https://")
	if !ok {
		return false
	}
	host, _, _ = strings.Cut(host, "/")
	return exampleHost(host)
}

func exampleEmail(e string) bool {
	local, host, ok := strings.Cut(e, "@")
	return ok && local != "" && !strings.Contains(host, "@") && exampleHost(host)
}

// exampleHost accepts names under the .example top-level domain, which RFC 2606 reserves so
// demo addresses can never belong to anyone.
func exampleHost(h string) bool {
	name, ok := strings.CutSuffix(h, ".example")
	return ok && name != "" && keyPattern.MatchString(strings.ReplaceAll(name, ".", "-"))
}
