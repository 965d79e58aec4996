package b2b

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// temporary experiment: descend from an incumbent with pinned plain
// solvers seeded by the last schedule.
func TestXDescend(t *testing.T) {
	spec := os.Getenv("XDESC")
	if spec == "" {
		t.Skip()
	}
	f := strings.Split(spec, ":")
	in := loadDZN(t, f[0])
	d, _ := strconv.Atoi(f[1])
	goal, _ := strconv.Atoi(f[2])
	mode := os.Getenv("XMODE")
	own, _ := participantBound(in, func() bool { return false })
	base := boundSum(own)
	prm := encodeParams{fairness: d, requireAll: true}
	start := time.Now()
	// a first schedule: plain, no limit, then anneal
	dom := in.domains()
	_ = dom
	var sched []int
	{
		b := newPinned(in, prm, own, base, 60)
		b.s.focused = false
		if b.s.solve(nil) != lTrue {
			t.Fatal("no schedule")
		}
		sched = b.slotsOf(b.s.model)
	}
	cost := sumBreaks(in, sched)
	if p, c := anneal(in, dom, sched, d, annealOpts{target: goal, iters: 300_000, patience: 400_000}, func() bool { return false }); c >= 0 && c < cost {
		sched, cost = p, c
	}
	t.Logf("%.2fs start at %d", time.Since(start).Seconds(), cost)
	seed, _ := strconv.Atoi(os.Getenv("SEED"))
	for cost > goal {
		q := cost - 1
		if mode == "jump" {
			q = goal
		}
		t0 := time.Now()
		b := newPinned(in, prm, own, base, q)
		b.s.focused = false
		if seed != 0 {
			b.s.perturb(uint64(seed))
		}
		if mode != "noseed" {
			b.seed(sched)
			if os.Getenv("XTARGET") != "" {
				for v := range b.s.numVars() {
					if b.s.phase[v] {
						b.s.target[v] = lTrue
					} else {
						b.s.target[v] = lFalse
					}
				}
				b.s.targetLen = b.s.numVars()
			}
		}
		deadline := time.Now().Add(20 * time.Second)
		b.s.stop = func() bool { return time.Now().After(deadline) }
		r := b.s.solve(nil)
		if r != lTrue {
			t.Logf("q=%d r=%d after %d conflicts %.2fs", q, r, b.s.conflicts, time.Since(t0).Seconds())
			return
		}
		sched = b.slotsOf(b.s.model)
		c := sumBreaks(in, sched)
		t.Logf("%.2fs q=%d found %d after %d conflicts in %.2fs", time.Since(start).Seconds(), q, c, b.s.conflicts, time.Since(t0).Seconds())
		cost = c
	}
}

func sumBreaks(in *Instance, s []int) int {
	n := 0
	for _, b := range breaksOf(in, s) {
		n += b
	}
	return n
}
