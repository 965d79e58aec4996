package directory

import (
	"context"
	"fmt"
	"strconv"

	"clusterbridge/internal/audit"
	"clusterbridge/internal/db"
	"clusterbridge/internal/directory/synth"
)

// Generate adds n synthetic organisations (see package synth) in batches of one transaction each,
// for load tests and benchmarks. Slugs carry the row number, so no lookup is needed per row.
func (s *Service) Generate(ctx context.Context, seed uint64, n int) error {
	var places synth.Places
	for _, p := range s.Places() {
		if !p.InArea {
			continue
		}
		if p.Country == "RS" {
			places.RS = append(places.RS, p.NameNative)
		} else {
			places.BG = append(places.BG, p.NameNative)
		}
	}
	orgs := synth.Generate(seed, n, places)
	const batch = 2000
	for start := 0; start < len(orgs); start += batch {
		end := min(start+batch, len(orgs))
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			for i := start; i < end; i++ {
				g := orgs[i]
				in := Input{Name: g.Name, Kind: g.Kind, Size: g.Size, Country: g.Country, Municipality: g.Municipality, City: g.City,
					Website: g.Website, Email: g.Email, RegNo: g.RegNo, Sectors: g.Sectors, Descriptions: g.Descriptions, Public: g.Public,
					Founded: strconv.Itoa(g.Founded)}
				if g.Employees > 0 {
					in.Employees = strconv.Itoa(g.Employees)
				}
				o, err := s.validate(in, s.now())
				if err != nil {
					return fmt.Errorf("synthetic row %d (%s): %w", i, g.Name, err)
				}
				o.Slug = slugify(o.Name)
				if len(o.Slug) > 50 {
					o.Slug = o.Slug[:50]
				}
				o.Slug += "-" + strconv.FormatUint(seed, 36) + "x" + strconv.Itoa(i)
				if err := s.insert(ctx, tx, &o); err != nil {
					return fmt.Errorf("synthetic row %d: %w", i, err)
				}
			}
			return audit.Record(ctx, tx, audit.Actor{Label: "generator"}, "organization.generate", "organization", "",
				map[string]any{"from": start, "to": end})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
