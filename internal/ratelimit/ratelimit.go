// Package ratelimit counts attempts in sliding windows kept in the database, so that a limit holds
// across every app server behind a load balancer (an in-memory counter would multiply the limit by
// the number of servers).
package ratelimit

import (
	"context"
	"fmt"
	"time"

	"clusterbridge/internal/db"
)

// Rule is a limit: at most Max events per Window.
type Rule struct {
	Max    int
	Window time.Duration
}

// Limiter checks and records events.
type Limiter struct {
	db  *db.DB
	Now func() time.Time
}

// New returns a limiter over d.
func New(d *db.DB) *Limiter { return &Limiter{db: d, Now: time.Now} }

// Exceeded reports whether bucket has reached its rule, and when the oldest counted event leaves
// the window (the earliest moment a retry can succeed).
func (l *Limiter) Exceeded(ctx context.Context, bucket string, r Rule) (bool, time.Duration, error) {
	since := l.Now().UTC().Add(-r.Window)
	var n int
	if err := l.db.QueryRow(ctx, "SELECT COUNT(*) FROM rate_events WHERE bucket = ? AND at > ?", bucket, since).Scan(&n); err != nil {
		return false, 0, fmt.Errorf("ratelimit: %w", err)
	}
	if n < r.Max {
		return false, 0, nil
	}
	var oldest time.Time
	if err := l.db.QueryRow(ctx, "SELECT at FROM rate_events WHERE bucket = ? AND at > ? ORDER BY at LIMIT 1", bucket, since).Scan(&oldest); err != nil {
		return true, r.Window, nil
	}
	wait := oldest.Add(r.Window).Sub(l.Now())
	if wait < time.Second {
		wait = time.Second
	}
	return true, wait, nil
}

// Hit records one event in each bucket.
func (l *Limiter) Hit(ctx context.Context, buckets ...string) error {
	return l.db.InTx(ctx, func(tx *db.Tx) error {
		for _, b := range buckets {
			if _, err := tx.Exec(ctx, "INSERT INTO rate_events (bucket, at) VALUES (?, ?)", b, l.Now().UTC()); err != nil {
				return fmt.Errorf("ratelimit: %w", err)
			}
		}
		return nil
	})
}

// Reset forgets a bucket (e.g. an account's failures after a successful sign-in).
func (l *Limiter) Reset(ctx context.Context, bucket string) error {
	_, err := l.db.Exec(ctx, "DELETE FROM rate_events WHERE bucket = ?", bucket)
	return err
}

// Prune deletes events older than maxAge; the server calls it periodically.
func (l *Limiter) Prune(ctx context.Context, maxAge time.Duration) error {
	_, err := l.db.Exec(ctx, "DELETE FROM rate_events WHERE at < ?", l.Now().UTC().Add(-maxAge))
	return err
}
