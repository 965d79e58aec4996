package consortium

import (
	"context"
	"runtime"
	"testing"
)

// bytesAllocated reports the heap bytes one call of fn allocates.
func bytesAllocated(t *testing.T, fn func() error) uint64 {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := fn(); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Memory must grow linearly with the number of candidates: ten times the
// candidates may cost at most fifteen times the bytes (the allowance covers
// maps and slices growing in steps, not a quadratic term, which would give a
// factor near 100).
func TestMemoryGrowsLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates a few megabytes")
	}
	ctx := context.Background()
	tests := []struct {
		name string
		// prepare builds the instance outside the measurement and returns the call.
		prepare func(n int) func() error
	}{
		{"volume", func(n int) func() error {
			o, ps := benchVolume(n, 9, 40_000)
			return func() error { _, err := Volume(ctx, o, ps, Options{K: 5}); return err }
		}},
		{"tender", func(n int) func() error {
			spec, fs := benchTender(n, 9)
			return func() error { _, err := Tender(ctx, spec, fs, Options{K: 5}); return err }
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			small := bytesAllocated(t, tc.prepare(1000))
			large := bytesAllocated(t, tc.prepare(10000))
			if ratio := float64(large) / float64(small); ratio > 15 {
				t.Errorf("1,000 candidates: %d B, 10,000: %d B, ratio %.1f, want at most 15", small, large, ratio)
			}
		})
	}
}
