package explore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/racelab/racelab/explore"
)

// BenchmarkExploreOneSchedule is the fixed cost of an exploration (its
// checker, workers and their pools) with one schedule to run: what a short
// run pays on top of its schedules, per number of workers.
func BenchmarkExploreOneSchedule(b *testing.B) {
	tg := target(b, "demo/counter:locked")
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for range b.N {
				if _, err := explore.Explore(context.Background(), tg, explore.Config{Seed: 1, Schedules: 1, Workers: workers, ShrinkBudget: -1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
