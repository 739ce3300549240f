package sim

import (
	"math/rand/v2"
	"slices"
)

// PCT returns a source for probabilistic concurrency testing (Burckhardt et
// al., ASPLOS 2010) with bug depth depth over runs of about k thread
// decisions: every thread gets a random priority above depth when it first
// appears, the highest-priority runnable thread always runs, and at depth-1
// change points drawn from [1, k] the running thread drops to a priority
// below all others (depth-1, ..., 1). A bug of depth d among n threads is
// found by one run with probability at least 1/(n*k^(d-1)). Faults,
// selects and values are decided at random with the same PRNG.
func PCT(seed uint64, depth, k int) Source {
	if depth < 1 {
		depth = 1
	}
	if k < 1 {
		k = 1
	}
	p := &pct{rng: newRNG(seed), depth: depth}
	for range depth - 1 {
		p.changes = append(p.changes, 1+p.rng.IntN(k))
	}
	slices.Sort(p.changes)
	return p
}

type pct struct {
	rng     *rand.Rand
	depth   int
	changes []int   // decision numbers at which the running thread drops
	prio    []int64 // by thread id; 0: not seen yet
	steps   int
}

func (p *pct) Choose(d *Decision) (int, error) {
	if d.Kind != DecideThread {
		return chooseRandomly(p.rng, d), nil
	}
	p.steps++
	for _, id := range d.Threads {
		for id >= len(p.prio) {
			p.prio = append(p.prio, 0)
		}
		if p.prio[id] == 0 {
			p.prio[id] = int64(p.depth) + 1 + p.rng.Int64N(1<<40)
		}
	}
	best := p.highest(d.Threads)
	for j, c := range p.changes {
		if c == p.steps {
			// The j-th change point lowers the thread about to run below
			// every initial priority, later points lower still.
			p.prio[d.Threads[best]] = int64(p.depth - 1 - j)
			best = p.highest(d.Threads)
		}
	}
	return best, nil
}

// highest returns the option whose thread has the highest priority; ties,
// which are improbable, go to the lower option.
func (p *pct) highest(ids []int) int {
	best := 0
	for i, id := range ids {
		if p.prio[id] > p.prio[ids[best]] {
			best = i
		}
	}
	return best
}
