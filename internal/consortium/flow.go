package consortium

// minCostFlow is a small successive-shortest-path solver. The networks built
// for one consortium have at most a few hundred nodes, so Bellman-Ford queues
// are cheaper than maintaining potentials.
type minCostFlow struct {
	head     []int32
	next, to []int32
	capacity []int64
	cost     []int64
	dist     []int64
	prevEdge []int32
	inQueue  []bool
	queue    []int32
}

const flowInf = int64(1) << 62

func newMinCostFlow(nodes int) *minCostFlow {
	g := &minCostFlow{head: make([]int32, nodes)}
	for i := range g.head {
		g.head[i] = -1
	}
	return g
}

// addEdge adds u→v and its residual twin and returns the forward edge index,
// whose flow is later read back as capacity of the twin.
func (g *minCostFlow) addEdge(u, v int, capacity, cost int64) int {
	e := len(g.to)
	g.to = append(g.to, int32(v), int32(u))
	g.capacity = append(g.capacity, capacity, 0)
	g.cost = append(g.cost, cost, -cost)
	g.next = append(g.next, g.head[u], g.head[v])
	g.head[u] = int32(e)
	g.head[v] = int32(e + 1)
	return e
}

func (g *minCostFlow) flowOn(e int) int64 { return g.capacity[e^1] }

// run sends up to limit units from s to t at least cost and returns the amount
// sent and its cost. Costs are non-negative on entry, so no negative cycle can
// exist in the residual graph and each shortest path keeps the flow optimal.
func (g *minCostFlow) run(s, t int, limit int64) (sent, total int64) {
	n := len(g.head)
	g.dist = make([]int64, n)
	g.prevEdge = make([]int32, n)
	g.inQueue = make([]bool, n)
	for sent < limit {
		for i := range g.dist {
			g.dist[i] = flowInf
			g.prevEdge[i] = -1
		}
		g.dist[s] = 0
		g.queue = append(g.queue[:0], int32(s))
		g.inQueue[s] = true
		for qi := 0; qi < len(g.queue); qi++ {
			u := g.queue[qi]
			g.inQueue[u] = false
			for e := g.head[u]; e >= 0; e = g.next[e] {
				if g.capacity[e] == 0 {
					continue
				}
				v := g.to[e]
				if nd := g.dist[u] + g.cost[e]; nd < g.dist[v] {
					g.dist[v] = nd
					g.prevEdge[v] = e
					if !g.inQueue[v] {
						g.inQueue[v] = true
						g.queue = append(g.queue, v)
					}
				}
			}
		}
		if g.dist[t] == flowInf {
			break
		}
		push := limit - sent
		for v := t; v != s; v = int(g.to[g.prevEdge[v]^1]) {
			if c := g.capacity[g.prevEdge[v]]; c < push {
				push = c
			}
		}
		for v := t; v != s; v = int(g.to[g.prevEdge[v]^1]) {
			e := g.prevEdge[v]
			g.capacity[e] -= push
			g.capacity[e^1] += push
		}
		sent += push
		total += push * g.dist[t]
	}
	return sent, total
}
