package ratelimit_test

import (
	"context"
	"testing"
	"time"

	"clusterbridge/internal/db"
	"clusterbridge/internal/db/dbtest"
	"clusterbridge/internal/ratelimit"
)

func TestSlidingWindow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l := ratelimit.New(d)
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		l.Now = func() time.Time { return now }
		rule := ratelimit.Rule{Max: 3, Window: 10 * time.Minute}
		for i := range 3 {
			if over, _, err := l.Exceeded(ctx, "b", rule); err != nil || over {
				t.Fatalf("event %d: over=%v err=%v", i, over, err)
			}
			if err := l.Hit(ctx, "b"); err != nil {
				t.Fatal(err)
			}
			now = now.Add(time.Minute)
		}
		over, wait, err := l.Exceeded(ctx, "b", rule)
		if err != nil || !over || wait != 7*time.Minute {
			t.Errorf("after 3 events: over=%v wait=%v err=%v; want over, 7m", over, wait, err)
		}
		if over, _, _ := l.Exceeded(ctx, "other", rule); over {
			t.Error("buckets are not separate")
		}
		now = now.Add(8 * time.Minute) // the first event has left the window
		if over, _, _ := l.Exceeded(ctx, "b", rule); over {
			t.Error("still over after the window slid")
		}
		if err := l.Reset(ctx, "b"); err != nil {
			t.Fatal(err)
		}
		now = now.Add(48 * time.Hour)
		_ = l.Hit(ctx, "c")
		if err := l.Prune(ctx, time.Hour); err != nil {
			t.Fatal(err)
		}
		var n int
		_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM rate_events").Scan(&n)
		if n != 1 {
			t.Errorf("events after reset and prune = %d, want 1", n)
		}
	})
}
