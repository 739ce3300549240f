package perf

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"testing"
	"time"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/sim"
)

// CoroutineFloor is the cost floor of one step: a bare iter.Pull resume and
// yield, with nothing else.
func CoroutineFloor(b *testing.B) {
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

// Step is one step of the simulator between two yielding threads: the
// thread parks, the loop folds the step into the log hash, makes a random
// decision (recorded in the trace) and resumes a thread. Steps run in worlds
// of 1,000, the size of a real schedule, so the trace does not grow without
// bound; world set-up is amortized into the figure.
func Step(b *testing.B) { step(b, true) }

// StepWithLog is Step keeping the event log.
func StepWithLog(b *testing.B) { step(b, false) }

func step(b *testing.B, noLog bool) {
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

// Schedule3x10 is one whole schedule, world set-up included: three threads
// of ten yields each.
func Schedule3x10(b *testing.B) {
	for i := range b.N {
		sim.Run(sim.Options{Source: sim.Random(uint64(i)), NoLog: true}, threeByTen)
	}
}

// Schedule3x10Pooled is Schedule3x10 with the coroutines lent by a Pool, as
// the exploration engine's workers run schedules.
func Schedule3x10Pooled(b *testing.B) {
	pool := sim.NewPool()
	defer pool.Close()
	for i := range b.N {
		sim.Run(sim.Options{Source: sim.Random(uint64(i)), NoLog: true, Pool: pool}, threeByTen)
	}
}

func threeByTen(w *sim.World) {
	for _, name := range []string{"a", "b", "c"} {
		w.Go(name, func() {
			for range 10 {
				w.Yield("step")
			}
		})
	}
}

// Workload names the shared object the threads of a scaling benchmark use.
type Workload string

// The scaling workloads.
const (
	// VarWorkload: every yield is a Load or a Store of one shared Var.
	VarWorkload Workload = "var"
	// MutexWorkload: every yield is a Lock/Unlock pair of one contended
	// Mutex (a pair counts as one yield of the thread).
	MutexWorkload Workload = "mutex"
)

// Scaling returns the benchmark of threads threads doing yields yields each
// on one shared object, a whole schedule per iteration. It reports "ns/yield",
// the figure that must stay flat as threads grow.
func Scaling(kind Workload, threads, yields int) func(b *testing.B) {
	return scaling(kind, threads, yields, false)
}

// ScalingCustomSource is Scaling with the random source hidden behind a
// custom Source that is not [sim.ThreadBlind]: the World builds the thread
// list at every pick, as it does for any custom source. Beside Scaling, it
// shows what thread-blindness saves.
func ScalingCustomSource(kind Workload, threads, yields int) func(b *testing.B) {
	return scaling(kind, threads, yields, true)
}

// customSource passes decisions through, without saying it is thread-blind.
type customSource struct{ inner sim.Source }

func (c customSource) Choose(d *sim.Decision) (int, error) { return c.inner.Choose(d) }

func scaling(kind Workload, threads, yields int, custom bool) func(b *testing.B) {
	return func(b *testing.B) {
		program := func(w *sim.World) {
			v := sim.NewVar(w, "x", 0)
			m := w.NewMutex("m")
			for i := range threads {
				w.Go(threadName(i), func() {
					for j := range yields {
						switch kind {
						case MutexWorkload:
							m.Lock()
							m.Unlock()
						default:
							if j&1 == 0 {
								v.Load()
							} else {
								v.Store(j)
							}
						}
					}
				})
			}
		}
		pool := sim.NewPool()
		defer pool.Close()
		b.ResetTimer()
		for i := range b.N {
			// No step limit: 128 threads of 1,000 lock/unlock pairs pass
			// the default one, and a run cut short would flatter the figure.
			src := sim.Random(uint64(i))
			if custom {
				src = customSource{src}
			}
			res := sim.Run(sim.Options{Source: src, NoLog: true, Pool: pool, MaxSteps: math.MaxInt64}, program)
			if res.Failed() {
				b.Fatalf("the run failed: %v %v", res.Err, res.Findings)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*threads*yields), "ns/yield")
	}
}

var names [128]string

func init() {
	for i := range names {
		names[i] = fmt.Sprintf("t%d", i)
	}
}

func threadName(i int) string {
	if i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("t%d", i)
}

// CatalogueStep returns the benchmark of one step of a catalogue scenario
// variant as the exploration engine runs it: schedules with the scenario's
// fault plan, without the log, on pooled coroutines, each history checked
// by the variant's model. b.N counts steps (whole schedules run until b.N
// steps are done), so ns/op compares directly with Step.
func CatalogueStep(t explore.Target) func(b *testing.B) {
	return func(b *testing.B) {
		sc := t.Scenario
		var checker *linearize.Checker
		if sc.Model != nil {
			checker = linearize.NewChecker(*sc.Model, cmp.Or(sc.CheckTimeout, 5*time.Second))
		}
		pool := sim.NewPool()
		defer pool.Close()
		program := func(w *sim.World) { sc.Program(w, t.Variant.Name) }
		b.ResetTimer()
		seed := uint64(0)
		for done := int64(0); done < int64(b.N); seed++ {
			res := sim.Run(sim.Options{Source: sim.Random(seed), Faults: sc.Faults, MaxSteps: sc.MaxSteps, NoLog: true, Pool: pool}, program)
			if checker != nil && len(res.Findings) == 0 {
				if _, err := checker.Check(res.History); err != nil {
					b.Fatal(err)
				}
			}
			done += max(res.Steps, 1)
		}
	}
}
