package directory

import (
	"context"
	"regexp"
	"strings"
	"time"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/audit"
	"clusterbridge/internal/db"
)

// Membership is an organisation's place in a cluster.
type Membership struct {
	ID        int64
	ClusterID int64
	MemberID  int64
	Role      string
	Since     string // YYYY-MM-DD or empty
	Until     string
	// Member is the member organisation (or, seen from the member, the cluster).
	Org Organization
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func validDate(s string) bool {
	if s == "" {
		return true
	}
	if !datePattern.MatchString(s) {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// AddMember puts an organisation into a cluster (or updates its role and dates there).
func (s *Service) AddMember(ctx context.Context, actor audit.Actor, clusterID, memberID int64, role, since, until string) (Membership, error) {
	m := Membership{ClusterID: clusterID, MemberID: memberID, Role: strings.TrimSpace(role), Since: strings.TrimSpace(since), Until: strings.TrimSpace(until)}
	f := apperr.Fields{}
	if !contains(Roles, m.Role) {
		f.Add("role", "form.invalid_choice")
	}
	if !validDate(m.Since) {
		f.Add("since", "directory.date.invalid")
	}
	if !validDate(m.Until) {
		f.Add("until", "directory.date.invalid")
	} else if m.Until != "" && m.Since != "" && m.Until < m.Since {
		f.Add("until", "directory.date.before_since")
	}
	if clusterID == memberID {
		f.Add("member", "directory.member.self")
	}
	if err := f.Err(); err != nil {
		return m, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.getTx(ctx, tx, clusterID)
		if err != nil {
			return err
		}
		if !IsCluster(c.Kind) {
			return (apperr.Fields{"cluster": "directory.member.not_cluster"}).Err()
		}
		if _, err := s.getTx(ctx, tx, memberID); err != nil {
			return (apperr.Fields{"member": "directory.member.unknown"}).Err()
		}
		err = tx.QueryRow(ctx, `INSERT INTO memberships (cluster_id, member_id, role, since, until) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (cluster_id, member_id) DO UPDATE SET role = excluded.role, since = excluded.since, until = excluded.until
			RETURNING id`, clusterID, memberID, m.Role, m.Since, m.Until).Scan(&m.ID)
		if err != nil {
			return err
		}
		if err := bump(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "membership.set", "organization", clusterID, map[string]any{"member": memberID, "role": m.Role})
	})
	return m, err
}

// RemoveMember ends a membership record entirely (to record that a member left, set Until).
func (s *Service) RemoveMember(ctx context.Context, actor audit.Actor, clusterID, membershipID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM memberships WHERE id = ? AND cluster_id = ?", membershipID, clusterID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		if err := bump(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "membership.remove", "organization", clusterID, map[string]any{"membership": membershipID})
	})
}

// Members lists a cluster's members (with sectors), by name. Hidden members only with hidden.
func (s *Service) Members(ctx context.Context, clusterID int64, hidden bool) ([]Membership, error) {
	return s.memberships(ctx, "m.cluster_id = ?", "m.member_id", clusterID, hidden)
}

// ClustersOf lists the clusters an organisation belongs to.
func (s *Service) ClustersOf(ctx context.Context, orgID int64, hidden bool) ([]Membership, error) {
	return s.memberships(ctx, "m.member_id = ?", "m.cluster_id", orgID, hidden)
}

func (s *Service) memberships(ctx context.Context, where, join string, id int64, hidden bool) ([]Membership, error) {
	q := `SELECT m.id, m.cluster_id, m.member_id, m.role, m.since, m.until, ` + orgColumns + `
		FROM memberships m JOIN organizations o ON o.id = ` + join + ` WHERE ` + where
	args := []any{id}
	if !hidden {
		q += " AND o.public = ?"
		args = append(args, true)
	}
	rows, err := s.db.Query(ctx, q+" ORDER BY o.name_key, o.id", args...)
	if err != nil {
		return nil, err
	}
	var out []Membership
	for rows.Next() {
		var m Membership
		var o Organization
		err := rows.Scan(&m.ID, &m.ClusterID, &m.MemberID, &m.Role, &m.Since, &m.Until,
			&o.ID, &o.Slug, &o.Name, &o.ShortName, &o.NameLatin, &o.Kind, &o.Size, &o.Country, &o.PlaceID, &o.DistrictID,
			&o.City, &o.Address, &o.Website, &o.Email, &o.Phone, &o.RegNo, &o.RegKind, &o.Founded, &o.Employees, &o.Logo, &o.Public,
			&o.CreatedAt, &o.UpdatedAt)
		if err != nil {
			rows.Close()
			return nil, err
		}
		m.Org = o
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ptrs := make([]*Organization, len(out))
	for i := range out {
		ptrs[i] = &out[i].Org
	}
	return out, s.loadChildren(ctx, s.db, ptrs, false)
}
