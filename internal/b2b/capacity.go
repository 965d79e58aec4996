package b2b

import "slices"

// This file bounds how many meetings an event can hold at all, from two
// relaxations that are flows and so are solved exactly in polynomial time:
//
//   - the tables: every meeting needs a place in one of its slots, a slot
//     holds as many meetings as it has tables, and a pinned table (a booth
//     or the organiser's choice) one meeting per slot;
//   - each participant on its own: its meetings need distinct slots, or as
//     many at once as it sends people, and a named person one at a time.
//
// The solver proves such limits only by resolution, which needs a number of
// steps exponential in the overbooking: a small event of 24 meetings in 20
// table-slots was neither proven infeasible (every meeting required) nor
// its 20 meetings proven the most it can hold (partial mode) in 10 s, and
// the plain descent of the tests had not settled "every meeting held"
// after 2 million conflicts. A flow settles it in microseconds, and its
// minimum cut names the meetings and slots that do not fit: a reason the
// organiser can act on.

// flowGraph is a directed graph with integer capacities for Dinic's
// maximum flow.
type flowGraph struct {
	head       []int32 // first edge out of each node, -1 for none
	next, to   []int32 // per edge; edge e^1 is e's reverse
	cap        []int32 // residual capacity per edge
	level, cur []int32
}

func newFlowGraph(nodes int) *flowGraph {
	g := &flowGraph{head: make([]int32, nodes), level: make([]int32, nodes), cur: make([]int32, nodes)}
	for i := range g.head {
		g.head[i] = -1
	}
	return g
}

func (g *flowGraph) node() int {
	g.head = append(g.head, -1)
	g.level = append(g.level, 0)
	g.cur = append(g.cur, 0)
	return len(g.head) - 1
}

func (g *flowGraph) edge(u, v, c int) {
	for _, e := range [2][3]int{{u, v, c}, {v, u, 0}} {
		g.next = append(g.next, g.head[e[0]])
		g.to = append(g.to, int32(e[1]))
		g.cap = append(g.cap, int32(e[2]))
		g.head[e[0]] = int32(len(g.to) - 1)
	}
}

// maxFlow pushes as much flow from s to t as the capacities allow.
func (g *flowGraph) maxFlow(s, t int) int {
	total := 0
	queue := make([]int32, 0, len(g.head))
	for {
		for i := range g.level {
			g.level[i] = -1
		}
		g.level[s] = 0
		queue = append(queue[:0], int32(s))
		for i := 0; i < len(queue); i++ {
			u := queue[i]
			for e := g.head[u]; e >= 0; e = g.next[e] {
				if v := g.to[e]; g.cap[e] > 0 && g.level[v] < 0 {
					g.level[v] = g.level[u] + 1
					queue = append(queue, v)
				}
			}
		}
		if g.level[t] < 0 {
			return total
		}
		copy(g.cur, g.head)
		for {
			f := g.push(int32(s), int32(t), 1<<30)
			if f == 0 {
				break
			}
			total += int(f)
		}
	}
}

func (g *flowGraph) push(u, t, limit int32) int32 {
	if u == t {
		return limit
	}
	for ; g.cur[u] >= 0; g.cur[u] = g.next[g.cur[u]] {
		e := g.cur[u]
		v := g.to[e]
		if g.cap[e] <= 0 || g.level[v] != g.level[u]+1 {
			continue
		}
		if f := g.push(v, t, min(limit, g.cap[e])); f > 0 {
			g.cap[e] -= f
			g.cap[e^1] += f
			return f
		}
	}
	return 0
}

// reachable marks the nodes that the residual graph reaches from s: after
// maxFlow, the source side of the minimum cut nearest the source.
func (g *flowGraph) reachable(s int) []bool { return g.residual(s, false) }

// reachesSink marks the nodes from which the residual graph reaches t:
// after maxFlow, the other nodes are the source side of the minimum cut
// nearest the sink.
func (g *flowGraph) reachesSink(t int) []bool { return g.residual(t, true) }

// residual walks the edges with capacity left from node, forward or
// backward.
func (g *flowGraph) residual(node int, backward bool) []bool {
	seen := make([]bool, len(g.head))
	seen[node] = true
	stack := []int32{int32(node)}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for e := g.head[u]; e >= 0; e = g.next[e] {
			left := g.cap[e]
			if backward {
				left = g.cap[e^1] // e^1 runs from g.to[e] to u
			}
			if v := g.to[e]; left > 0 && !seen[v] {
				seen[v] = true
				stack = append(stack, v)
			}
		}
	}
	return seen
}

// shortfall is a set of meetings that cannot all be held: Meetings fit only
// into the places of Slots, which hold Have of them. Participant is -1 for
// the tables' relaxation.
type shortfall struct {
	Participant int
	Meetings    []int
	Slots       []int
	Have        int
}

// relaxed is what one relaxation says (see overflow): held of the meetings
// fit, short says why the others do not (nil when all fit), and every
// schedule that holds held of them holds the meetings of kept and fills
// the slots of full. A maximum flow saturates every minimum cut: kept are
// the meetings whose edge from the source the cut nearest the source runs
// through, full the slots whose edge to the sink the cut nearest the sink
// runs through (with a pinned table or a named person the cut may run
// through that place instead of its slot).
type relaxed struct {
	held       int
	short      *shortfall
	kept, full []int
}

// overflow solves one relaxation: source → meeting (1) → place (unbounded)
// → slot (its capacity) → sink. place gives the node a meeting takes in
// slot s (a pinned table or named person in that slot, or the slot
// itself). When not every meeting fits, the shortfall is the meetings of
// the minimum cut nearest the source: those that fit only into the places
// the cut saturates. The middle edges are unbounded so that no cut runs
// through them, which makes it a Hall set: every slot those meetings may
// take is in it.
func overflow(ms []int, dom [][]int, slotCap func(s int) int, place func(g *flowGraph, m, s int, slot int) int, ns int) relaxed {
	g := newFlowGraph(2 + len(ms) + ns)
	edges := 2 * (ns + len(ms))
	for _, m := range ms {
		edges += 2 * len(dom[m])
	}
	g.next, g.to, g.cap = make([]int32, 0, edges), make([]int32, 0, edges), make([]int32, 0, edges)
	src, sink := 0, 1
	slotNode := func(s int) int { return 2 + len(ms) + s }
	for s := range ns {
		g.edge(slotNode(s), sink, slotCap(s))
	}
	for i, m := range ms {
		g.edge(src, 2+i, 1)
		for _, s := range dom[m] {
			g.edge(2+i, place(g, m, s, slotNode(s)), len(ms)+1)
		}
	}
	r := relaxed{held: g.maxFlow(src, sink)}
	seen := g.reachable(src)
	for i, m := range ms {
		if !seen[2+i] {
			r.kept = append(r.kept, m)
		}
	}
	toSink := g.reachesSink(sink)
	for s := range ns {
		if !toSink[slotNode(s)] {
			r.full = append(r.full, s)
		}
	}
	if r.held == len(ms) {
		return r
	}
	sf := &shortfall{Participant: -1}
	for i, m := range ms {
		if seen[2+i] {
			sf.Meetings = append(sf.Meetings, m)
			for _, s := range dom[m] {
				if !slices.Contains(sf.Slots, s) {
					sf.Slots = append(sf.Slots, s)
				}
			}
		}
	}
	slices.Sort(sf.Slots)
	sf.Have = len(sf.Meetings) - (len(ms) - r.held)
	r.short = sf
	return r
}

// onePerSlot returns a place function for overflow that sends the
// meetings with the same key (a pinned table, a named person; 0 for none)
// in a slot through one node that holds one of them.
func onePerSlot(key func(m int) int) func(g *flowGraph, m, s, slot int) int {
	nodes := map[[2]int]int{}
	return func(g *flowGraph, m, s, slot int) int {
		k := key(m)
		if k == 0 {
			return slot
		}
		n, ok := nodes[[2]int{k, s}]
		if !ok {
			n = g.node()
			g.edge(n, slot, 1)
			nodes[[2]int{k, s}] = n
		}
		return n
	}
}

// tablesHold is the tables' relaxation over the meetings ms.
func tablesHold(in *Instance, dom [][]int, ms []int) relaxed {
	return overflow(ms, dom, in.tablesIn, onePerSlot(in.pinnedTable), len(in.Slots))
}

// participantHolds is participant p's relaxation over own, its meetings.
func participantHolds(in *Instance, dom [][]int, p int, own []int) relaxed {
	people := in.Participants[p].people()
	person := func(m int) int {
		switch mt := in.Meetings[m]; {
		case people == 1:
			return 0 // the participant's one slot node holds one already
		case mt.A == p:
			return mt.PersonA
		default:
			return mt.PersonB
		}
	}
	r := overflow(own, dom, func(int) int { return people }, onePerSlot(person), len(in.Slots))
	if r.short != nil {
		r.short.Participant = p
	}
	return r
}

// holdBound is an upper bound on how many of the meetings ms any schedule
// holds, with the shortfalls that make it smaller than len(ms): the tables'
// relaxation and, since each unscheduled meeting is one of the
// participant's, the largest shortfall of any one participant.
func holdBound(in *Instance, dom [][]int, ms []int) (int, []shortfall) {
	var why []shortfall
	t := tablesHold(in, dom, ms)
	bound := t.held
	if t.short != nil {
		why = append(why, *t.short)
	}
	for p, own := range meetingsOf(in, ms) {
		if r := participantHolds(in, dom, p, own); r.short != nil {
			why = append(why, *r.short)
			bound = min(bound, len(ms)-(len(own)-r.held))
		}
	}
	return bound, why
}

// meetingsOf lists each participant's meetings among ms.
func meetingsOf(in *Instance, ms []int) [][]int {
	own := make([][]int, len(in.Participants))
	for _, m := range ms {
		mt := in.Meetings[m]
		own[mt.A] = append(own[mt.A], m)
		own[mt.B] = append(own[mt.B], m)
	}
	return own
}

// forced is what every schedule holding as many meetings as a flow allows
// must do (see forcedByFlows): hold the meetings of mustHold, fill the
// tables of the slots of full, and keep participant p busy with as many
// meetings as it sends people in each slot of busy[p].
type forced struct {
	mustHold, full []int
	busy           map[int][]int
}

// forcedByFlows returns what every schedule that holds held of the event's
// meetings must do where that is the most a relaxation allows: the tables'
// relaxation at held, or a participant's whose meetings are all among those
// held but for as many as its flow leaves out. Such a schedule is a maximum
// flow of that relaxation, which saturates its minimum cuts (see relaxed).
// Solve states them in partial mode once the meeting counts are proven.
// With every meeting required they would come from every relaxation, the
// tight parts of the event (a participant with as many meetings as free
// slots in a session): measured on the published events, the search was
// slower with them (see the README), so there they are left to the
// solver's own propagation.
func forcedByFlows(in *Instance, dom [][]int, held int) forced {
	all := meetingsAt(in, nil)
	left := len(all) - held // meetings left out, in every such schedule
	hold := make([]bool, len(all))
	var f forced
	if t := tablesHold(in, dom, all); t.held == held {
		for _, m := range t.kept {
			hold[m] = true
		}
		f.full = t.full
	}
	for p, own := range meetingsOf(in, all) {
		r := participantHolds(in, dom, p, own)
		if len(own)-left != r.held {
			continue
		}
		// Every meeting left out is one of p's: the others are all held.
		mine := make([]bool, len(all))
		for _, m := range own {
			mine[m] = true
		}
		for m := range hold {
			hold[m] = hold[m] || !mine[m]
		}
		for _, m := range r.kept {
			hold[m] = true
		}
		if len(r.full) > 0 {
			if f.busy == nil {
				f.busy = map[int][]int{}
			}
			f.busy[p] = r.full
		}
	}
	for m, h := range hold {
		if h {
			f.mustHold = append(f.mustHold, m)
		}
	}
	return f
}
