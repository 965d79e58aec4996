package b2b

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkPublished solves each real-event benchmark file at fairness 2.
func BenchmarkPublished(b *testing.B) {
	dir := benchDir(b)
	for _, c := range readPublished(b, dir) {
		if c.fairness != 2 || strings.HasPrefix(c.file, "variants/") {
			continue
		}
		in := loadDZN(b, filepath.Join(dir, c.file))
		b.Run(strings.TrimSuffix(c.file, ".original.dzn"), func(b *testing.B) {
			opt := Options{Fairness: 2, TimeLimit: 10 * time.Second, RequireAll: true}
			var res Result
			for b.Loop() {
				var err error
				if res, err = Solve(context.Background(), in, opt); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Breaks), "breaks")
			b.ReportMetric(float64(res.LowerBound), "bound")
		})
	}
}

// BenchmarkLargeEvent schedules the 2,000-participant generated fair, with
// the command line's default time limit and with a longer one: the
// annealing cools by the clock, so the limit is what buys a better schedule.
func BenchmarkLargeEvent(b *testing.B) {
	in, err := Generate(1, LargeEvent)
	if err != nil {
		b.Fatal(err)
	}
	for _, limit := range []time.Duration{10 * time.Second, 25 * time.Second} {
		b.Run("limit="+limit.String(), func(b *testing.B) {
			opt := DefaultOptions()
			opt.TimeLimit = limit
			var res Result
			for b.Loop() {
				if res, err = Solve(context.Background(), in, opt); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Scheduled), "scheduled")
			b.ReportMetric(float64(res.Breaks), "breaks")
			b.ReportMetric(float64(res.LowerBound), "bound")
		})
	}
}

// BenchmarkGreedy measures the constructive start on the large event.
func BenchmarkGreedy(b *testing.B) {
	in, dom := largeEvent(b)
	for b.Loop() {
		greedy(in, dom)
	}
}

// BenchmarkAnneal measures the walk's speed on the large event: 500,000
// steps from the constructive schedule. The large event's schedule is as
// good as the number of steps that fit in the organiser's time limit.
func BenchmarkAnneal(b *testing.B) {
	in, dom := largeEvent(b)
	start := greedy(in, dom)
	improve(in, dom, start, 2, func() bool { return false })
	var c int
	for b.Loop() {
		_, c = anneal(in, dom, start, 2, annealOpts{seed: 1, iters: 500_000, patience: math.MaxInt}, func() bool { return false })
	}
	b.ReportMetric(float64(c), "breaks")
}

// largeEvent is the generated large event with each meeting's allowed slots.
func largeEvent(b *testing.B) (*Instance, [][]int) {
	b.Helper()
	in, err := Generate(1, LargeEvent)
	if err != nil {
		b.Fatal(err)
	}
	return in, in.domains()
}
