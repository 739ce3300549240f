package lang_test

import (
	"testing"

	"github.com/racelab/racelab/rt/lang"
	"github.com/racelab/racelab/sim"
)

// The drop-in channel's cost over sim.Chan, side by side: a send and a
// receive on a buffered channel per op, in one World.
func BenchmarkChan(b *testing.B) {
	b.Run("impl=sim", func(b *testing.B) {
		sim.Run(sim.Options{MaxSteps: 1 << 62, NoLog: true}, func(w *sim.World) {
			c := sim.NewChan[int](w, "c", 1)
			b.ResetTimer()
			for i := range b.N {
				c.Send(i)
				c.Recv()
			}
		})
	})
	b.Run("impl=rt", func(b *testing.B) {
		sim.Run(sim.Options{MaxSteps: 1 << 62, NoLog: true}, func(w *sim.World) {
			c := lang.MakeChan[int](1)
			b.ResetTimer()
			for i := range b.N {
				c.Send(i)
				c.Recv()
			}
		})
	})
}
