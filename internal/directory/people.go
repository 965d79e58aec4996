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

// Contact is a person at an organisation. Their details are shown to the public only with their
// recorded consent; editors and administrators always see them.
type Contact struct {
	ID        int64      `json:"id"`
	OrgID     int64      `json:"organization_id"`
	Name      string     `json:"name"`
	Position  string     `json:"position"`
	Email     string     `json:"email"`
	Phone     string     `json:"phone"`
	Languages []string   `json:"languages"`
	Consent   bool       `json:"consent"`
	ConsentAt *time.Time `json:"consent_at"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// ContactInput is a contact form.
type ContactInput struct {
	Name, Position, Email, Phone string
	Languages                    []string
	Consent                      bool
}

var langPattern = regexp.MustCompile(`^[a-z]{2}$`)

func (in *ContactInput) validate() error {
	f := apperr.Fields{}
	in.Name, in.Position, in.Email, in.Phone = strings.TrimSpace(in.Name), strings.TrimSpace(in.Position), strings.ToLower(strings.TrimSpace(in.Email)), strings.TrimSpace(in.Phone)
	if in.Name == "" {
		f.Add("contact_name", "form.required")
	} else if tooLong(in.Name, 120) {
		f.Add("contact_name", "form.too_long")
	}
	if tooLong(in.Position, 120) {
		f.Add("position", "form.too_long")
	}
	if in.Email != "" && !validEmail(in.Email) {
		f.Add("contact_email", "auth.email.invalid")
	}
	if in.Phone != "" && !phonePattern.MatchString(in.Phone) {
		f.Add("contact_phone", "directory.phone.invalid")
	}
	var langs []string
	for _, l := range in.Languages {
		for _, part := range strings.FieldsFunc(l, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			part = strings.ToLower(part)
			if !langPattern.MatchString(part) {
				f.Add("languages", "directory.languages.invalid")
				continue
			}
			if !contains(langs, part) {
				langs = append(langs, part)
			}
		}
	}
	in.Languages = langs
	return f.Err()
}

// AddContact records a person at an organisation, with the time of consent if given.
func (s *Service) AddContact(ctx context.Context, actor audit.Actor, orgID int64, in ContactInput) (Contact, error) {
	if err := in.validate(); err != nil {
		return Contact{}, err
	}
	now := s.now()
	c := Contact{OrgID: orgID, Name: in.Name, Position: in.Position, Email: in.Email, Phone: in.Phone, Languages: in.Languages,
		Consent: in.Consent, CreatedAt: now, UpdatedAt: now}
	if in.Consent {
		c.ConsentAt = &now
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO contacts (org_id, name, position, email, phone, languages, consent, consent_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, orgID, c.Name, c.Position, c.Email, c.Phone, strings.Join(c.Languages, ","),
			c.Consent, c.ConsentAt, now, now).Scan(&c.ID)
		if err != nil {
			return err
		}
		// The audit entry names the contact by number only: the log outlives an erasure.
		return audit.Record(ctx, tx, actor, "contact.create", "contact", c.ID, map[string]any{"organization": orgID, "consent": c.Consent})
	})
	return c, err
}

const contactColumns = "id, org_id, name, position, email, phone, languages, consent, consent_at, created_at, updated_at"

func scanContact(row interface{ Scan(...any) error }) (Contact, error) {
	var c Contact
	var langs string
	err := row.Scan(&c.ID, &c.OrgID, &c.Name, &c.Position, &c.Email, &c.Phone, &langs, &c.Consent, &c.ConsentAt, &c.CreatedAt, &c.UpdatedAt)
	if langs != "" {
		c.Languages = strings.Split(langs, ",")
	}
	return c, err
}

// Contacts lists an organisation's contacts; with publicOnly, only those who consented.
func (s *Service) Contacts(ctx context.Context, orgID int64, publicOnly bool) ([]Contact, error) {
	q := "SELECT " + contactColumns + " FROM contacts WHERE org_id = ?"
	args := []any{orgID}
	if publicOnly {
		q += " AND consent = ?"
		args = append(args, true)
	}
	rows, err := s.db.Query(ctx, q+" ORDER BY name, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Contact returns one contact.
func (s *Service) Contact(ctx context.Context, id int64) (Contact, error) {
	return scanContact(s.db.QueryRow(ctx, "SELECT "+contactColumns+" FROM contacts WHERE id = ?", id))
}

// EraseContact removes a person's data on their request. The audit entry records that an erasure
// happened and by whom, not what was erased.
func (s *Service) EraseContact(ctx context.Context, actor audit.Actor, id int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var orgID int64
		if err := tx.QueryRow(ctx, "SELECT org_id FROM contacts WHERE id = ?", id).Scan(&orgID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM contacts WHERE id = ?", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "contact.erase", "contact", id, map[string]any{"organization": orgID})
	})
}

// CanEdit reports whether a user may edit an organisation: administrators always, editors of it.
func (s *Service) CanEdit(ctx context.Context, userID int64, isAdmin bool, orgID int64) (bool, error) {
	if isAdmin {
		return true, nil
	}
	if userID == 0 {
		return false, nil
	}
	var n int
	err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM org_editors WHERE org_id = ? AND user_id = ?", orgID, userID).Scan(&n)
	return n > 0, err
}

// GrantEditor makes a user an editor of an organisation.
func (s *Service) GrantEditor(ctx context.Context, actor audit.Actor, orgID, userID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error { return s.grantTx(ctx, tx, actor, orgID, userID) })
}

func (s *Service) grantTx(ctx context.Context, tx *db.Tx, actor audit.Actor, orgID, userID int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO org_editors (org_id, user_id, granted_at) VALUES (?, ?, ?) ON CONFLICT (org_id, user_id) DO NOTHING`,
		orgID, userID, s.now())
	if err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, "editor.grant", "organization", orgID, map[string]any{"user": userID})
}

// Claim is a member's request to become an organisation's editor.
type Claim struct {
	ID        int64
	OrgID     int64
	UserID    int64
	Message   string
	Status    string
	CreatedAt time.Time
	OrgName   string
	OrgSlug   string
	UserEmail string
	UserName  string
}

// RequestEditor files a claim; an administrator decides it.
func (s *Service) RequestEditor(ctx context.Context, actor audit.Actor, orgID, userID int64, message string) error {
	message = strings.TrimSpace(message)
	if tooLong(message, 1000) {
		return (apperr.Fields{"message": "form.too_long"}).Err()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM editor_claims WHERE org_id = ? AND user_id = ? AND status = 'pending'", orgID, userID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "directory.claim.pending")
		}
		var id int64
		if err := tx.QueryRow(ctx, "INSERT INTO editor_claims (org_id, user_id, message, created_at) VALUES (?, ?, ?, ?) RETURNING id",
			orgID, userID, message, s.now()).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "claim.create", "organization", orgID, map[string]any{"claim": id})
	})
}

// PendingClaims lists the claims waiting for a decision, oldest first.
func (s *Service) PendingClaims(ctx context.Context) ([]Claim, error) {
	rows, err := s.db.Query(ctx, `SELECT c.id, c.org_id, c.user_id, c.message, c.status, c.created_at, o.name, o.slug, u.email, u.name
		FROM editor_claims c JOIN organizations o ON o.id = c.org_id JOIN users u ON u.id = c.user_id
		WHERE c.status = 'pending' ORDER BY c.created_at, c.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Claim
	for rows.Next() {
		var c Claim
		if err := rows.Scan(&c.ID, &c.OrgID, &c.UserID, &c.Message, &c.Status, &c.CreatedAt, &c.OrgName, &c.OrgSlug, &c.UserEmail, &c.UserName); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DecideClaim approves (granting editor rights) or rejects a pending claim.
func (s *Service) DecideClaim(ctx context.Context, actor audit.Actor, claimID int64, approve bool) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var orgID, userID int64
		var status string
		if err := tx.QueryRow(ctx, "SELECT org_id, user_id, status FROM editor_claims WHERE id = ?", claimID).Scan(&orgID, &userID, &status); err != nil {
			return err
		}
		if status != "pending" {
			return apperr.New(apperr.Conflict, "directory.claim.decided")
		}
		next := "rejected"
		if approve {
			next = "approved"
		}
		if _, err := tx.Exec(ctx, "UPDATE editor_claims SET status = ?, decided_at = ?, decided_by = ? WHERE id = ?", next, s.now(), actor.ID, claimID); err != nil {
			return err
		}
		if approve {
			if err := s.grantTx(ctx, tx, actor, orgID, userID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, actor, "claim."+next, "organization", orgID, map[string]any{"claim": claimID, "user": userID})
	})
}

// EditedBy lists the IDs of organisations a user edits.
func (s *Service) EditedBy(ctx context.Context, userID int64) ([]int64, error) {
	rows, err := s.db.Query(ctx, "SELECT org_id FROM org_editors WHERE user_id = ?", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// UpdateContact changes a person's details. Withdrawing consent hides them at once; giving it
// records the time.
func (s *Service) UpdateContact(ctx context.Context, actor audit.Actor, orgID, id int64, in ContactInput) error {
	if err := in.validate(); err != nil {
		return err
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var had bool
		if err := tx.QueryRow(ctx, "SELECT consent FROM contacts WHERE id = ? AND org_id = ?", id, orgID).Scan(&had); err != nil {
			return err
		}
		var consentAt any
		if in.Consent {
			consentAt = now
		}
		q := "UPDATE contacts SET name = ?, position = ?, email = ?, phone = ?, languages = ?, consent = ?, updated_at = ?"
		args := []any{in.Name, in.Position, in.Email, in.Phone, strings.Join(in.Languages, ","), in.Consent, now}
		if in.Consent != had {
			q += ", consent_at = ?"
			args = append(args, consentAt)
		}
		if _, err := tx.Exec(ctx, q+" WHERE id = ?", append(args, id)...); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "contact.update", "contact", id, map[string]any{"organization": orgID, "consent": in.Consent})
	})
}
