package directory

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/audit"
	"clusterbridge/internal/db"
	"clusterbridge/internal/imaging"
	"clusterbridge/internal/web"
)

// logoOptions bound a logo: 5 MiB uploaded, shown at most 512 pixels wide.
var logoOptions = imaging.Options{MaxBytes: 5 << 20, MaxSide: 512}

// SetLogo validates and re-encodes an uploaded picture and makes it the organisation's logo.
func (s *Service) SetLogo(ctx context.Context, actor audit.Actor, orgID int64, r io.Reader) (string, error) {
	img, err := imaging.Normalize(r, logoOptions)
	if err != nil {
		var ie *imaging.Error
		if errors.As(err, &ie) {
			if e, ok := apperr.As(err); ok {
				return "", &apperr.Error{Kind: apperr.Invalid, Key: e.Key, Fields: apperr.Fields{"logo": e.Key},
					FieldArgs: map[string][]any{"logo": ie.Args()}, Err: err}
			}
		}
		return "", err
	}
	sum := sha256.Sum256(img.Data)
	name := "logo-" + hex.EncodeToString(sum[:12]) + img.Ext
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO media (name, content_type, width, height, data, created_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, name, img.ContentType, img.Width, img.Height, img.Data, s.now()); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "UPDATE organizations SET logo = ?, updated_at = ? WHERE id = ?", name, s.now(), orgID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		return audit.Record(ctx, tx, actor, "organization.logo", "organization", orgID, map[string]any{"logo": name, "width": img.Width, "height": img.Height})
	})
	return name, err
}

// RemoveLogo takes an organisation's logo away.
func (s *Service) RemoveLogo(ctx context.Context, actor audit.Actor, orgID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE organizations SET logo = '', updated_at = ? WHERE id = ?", s.now(), orgID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "organization.logo_remove", "organization", orgID, nil)
	})
}

func (h *Web) uploadLogo(w http.ResponseWriter, r *http.Request) error {
	o, err := h.mustEdit(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, logoOptions.MaxBytes+1<<20)
	file, _, err := r.FormFile("logo")
	if err != nil {
		return h.logoFailed(w, r, o, (apperr.Fields{"logo": "image.empty"}).Err())
	}
	defer file.Close()
	u := web.StateOf(r).User
	if _, err := h.svc.SetLogo(r.Context(), u.Actor(web.ClientIP(r)), o.ID, file); err != nil {
		return h.logoFailed(w, r, o, err)
	}
	return h.srv.Redirect(w, r, "/organizations/"+o.Slug, "flash.logo_saved")
}

func (h *Web) logoFailed(w http.ResponseWriter, r *http.Request, o Organization, err error) error {
	if !errors.Is(err, apperr.Invalid) {
		return err
	}
	p := h.srv.NewPage(w, r, "", nil)
	for f, m := range web.FieldMessages(p.L, err) {
		p.Errors[f] = m
	}
	h.formValues(p, o)
	return h.renderForm(w, r, http.StatusUnprocessableEntity, p, o, false)
}

func (h *Web) removeLogo(w http.ResponseWriter, r *http.Request) error {
	o, err := h.mustEdit(r)
	if err != nil {
		return err
	}
	u := web.StateOf(r).User
	if err := h.svc.RemoveLogo(r.Context(), u.Actor(web.ClientIP(r)), o.ID); err != nil {
		return err
	}
	return h.srv.Redirect(w, r, "/organizations/"+o.Slug+"/edit", "flash.saved")
}

// media serves a stored picture. Names carry a content hash, so they can be cached for good.
func (h *Web) media(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if strings.ContainsAny(name, "/\\") {
		return apperr.New(apperr.NotFound, "error.not_found")
	}
	var ctype string
	var data []byte
	if err := h.svc.db.QueryRow(r.Context(), "SELECT content_type, data FROM media WHERE name = ?", name).Scan(&ctype, &data); err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(w, r, name, h.svc.now(), bytes.NewReader(data))
	return nil
}
