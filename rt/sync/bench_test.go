package sync_test

import (
	"testing"

	rtsync "github.com/racelab/racelab/rt/sync"
	"github.com/racelab/racelab/sim"
)

// The drop-in's cost over the sim primitive it binds to, side by side:
// one Lock and Unlock (two yield points) per op, in one World.
func BenchmarkMutex(b *testing.B) {
	b.Run("impl=sim", func(b *testing.B) {
		sim.Run(sim.Options{MaxSteps: 1 << 62, NoLog: true}, func(w *sim.World) {
			m := w.NewMutex("m")
			n := 0
			b.ResetTimer()
			for range b.N {
				m.Lock()
				n++
				m.Unlock()
			}
		})
	})
	b.Run("impl=rt", func(b *testing.B) {
		sim.Run(sim.Options{MaxSteps: 1 << 62, NoLog: true}, func(w *sim.World) {
			var m rtsync.Mutex
			n := 0
			b.ResetTimer()
			for range b.N {
				m.Lock()
				n++
				m.Unlock()
			}
		})
	})
}
