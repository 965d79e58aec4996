package b2b

// matcher finds large matchings by Edmonds' blossom algorithm: it grows
// an alternating tree from each free vertex, shrinking odd cycles into
// their base, O(n³). The graphs here are the participants of one slot, a
// few dozen vertices, and the search asks about them at every decision,
// so the buffers are kept from call to call.
type matcher struct {
	adj                       [][]int
	mate, parent, base, queue []int
	used, blossom, seen       []bool
}

// match returns the size of a largest matching, or any size of at least
// enough once it has one that large.
func (mt *matcher) match(n int, edges [][2]int, enough int) int {
	mt.grow(n)
	adj, mate := mt.adj[:n], mt.mate[:n]
	for i := range adj {
		adj[i] = adj[i][:0]
		mate[i] = -1
	}
	for _, e := range edges {
		if e[0] != e[1] {
			adj[e[0]] = append(adj[e[0]], e[1])
			adj[e[1]] = append(adj[e[1]], e[0])
		}
	}
	size := 0
	// A greedy start leaves the trees less to do, and often is enough.
	for v := range n {
		if mate[v] >= 0 {
			continue
		}
		for _, to := range adj[v] {
			if mate[to] < 0 {
				mate[v], mate[to] = to, v
				size++
				break
			}
		}
	}
	for v := 0; v < n && size < enough; v++ {
		if mate[v] < 0 && mt.augment(n, v) {
			size++
		}
	}
	return size
}

func (mt *matcher) grow(n int) {
	if len(mt.mate) >= n {
		return
	}
	mt.adj = append(mt.adj, make([][]int, n-len(mt.adj))...)
	mt.mate, mt.parent, mt.base = make([]int, n), make([]int, n), make([]int, n)
	mt.queue = make([]int, 0, n)
	mt.used, mt.blossom, mt.seen = make([]bool, n), make([]bool, n), make([]bool, n)
}

func (mt *matcher) lca(n, a, b int) int {
	seen, mate, base, parent := mt.seen[:n], mt.mate, mt.base, mt.parent
	clear(seen)
	for {
		a = base[a]
		seen[a] = true
		if mate[a] < 0 {
			break
		}
		a = parent[mate[a]]
	}
	for {
		b = base[b]
		if seen[b] {
			return b
		}
		b = parent[mate[b]]
	}
}

func (mt *matcher) markPath(v, b, child int) {
	for mt.base[v] != b {
		mt.blossom[mt.base[v]], mt.blossom[mt.base[mt.mate[v]]] = true, true
		mt.parent[v] = child
		child = mt.mate[v]
		v = mt.parent[mt.mate[v]]
	}
}

// augment searches an augmenting path from root and flips it.
func (mt *matcher) augment(n, root int) bool {
	adj, mate, parent, base, used := mt.adj, mt.mate, mt.parent, mt.base, mt.used
	for i := range n {
		used[i], parent[i], base[i] = false, -1, i
	}
	used[root] = true
	queue := append(mt.queue[:0], root)
	defer func() { mt.queue = queue }()
	for qh := 0; qh < len(queue); qh++ {
		v := queue[qh]
		for _, to := range adj[v] {
			if base[v] == base[to] || mate[v] == to {
				continue
			}
			if to == root || mate[to] >= 0 && parent[mate[to]] >= 0 {
				// An odd cycle: shrink it into its base.
				cur := mt.lca(n, v, to)
				clear(mt.blossom[:n])
				mt.markPath(v, cur, to)
				mt.markPath(to, cur, v)
				for i := range n {
					if mt.blossom[base[i]] {
						base[i] = cur
						if !used[i] {
							used[i] = true
							queue = append(queue, i)
						}
					}
				}
				continue
			}
			if parent[to] >= 0 {
				continue
			}
			parent[to] = v
			if mate[to] < 0 {
				for u := to; u >= 0; {
					pv := parent[u]
					next := mate[pv]
					mate[u], mate[pv] = pv, u
					u = next
				}
				return true
			}
			used[mate[to]] = true
			queue = append(queue, mate[to])
		}
	}
	return false
}

// matchCheck watches, slot by slot, the participants the search has made
// busy. Each sits at one of the slot's tables, and a table seats two of
// them only when they meet each other; the meetings among them held at
// once form a matching. So at most tables + ν of them fit, where ν is the
// largest matching of the meetings among them still possible in the slot.
// When they do not fit, the check returns the clause "one of them is not
// busy there, or one of those meetings ruled out there is held there after
// all", over as few of them as still do not fit. Clause learning alone
// finds such overflows late: it has to count to a matching's size case by
// case. The "no break" questions of forum-13crafc.forb0007 and ticf-13crafc
// (the pinned proof set-up) took 28,000 to 37,000 conflicts without it and
// 150 to 560 with it.
type matchCheck struct {
	e *encoding
	// per slot: the single-person participants that can be busy in it,
	// the tally of their busy literals and the meetings between them that
	// can be held in it.
	parts [][]int
	tally []int
	meets [][]slotMeeting
	// gone[s] tallies the meetings ruled out of slot s; seen[s] is the
	// sum of the two tallies' additions when s was last found to fit.
	// Until it changes, s has only lost busy participants and regained
	// meetings, and still fits.
	gone  []int
	seen  []int64
	mt    matcher
	at    []int
	set   []int
	edges [][2]int
	out   []lit
}

type slotMeeting struct {
	a, b int
	x    lit
}

// maxMatchParts bounds the participants of a slot that matchCheck looks
// at: on big events (hundreds of tables) a slot's seats are rarely what
// is short, and a matching over a thousand participants at every decision
// would cost more than it saves.
const maxMatchParts = 200

// newMatchCheck returns e's check, or nil when no slot has more
// participants who may meet in it than tables.
func newMatchCheck(e *encoding) *matchCheck {
	in := e.in
	ns := len(in.Slots)
	c := &matchCheck{e: e, parts: make([][]int, ns), tally: make([]int, ns), meets: make([][]slotMeeting, ns),
		gone: make([]int, ns), seen: make([]int64, ns), at: make([]int, len(in.Participants))}
	single := func(p int) bool { return in.Participants[p].people() == 1 }
	useful := false
	for s := range in.Slots {
		var us []lit
		for p := range in.Participants {
			if single(p) && e.u[p][s] != e.fls() {
				c.parts[s] = append(c.parts[s], p)
				us = append(us, e.u[p][s])
			}
		}
		if len(us) <= in.tablesIn(s) || len(us) > maxMatchParts {
			c.parts[s] = nil
			continue
		}
		useful = true
		c.tally[s] = e.s.addTally(us)
	}
	if !useful {
		return nil
	}
	// One pass over the meetings' slots, in meeting order.
	for m, mt := range in.Meetings {
		if !single(mt.A) || !single(mt.B) {
			continue
		}
		for i, s := range e.dom[m] {
			if c.parts[s] != nil {
				c.meets[s] = append(c.meets[s], slotMeeting{mt.A, mt.B, e.x[m][i]})
			}
		}
	}
	for s, ms := range c.meets {
		if c.parts[s] == nil {
			continue
		}
		gone := make([]lit, len(ms))
		for i, m := range ms {
			gone[i] = m.x.not()
		}
		c.gone[s] = e.s.addTally(gone)
		c.seen[s] = -1
	}
	for i := range c.at {
		c.at[i] = -1
	}
	return c
}

func (c *matchCheck) check(s *solver) []lit {
	in := c.e.in
	for sl, parts := range c.parts {
		k := in.tablesIn(sl)
		if parts == nil || int(s.tallies[c.tally[sl]]) <= k {
			continue
		}
		adds := s.tallyAdds[c.tally[sl]] + s.tallyAdds[c.gone[sl]]
		if adds == c.seen[sl] {
			continue
		}
		set := c.set[:0]
		for _, p := range parts {
			if s.value(c.e.u[p][sl]) == lTrue {
				set = append(set, p)
			}
		}
		c.set = set
		if len(set)-k <= c.matching(s, sl, set, -1, len(set)-k) {
			c.seen[sl] = adds
			continue
		}
		// Drop everyone the overflow holds without (a participant that
		// every largest matching covers, for one): the fewer the clause
		// names, the more of the search it cuts.
		for i := 0; i < len(set); {
			if len(set)-1-k > c.matching(s, sl, set, set[i], len(set)-1-k) {
				set[i] = set[len(set)-1]
				set = set[:len(set)-1]
				continue
			}
			i++
		}
		c.set = set
		out := c.out[:0]
		for _, p := range set {
			out = append(out, c.e.u[p][sl].not())
		}
		for i, p := range set {
			c.at[p] = i
		}
		for _, m := range c.meets[sl] {
			if c.at[m.a] >= 0 && c.at[m.b] >= 0 && s.value(m.x) == lFalse && s.level[m.x.v()] > 0 {
				out = append(out, m.x)
			}
		}
		for _, p := range set {
			c.at[p] = -1
		}
		c.out = out
		return out
	}
	return nil
}

// matching is the size of a largest matching of the meetings of slot sl
// that are not ruled out there, among set without skip, or any size of at
// least enough.
func (c *matchCheck) matching(s *solver, sl int, set []int, skip, enough int) int {
	n := 0
	for _, p := range set {
		if p != skip {
			c.at[p] = n
			n++
		}
	}
	edges := c.edges[:0]
	for _, m := range c.meets[sl] {
		a, b := c.at[m.a], c.at[m.b]
		if a >= 0 && b >= 0 && s.value(m.x) != lFalse {
			edges = append(edges, [2]int{a, b})
		}
	}
	c.edges = edges
	for _, p := range set {
		c.at[p] = -1
	}
	return c.mt.match(n, edges, enough)
}
