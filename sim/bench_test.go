package sim_test

import (
	"iter"
	"testing"

	"github.com/racelab/racelab/sim"
)

// BenchmarkCoroutineFloor is the cost floor of one step: a bare iter.Pull
// resume and yield, with nothing else.
func BenchmarkCoroutineFloor(b *testing.B) {
	next, stop := iter.Pull(func(yield func(int) bool) {
		for yield(0) {
		}
	})
	defer stop()
	b.ResetTimer()
	for range b.N {
		next()
	}
}

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

// BenchmarkStep is one step of the simulator between two yielding threads:
// the thread parks, the loop folds the step into the log hash, makes a
// random decision (recorded in the trace) and resumes a thread. Steps run in
// worlds of 1,000, the size of a real schedule, so that the trace does not
// grow without bound; world set-up is amortized into the figure.
func BenchmarkStep(b *testing.B) {
	benchmarkStep(b, true)
}

// BenchmarkStepWithLog is BenchmarkStep keeping the event log.
func BenchmarkStepWithLog(b *testing.B) {
	benchmarkStep(b, false)
}

func benchmarkStep(b *testing.B, noLog bool) {
	const perWorld = 1000
	for left := b.N; left > 0; left -= perWorld {
		per := min(left, perWorld)/2 + 1
		sim.Run(sim.Options{Source: sim.Random(uint64(left)), NoLog: noLog}, func(w *sim.World) {
			for _, name := range []string{"a", "b"} {
				w.Go(name, func() {
					for range per {
						w.Yield("step")
					}
				})
			}
		})
	}
}

// BenchmarkSchedule3x10 is one whole schedule, world set-up included:
// three threads of ten yields each.
func BenchmarkSchedule3x10(b *testing.B) {
	for i := range b.N {
		sim.Run(sim.Options{Source: sim.Random(uint64(i)), NoLog: true}, threeByTen)
	}
}

// threeByTen is three threads of ten yields each.
func threeByTen(w *sim.World) {
	for _, name := range []string{"a", "b", "c"} {
		w.Go(name, func() {
			for range 10 {
				w.Yield("step")
			}
		})
	}
}

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
func BenchmarkSchedule3x10Pooled(b *testing.B) {
	pool := sim.NewPool()
	defer pool.Close()
	for i := range b.N {
		sim.Run(sim.Options{Source: sim.Random(uint64(i)), NoLog: true, Pool: pool}, threeByTen)
	}
}
