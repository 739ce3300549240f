package sim_test

import (
	"iter"
	"testing"

	"github.com/racelab/racelab/perf"
	"github.com/racelab/racelab/sim"
)

// BenchmarkCoroutineFloor is the cost floor of one step: a bare iter.Pull
// resume and yield, with nothing else. The workloads shared with racelab
// bench's side-by-side table live in package perf.
func BenchmarkCoroutineFloor(b *testing.B) { perf.CoroutineFloor(b) }

// BenchmarkCoroutineFloorAlternating resumes two coroutines in turn, as a
// scheduler of two threads must: the floor for BenchmarkStep that includes
// the cost of switching between different coroutines.
func BenchmarkCoroutineFloorAlternating(b *testing.B) {
	seq := func(yield func(int) bool) {
		for yield(0) {
		}
	}
	n1, s1 := iter.Pull(seq)
	n2, s2 := iter.Pull(seq)
	defer s1()
	defer s2()
	b.ResetTimer()
	for i := range b.N {
		if i&1 == 0 {
			n1()
		} else {
			n2()
		}
	}
}

// BenchmarkStep is one step of the simulator between two yielding threads
// (perf.Step).
func BenchmarkStep(b *testing.B) { perf.Step(b) }

// BenchmarkStepWithLog is BenchmarkStep keeping the event log.
func BenchmarkStepWithLog(b *testing.B) { perf.StepWithLog(b) }

// BenchmarkSchedule3x10 is one whole schedule, world set-up included:
// three threads of ten yields each (perf.Schedule3x10).
func BenchmarkSchedule3x10(b *testing.B) { perf.Schedule3x10(b) }

// BenchmarkHistoryRecording is one client operation recorded (Begin and
// End, two logged steps with their input and output formatted), in worlds
// of 500 operations.
func BenchmarkHistoryRecording(b *testing.B) {
	const perWorld = 500
	for left := b.N; left > 0; left -= perWorld {
		n := min(left, perWorld)
		sim.Run(sim.Options{Source: sim.Random(1), NoLog: true}, func(w *sim.World) {
			for i := range n {
				id := w.Begin(i%4, i)
				w.End(id, i)
			}
		})
	}
}

// BenchmarkSchedule3x10Pooled is BenchmarkSchedule3x10 with the coroutines
// lent by a Pool, as the exploration engine's workers do.
func BenchmarkSchedule3x10Pooled(b *testing.B) { perf.Schedule3x10Pooled(b) }
