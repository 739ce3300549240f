package lang_test

import (
	"fmt"

	"github.com/racelab/racelab/rt/lang"
	rtsync "github.com/racelab/racelab/rt/sync"
	"github.com/racelab/racelab/sim"
)

// sum is Go code as the translator leaves it: a producer goroutine, a
// channel ranged over, a WaitGroup. It runs unchanged on real goroutines
// and as the main thread of a World.
func sum() int {
	nums := lang.MakeChan[int](0)
	var wg rtsync.WaitGroup
	wg.Add(1)
	lang.Go("main.produce", "main.go:7", func() {
		defer wg.Done()
		for i := 1; i <= 3; i++ {
			nums.Send(i)
		}
		nums.Close()
	})
	total := 0
	for v := range nums.Range() {
		total += v
	}
	wg.Wait()
	return total
}

func Example() {
	fmt.Println("real goroutines:", sum())
	res := sim.Run(sim.Options{Source: sim.Random(1)}, func(*sim.World) {
		fmt.Println("under a World:", sum())
	})
	fmt.Println("findings:", len(res.Findings))
	// Output:
	// real goroutines: 6
	// under a World: 6
	// findings: 0
}
