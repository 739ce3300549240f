package lang_test

import (
	"testing"

	"github.com/racelab/racelab/rt/lang"
	"github.com/racelab/racelab/sim"
)

var benchSite = lang.Site{Pos: "bench.go:1", Label: "x"}

// The cost of one instrumented access (a Read and a Write, as translated
// x = x + 1 makes them), side by side: the detector off (what every
// translated access pays), on, and with preemption at accesses (then each
// Read is also a yield point; one thread, so no decision is made).
func BenchmarkAccess(b *testing.B) {
	for _, c := range []struct {
		name string
		opts sim.Options
	}{
		{"race=off", sim.Options{}},
		{"race=on", sim.Options{Race: true}},
		{"race=off,preempt=on", sim.Options{PreemptAccesses: true}},
		{"race=on,preempt=on", sim.Options{Race: true, PreemptAccesses: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			c.opts.MaxSteps, c.opts.NoLog = 1<<62, true
			sim.Run(c.opts, func(w *sim.World) {
				x := 0
				b.ResetTimer()
				for range b.N {
					lang.Read(&x, &benchSite)
					x++
					lang.Write(&x, &benchSite)
				}
			})
		})
	}
}

// BenchmarkRaceStep is one step of two threads that each lock a mutex,
// touch a shared counter and unlock it: the cost per step of the detector
// (edges at each lock and unlock, a checked read and write) against none.
func BenchmarkRaceStep(b *testing.B) {
	for _, race := range []bool{false, true} {
		name := "race=off"
		if race {
			name = "race=on"
		}
		b.Run(name, func(b *testing.B) {
			steps := int64(0)
			for steps < int64(b.N) {
				res := sim.Run(sim.Options{Source: sim.Random(uint64(steps)), NoLog: true, Race: race}, func(w *sim.World) {
					mu := w.NewMutex("mu")
					n := 0
					wg := w.NewWaitGroup("wg")
					for _, name := range []string{"a", "b"} {
						wg.Go(name, func() {
							for range 250 {
								mu.Lock()
								lang.Read(&n, &benchSite)
								n++
								lang.Write(&n, &benchSite)
								mu.Unlock()
							}
						})
					}
					wg.Wait()
				})
				if res.Failed() {
					b.Fatal(res.Findings)
				}
				steps += res.Steps
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(steps), "ns/step")
		})
	}
}
