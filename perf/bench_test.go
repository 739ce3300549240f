package perf_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/perf"
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
