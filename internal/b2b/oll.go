package b2b

// oll keeps the assumptions of the core-guided search.
type oll struct {
	enc *encoding
	// active maps each current assumption to its bound, when it stands for
	// "at most bound of group are true".
	active map[lit]*ollBound
	order  []lit
}

type ollBound struct {
	group []lit
	bound int
}

// newOLLLits starts from one assumption per literal: each should hold.
func newOLLLits(enc *encoding, lits []lit) *oll {
	o := &oll{enc: enc, active: map[lit]*ollBound{}}
	for _, l := range lits {
		o.add(l, nil)
	}
	return o
}

func (o *oll) add(a lit, b *ollBound) {
	o.active[a] = b
	o.order = append(o.order, a)
}

func (o *oll) assumptions() []lit {
	out := o.order[:0]
	for _, a := range o.order {
		if _, ok := o.active[a]; ok {
			out = append(out, a)
		}
	}
	o.order = out
	return append([]lit(nil), out...)
}

// relax accounts for one core: every assumption in it is withdrawn, bounds
// that were hit are loosened by one, and the core itself becomes a new
// "at most one of these fails" assumption.
func (o *oll) relax(core []lit) {
	var violated []lit
	for _, a := range core {
		b, ok := o.active[a]
		if !ok {
			continue
		}
		delete(o.active, a)
		violated = append(violated, a.not())
		if b != nil && b.bound+1 < len(b.group) {
			nb := &ollBound{group: b.group, bound: b.bound + 1}
			o.add(o.enc.atMostUnder(b.group, nb.bound), nb)
		}
	}
	if len(violated) > 1 {
		nb := &ollBound{group: violated, bound: 1}
		o.add(o.enc.atMostUnder(violated, 1), nb)
	}
}

// shrink tries to make a core smaller within a small conflict budget:
// smaller cores give tighter relaxations and fewer rounds.
func (o *oll) shrink(core []lit, stop func() bool) []lit {
	s := o.enc.s
	budget := func(n int64) func() bool {
		limit := s.conflicts + n
		return func() bool { return stop() || s.conflicts > limit }
	}
	defer func() { s.stop = stop }()
	for range 3 {
		s.stop = budget(1000)
		if s.solve(core) != lFalse || len(s.core) >= len(core) {
			break
		}
		core = append([]lit(nil), s.core...)
	}
	if len(core) > 64 {
		return core
	}
	for i := 0; i < len(core); i++ {
		if stop() {
			break
		}
		try := make([]lit, 0, len(core)-1)
		try = append(try, core[:i]...)
		try = append(try, core[i+1:]...)
		s.stop = budget(200)
		if s.solve(try) == lFalse && len(s.core) > 0 {
			core = append([]lit(nil), s.core...)
			i--
		}
	}
	return core
}
