package explore

import (
	"fmt"
	"math"

	"github.com/racelab/racelab/sim"
)

// Strategies lists the exploration strategies by name.
var strategies = []string{"random", "pct", "dfs"}

func parseStrategy(s string) (string, error) {
	for _, name := range strategies {
		if s == name {
			return s, nil
		}
	}
	return "", fmt.Errorf("unknown strategy %q (want random, pct or dfs)", s)
}

// scheduleSource returns the source of schedule i for the random and pct
// strategies: independent of every other schedule.
func (e *explorer) scheduleSource(i int) sim.Source {
	if e.strategy == "pct" {
		return sim.PCT(sim.ScheduleSeed(e.seed, i), e.depth, e.k)
	}
	return sim.Random(sim.ScheduleSeed(e.seed, i))
}

// calibrate sets k, PCT's estimate of the thread decisions in a run, from
// one random run of the same seed, so that every schedule (and its replay)
// uses the same k.
func (e *explorer) calibrate() {
	if e.strategy != "pct" {
		return
	}
	res, ok := e.runWatched(sim.Random(sim.ScheduleSeed(e.seed, -1)), e.timeout)
	if !ok { // it hangs: exploring will say where
		e.k, e.n = 1, 1
		return
	}
	e.k, e.n = 0, max(res.Threads, 1)
	for _, c := range res.Decisions {
		if c.Kind == sim.DecideThread {
			e.k++
		}
	}
	e.k = max(e.k, 1)
}

// confidence is PCT's bound: a bug of depth d among n threads and k steps
// is found by one run with probability at least 1/(n*k^(d-1)), so runs
// independent runs miss it with probability at most (1-p)^runs.
func confidence(n, k, d, runs int) float64 {
	p := 1 / (float64(n) * math.Pow(float64(k), float64(d-1)))
	return 1 - math.Pow(1-p, float64(runs))
}
