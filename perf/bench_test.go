package perf_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/perf"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/scenarios"
)

func BenchmarkCoroutineFloor(b *testing.B) { perf.CoroutineFloor(b) }
func BenchmarkStep(b *testing.B)           { perf.Step(b) }
func BenchmarkSchedule3x10(b *testing.B)   { perf.Schedule3x10(b) }

// BenchmarkScaling is ns per yield over threads {2, 8, 32, 128} x yields
// {10, 1000}, for a shared Var and a contended Mutex: it must stay flat as
// threads grow.
func BenchmarkScaling(b *testing.B) {
	for _, kind := range []perf.Workload{perf.VarWorkload, perf.MutexWorkload} {
		for _, threads := range []int{2, 8, 32, 128} {
			for _, yields := range []int{10, 1000} {
				b.Run(fmt.Sprintf("%s/threads=%d/yields=%d", kind, threads, yields), perf.Scaling(kind, threads, yields))
			}
		}
	}
}

// BenchmarkScalingCustomSource is the Var row of BenchmarkScaling with a
// custom (not thread-blind) source, which is given the thread list at every
// pick: run beside BenchmarkScaling, the gap is what thread-blindness saves.
func BenchmarkScalingCustomSource(b *testing.B) {
	for _, threads := range []int{2, 128} {
		b.Run(fmt.Sprintf("var/threads=%d/yields=1000", threads), perf.ScalingCustomSource(perf.VarWorkload, threads, 1000))
	}
}

// BenchmarkCatalogueStep is one step of catalogue variants as the engine
// runs them, checking included; compare with BenchmarkStep.
func BenchmarkCatalogueStep(b *testing.B) {
	for _, name := range []string{"cachesync/random-ops:fixed", "jobqueue/claims:fixed-conditional", "registry/random-ops:fixed"} {
		ts, err := scenarios.Default().Resolve([]string{name})
		if err != nil {
			b.Skip(err)
		}
		b.Run(name, perf.CatalogueStep(ts[0]))
	}
}

// BenchmarkParallelClean runs the clean variants of the catalogue, short
// runs of 100 schedules each, on 1 or 2 workers of a Pool started once;
// an op is one schedule, so ns/op compares directly (benchstat: 2 workers
// should take at most 1/1.8 of 1 worker's time on an idle 2-core machine).
func BenchmarkParallelClean(b *testing.B) {
	ts, err := scenarios.Default().Resolve(nil)
	if err != nil {
		b.Fatal(err)
	}
	var clean []explore.Target
	for _, t := range ts {
		if t.Variant.Expect == results.Clean {
			clean = append(clean, t)
		}
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			pool := explore.NewPool()
			defer pool.Close()
			done := 0
			for i := 0; done < b.N; i++ {
				run, err := explore.Explore(context.Background(), clean[i%len(clean)],
					explore.Config{Seed: 1, Schedules: min(100, b.N-done), Workers: workers, ShrinkBudget: -1, Pool: pool})
				if err != nil {
					b.Fatal(err)
				}
				done += max(run.Schedules, 1)
			}
		})
	}
}
