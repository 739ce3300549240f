package time_test

import (
	"fmt"

	rttime "github.com/racelab/racelab/rt/time"
	"github.com/racelab/racelab/sim"
)

// Under a World, time is virtual: an hour's sleep costs no wall time.
func ExampleSleep() {
	sim.Run(sim.Options{}, func(*sim.World) {
		start := rttime.Now()
		rttime.Sleep(rttime.Hour)
		fmt.Println(rttime.Since(start), start.Equal(sim.Epoch))
	})
	// Output: 1h0m0s true
}
