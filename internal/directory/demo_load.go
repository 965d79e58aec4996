package directory

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"clusterbridge/internal/audit"
	"clusterbridge/internal/db"
	"clusterbridge/internal/directory/demo"
)

// LoadDemo fills an empty directory with the demo network, all in one transaction. It does
// nothing (and returns 0) when any organisation exists, so it is safe on every start.
func (s *Service) LoadDemo(ctx context.Context) (int, error) {
	var existing int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM organizations").Scan(&existing); err != nil {
		return 0, err
	}
	if existing > 0 {
		return 0, nil
	}
	nw, err := demo.Load()
	if err != nil {
		return 0, err
	}
	actor := audit.Actor{Label: "demo"}
	ids := map[string]int64{}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, d := range nw.Organizations {
			in := Input{Name: d.Name, ShortName: d.ShortName, Kind: d.Kind, Size: d.Size, Country: d.Country, Municipality: d.Municipality,
				City: d.City, Address: d.Address, Website: d.Website, Email: d.Email, Phone: d.Phone, RegNo: d.RegistrationNumber,
				Sectors: d.Sectors, NACE: d.NACE, Public: d.Public, Descriptions: map[string]string{}}
			if d.Founded != 0 {
				in.Founded = strconv.Itoa(d.Founded)
			}
			if d.Employees != 0 {
				in.Employees = strconv.Itoa(d.Employees)
			}
			for loc, text := range d.Descriptions {
				if strings.HasPrefix(loc, "sr") {
					loc = "sr"
				}
				in.Descriptions[loc] = text
			}
			o, err := s.createTx(ctx, tx, actor, in)
			if err != nil {
				return fmt.Errorf("demo organisation %s: %w", d.Key, err)
			}
			ids[d.Key] = o.ID
		}
		for _, c := range nw.Clusters {
			for _, m := range c.Members {
				_, err := tx.Exec(ctx, "INSERT INTO memberships (cluster_id, member_id, role, since, until) VALUES (?, ?, ?, ?, ?)",
					ids[c.Key], ids[m.Org], m.Role, m.Since, m.Until)
				if err != nil {
					return fmt.Errorf("demo membership %s in %s: %w", m.Org, c.Key, err)
				}
			}
		}
		now := s.now()
		for _, c := range nw.Contacts {
			var consentAt any
			if c.Consent {
				consentAt = now
			}
			_, err := tx.Exec(ctx, `INSERT INTO contacts (org_id, name, position, email, phone, languages, consent, consent_at, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ids[c.Org], c.Name, c.Position, c.Email, c.Phone, strings.Join(c.Languages, ","),
				c.Consent, consentAt, now, now)
			if err != nil {
				return fmt.Errorf("demo contact at %s: %w", c.Org, err)
			}
		}
		if err := bump(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "demo.load", "organization", "", map[string]any{"organizations": len(ids)})
	})
	if err != nil {
		return 0, err
	}
	return len(ids), nil
}
