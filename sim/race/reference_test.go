package race_test

// The reference detector: trivially correct and slow. It builds the
// happens-before graph of a stream straight from the memory model's rules
// (program order, go statement, join, every release of an object before a
// later acquire, the k-th send before the k-th receive, the k-th receive
// before the (k+C)-th send, an unbuffered transfer both ways, close before
// a receive of the close, every atomic operation on a location before the
// later ones), takes its transitive closure, and reports every
// pair of conflicting accesses that it does not order.

type refGraph struct {
	reach [][]uint64 // reach[n]: the nodes that happen before node n
}

func (g *refGraph) node(preds ...int) int {
	n := len(g.reach)
	row := make([]uint64, n/64+1)
	for _, p := range preds {
		if p < 0 {
			continue
		}
		for i, w := range g.reach[p] {
			row[i] |= w
		}
		row[p/64] |= 1 << (p % 64)
	}
	g.reach = append(g.reach, row)
	return n
}

func (g *refGraph) before(a, b int) bool {
	r := g.reach[b]
	return a/64 < len(r) && r[a/64]&(1<<(a%64)) != 0
}

// referenceRaces returns every racing pair of s, ordered by the later
// access and then the earlier.
func referenceRaces(s []ev) []pair {
	var g refGraph
	last := [nThreads]int{-1, -1, -1, -1}
	type clockState struct {
		store  int   // the last ReleaseStore or atomic, -1 if none
		merges []int // the Releases since
	}
	clocks := make([]clockState, nClocks)
	for i := range clocks {
		clocks[i].store = -1
	}
	type chanState struct {
		sends, recvs []int
		close        int
	}
	chans := make([]chanState, len(chanCaps))
	atomics := make([][]int, nLocs) // the atomic operations on each location
	type acc struct {
		idx, node int
		e         ev
	}
	var accs []acc
	var out []pair
	for i, e := range s {
		t := e.t
		switch e.k {
		case evRead, evWrite, evAtomicRead, evAtomicWrite:
			atomic := e.k == evAtomicRead || e.k == evAtomicWrite
			var n int
			if atomic {
				n = g.node(append([]int{last[t]}, atomics[e.obj]...)...)
				atomics[e.obj] = append(atomics[e.obj], n)
			} else {
				n = g.node(last[t])
			}
			last[t] = n
			for _, a := range accs {
				aAtomic := a.e.k == evAtomicRead || a.e.k == evAtomicWrite
				write := a.e.k == evWrite || a.e.k == evAtomicWrite || e.k == evWrite || e.k == evAtomicWrite
				if a.e.obj == e.obj && write && !(atomic && aAtomic) && !g.before(a.node, n) {
					out = append(out, pair{a.idx, i})
				}
			}
			accs = append(accs, acc{i, n, e})
		case evAcquire, evAtomic:
			c := &clocks[e.obj]
			last[t] = g.node(append([]int{last[t], c.store}, c.merges...)...)
			if e.k == evAtomic {
				c.store, c.merges = last[t], nil
			}
		case evRelease:
			last[t] = g.node(last[t])
			clocks[e.obj].merges = append(clocks[e.obj].merges, last[t])
		case evReleaseStore:
			last[t] = g.node(last[t])
			clocks[e.obj].store, clocks[e.obj].merges = last[t], nil
		case evFork:
			last[t] = g.node(last[t])
			last[e.u] = last[t]
		case evJoin:
			last[t] = g.node(last[t], last[e.u])
		case evSend:
			c := &chans[e.obj]
			k, capacity := len(c.sends), chanCaps[e.obj]
			from := -1
			if k >= capacity {
				from = c.recvs[k-capacity]
			}
			last[t] = g.node(last[t], from)
			c.sends = append(c.sends, last[t])
		case evRecv:
			c := &chans[e.obj]
			last[t] = g.node(last[t], c.sends[len(c.recvs)])
			c.recvs = append(c.recvs, last[t])
		case evTransfer:
			c := &chans[e.obj]
			if capacity := chanCaps[e.obj]; capacity > 0 {
				k := len(c.sends)
				from := -1
				if k >= capacity {
					from = c.recvs[k-capacity]
				}
				last[t] = g.node(last[t], from)
				c.sends = append(c.sends, last[t])
				last[e.u] = g.node(last[e.u], last[t])
				c.recvs = append(c.recvs, last[e.u])
				break
			}
			st, rt := last[t], last[e.u]
			last[t] = g.node(st, rt)
			last[e.u] = g.node(rt, st)
		case evClose:
			last[t] = g.node(last[t])
			chans[e.obj].close = last[t]
		case evRecvClosed:
			last[t] = g.node(last[t], chans[e.obj].close)
		}
	}
	return out
}
