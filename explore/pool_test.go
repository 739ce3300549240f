package explore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/results"
)

// TestPoolReusedAcrossRuns: explorations sharing one Pool, with 1, 2 and 4
// of its workers and in turn with a clean and a buggy variant, give the
// results of explorations that start their own workers.
func TestPoolReusedAcrossRuns(t *testing.T) {
	pool := explore.NewPool()
	defer pool.Close()
	for _, name := range []string{"demo/counter:racy", "demo/counter:locked"} {
		tg := target(t, name)
		own, err := explore.Explore(context.Background(), tg, explore.Config{Seed: 7, Workers: 1, Schedules: 200})
		require.NoError(t, err)
		want := summary(own)
		for _, workers := range []int{1, 2, 4, 2} {
			run, err := explore.Explore(context.Background(), tg, explore.Config{Seed: 7, Workers: workers, Schedules: 200, Pool: pool})
			require.NoError(t, err)
			assert.Equal(t, want, summary(run), "%s with %d pooled workers", name, workers)
		}
	}
}

func summary(run results.Run) string {
	s := fmt.Sprintf("%s, %d schedules", run.Verdict, run.Schedules)
	for _, f := range run.Findings {
		s += fmt.Sprintf("; schedule %d %s", f.Schedule, f.TraceHash)
	}
	return s
}
