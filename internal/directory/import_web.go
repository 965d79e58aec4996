package directory

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"time"

	"clusterbridge/internal/apperr"
	"clusterbridge/internal/directory/orgcsv"
	"clusterbridge/internal/web"
)

// maxUpload bounds an import file (the reader refuses more than 10 MiB of text too).
const maxUpload = 10 << 20

func (h *Web) importRoutes(s *web.Server) {
	s.Handle("GET /import", s.RequireAdmin(h.importForm))
	s.Handle("POST /import", s.RequireAdmin(h.importPreview))
	s.Handle("POST /import/commit", s.RequireAdmin(h.importCommit))
	s.Handle("GET /import/template.csv", h.importTemplate)
}

type importView struct {
	Preview  *Preview
	Token    string
	FileName string
	Problems []problemView
	Rows     []rowView
	Count    int
}

type problemView struct {
	Line    int
	Field   string
	Value   string
	Message string
	Warning bool
}

type rowView struct {
	Line    int
	Name    string
	Kind    string
	Country string
	Place   string
	Bad     bool
}

func (h *Web) importForm(w http.ResponseWriter, r *http.Request) error {
	return h.srv.Render(w, r, http.StatusOK, "directory_import", h.srv.NewPage(w, r, "directory.import.title", importView{}))
}

func (h *Web) importTemplate(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="organizations-template.csv"`)
	_, err := w.Write(orgcsv.Template())
	return err
}

func newUploadToken() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (h *Web) importPreview(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20)
	file, header, err := r.FormFile("file")
	if err != nil {
		return h.importError(w, r, "import.file.missing")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxUpload+1))
	if err != nil || len(data) > maxUpload {
		return h.importError(w, r, "import.file.too_large")
	}
	p, err := h.svc.PreviewImport(r.Context(), bytes.NewReader(data))
	if err != nil {
		var e *apperr.Error
		if errors.As(err, &e) && errors.Is(err, apperr.Invalid) {
			return h.importError(w, r, e.Key)
		}
		return err
	}
	v := h.importView(r, &p)
	v.FileName = header.Filename
	if !p.Blocking {
		v.Token = newUploadToken()
		u := web.StateOf(r).User
		if _, err := h.svc.db.Exec(r.Context(), "INSERT INTO uploads (token, user_id, purpose, name, data, created_at) VALUES (?, ?, 'import', ?, ?, ?)",
			v.Token, u.ID, header.Filename, data, h.svc.now()); err != nil {
			return err
		}
		_, _ = h.svc.db.Exec(context.WithoutCancel(r.Context()), "DELETE FROM uploads WHERE created_at < ?", h.svc.now().Add(-24*time.Hour))
	}
	code := http.StatusOK
	if p.Blocking {
		code = http.StatusUnprocessableEntity
	}
	return h.srv.Render(w, r, code, "directory_import", h.srv.NewPage(w, r, "directory.import.title", v))
}

func (h *Web) importView(r *http.Request, p *Preview) importView {
	l := web.StateOf(r).L
	v := importView{Preview: p, Count: len(p.Rows)}
	bad := map[int]bool{}
	for _, pr := range p.Problems {
		v.Problems = append(v.Problems, problemView{Line: pr.Line, Field: pr.Field, Value: pr.Value, Message: l.Msg(pr.Key, pr.Args...), Warning: !pr.Blocking()})
		if pr.Blocking() {
			bad[pr.Line] = true
		}
	}
	for _, row := range p.Rows {
		v.Rows = append(v.Rows, rowView{Line: row.Line, Name: l.Text(row.Name), Kind: row.Kind, Country: row.Country,
			Place: l.Text(row.Municipality + row.City), Bad: bad[row.Line]})
	}
	return v
}

func (h *Web) importError(w http.ResponseWriter, r *http.Request, key string) error {
	p := h.srv.NewPage(w, r, "directory.import.title", importView{})
	p.Errors["file"] = key
	return h.srv.Render(w, r, http.StatusUnprocessableEntity, "directory_import", p)
}

func (h *Web) importCommit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return apperr.Wrap(apperr.Invalid, "error.invalid", err)
	}
	u := web.StateOf(r).User
	var data []byte
	err := h.svc.db.QueryRow(r.Context(), "SELECT data FROM uploads WHERE token = ? AND user_id = ? AND purpose = 'import'",
		r.PostForm.Get("token"), u.ID).Scan(&data)
	if errors.Is(err, apperr.NotFound) {
		return h.importError(w, r, "import.expired")
	}
	if err != nil {
		return err
	}
	_, p, err := h.svc.CommitImport(r.Context(), u.Actor(web.ClientIP(r)), data)
	if err != nil {
		if errors.Is(err, apperr.Invalid) && p.Blocking {
			v := h.importView(r, &p)
			return h.srv.Render(w, r, http.StatusUnprocessableEntity, "directory_import", h.srv.NewPage(w, r, "directory.import.title", v))
		}
		return err
	}
	_, _ = h.svc.db.Exec(r.Context(), "DELETE FROM uploads WHERE token = ?", r.PostForm.Get("token"))
	return h.srv.Redirect(w, r, "/organizations?sort=newest", "flash.imported")
}

func (h *Web) exportCSV(w http.ResponseWriter, r *http.Request) error {
	q := ParseQuery(r.URL.Query())
	_, q.Hidden = actorOf(r)
	var buf bytes.Buffer
	if _, err := h.svc.Export(r.Context(), &buf, q, orgcsv.DefaultWriteOptions()); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="organizations.csv"`)
	_, err := w.Write(buf.Bytes())
	return err
}
