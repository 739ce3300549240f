package sim_test

import (
	"testing"

	"github.com/racelab/racelab/sim"
)

// program is a test program run as the main thread.
type program func(w *sim.World)

// firstFailure runs schedules 0..budget-1 of prog with the sources next
// returns and reports the index of the first failing one, or -1.
func firstFailure(budget int, next func(i int) sim.Source, prog program) int {
	for i := range budget {
		if sim.Run(sim.Options{Source: next(i), NoLog: true}, prog).Failed() {
			return i
		}
	}
	return -1
}

// dfsAll runs prog under DFS until exhausted (or limit runs) and returns
// the number of runs, the number that failed and the distinct hashes.
func dfsAll(t *testing.T, bound, limit int, prog program) (runs, failed int, hashes map[uint64]bool) {
	t.Helper()
	d := sim.NewDFS(bound)
	hashes = map[uint64]bool{}
	for {
		src, ok := d.Next()
		if !ok {
			break
		}
		res := sim.Run(sim.Options{Source: src, NoLog: true}, prog)
		if res.Err != nil {
			t.Fatalf("dfs run %d: %v", runs, res.Err)
		}
		runs++
		hashes[res.Hash] = true
		if len(res.Findings) > 0 {
			failed++
		}
		if runs >= limit {
			t.Fatalf("dfs did not exhaust within %d runs", limit)
		}
	}
	if !d.Exhausted() {
		t.Fatalf("dfs stopped without exhausting")
	}
	return runs, failed, hashes
}

// segments starts n threads of m segments each, separated by yield points.
func segments(n, m int) program {
	return func(w *sim.World) {
		for i := range n {
			w.Go(string(rune('a'+i)), func() {
				for range m - 1 {
					w.Yield("segment")
				}
			})
		}
	}
}

// lostUpdate is two threads incrementing a shared counter with a load and a
// store; guarded puts the increments under a Mutex.
func lostUpdate(guarded bool) program {
	return func(w *sim.World) {
		x := sim.NewVar(w, "x", 0)
		mu := w.NewMutex("mu")
		wg := w.NewWaitGroup("wg")
		for _, name := range []string{"a", "b"} {
			wg.Go(name, func() {
				if guarded {
					mu.Lock()
					defer mu.Unlock()
				}
				x.Store(x.Load() + 1)
			})
		}
		wg.Wait()
		if got := x.Peek(); got != 2 {
			w.Fail("invariant", "counter is %d after two increments", got)
		}
	}
}
