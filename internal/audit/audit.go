// Package audit records who changed what, and when. Record takes the transaction of the change
// itself, so an entry exists exactly when the change does: a change that fails leaves no entry,
// and an entry cannot be written without its change.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"clusterbridge/internal/db"
)

// Actor is who acts: a signed-in user, or the system (ID 0) for the command line and start-up.
type Actor struct {
	ID    int64
	Label string // e-mail or "system", kept in the entry so it survives erasure of the user
	IP    string
}

// System is the actor of start-up tasks and the command line.
var System = Actor{Label: "system"}

// Entry is one line of the log.
type Entry struct {
	ID         int64
	At         time.Time
	ActorID    int64
	Actor      string
	Action     string // e.g. "user.create", "token.revoke"
	ObjectType string
	ObjectID   string
	Details    string // JSON of what changed; never a secret
	IP         string
}

// Record writes an entry inside tx. details is marshalled to JSON; pass nil for none.
func Record(ctx context.Context, tx *db.Tx, a Actor, action, objectType string, objectID any, details any) error {
	d := ""
	if details != nil {
		b, err := json.Marshal(details)
		if err != nil {
			return fmt.Errorf("audit: details: %w", err)
		}
		d = string(b)
	}
	var actorID any
	if a.ID != 0 {
		actorID = a.ID
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (at, actor_id, actor, action, object_type, object_id, details, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		time.Now().UTC(), actorID, a.Label, action, objectType, fmt.Sprint(objectID), d, a.IP)
	if err != nil {
		return fmt.Errorf("audit: record %s: %w", action, err)
	}
	return nil
}

// Filter narrows a listing.
type Filter struct {
	Action     string
	ObjectType string
	ObjectID   string
	ActorID    int64
	Before     int64 // entry ID for keyset paging: entries older than this
	Limit      int
}

// List returns entries newest first.
func List(ctx context.Context, q db.Querier, f Filter) ([]Entry, error) {
	query := `SELECT id, at, COALESCE(actor_id, 0), actor, action, object_type, object_id, details, ip FROM audit_log WHERE 1=1`
	var args []any
	if f.Action != "" {
		query += " AND action = ?"
		args = append(args, f.Action)
	}
	if f.ObjectType != "" {
		query += " AND object_type = ?"
		args = append(args, f.ObjectType)
	}
	if f.ObjectID != "" {
		query += " AND object_id = ?"
		args = append(args, f.ObjectID)
	}
	if f.ActorID != 0 {
		query += " AND actor_id = ?"
		args = append(args, f.ActorID)
	}
	if f.Before > 0 {
		query += " AND id < ?"
		args = append(args, f.Before)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	query += " ORDER BY id DESC LIMIT " + strconv.Itoa(f.Limit)
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID, &e.Details, &e.IP); err != nil {
			return nil, fmt.Errorf("audit: list: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
