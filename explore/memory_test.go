package explore_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/racelab/racelab/explore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A nightly run of millions of schedules must hold memory flat: a million
// schedules in the memory of one. Before the linearizability checker's
// verdict cache was bounded, the live heap of cachesync/random-ops:fixed
// grew by about 50 bytes a schedule (4 MB over 80,000 schedules); a
// scenario without a model stayed flat. The live heap (after a collection)
// is sampled from the progress callback once the verdict cache is warm;
// wall time is not measured. The 2M schedules run without -short;
// -short runs 30,000 (the pooled buffers and the bounded cache reach their
// size in the first few thousand).
func TestLongModelCheckedRunHoldsMemoryFlat(t *testing.T) {
	warm, total := 400_000, 2_000_000
	if testing.Short() {
		warm, total = 10_000, 30_000
	}
	var before, after uint64
	sample := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	run, err := explore.Explore(context.Background(), target(t, "cachesync/random-ops:fixed"), explore.Config{Seed: 1, Schedules: total, Workers: 1,
		Progress: func(done, _ int) {
			switch done {
			case warm:
				before = sample()
			case total:
				after = sample()
			}
		}})
	require.NoError(t, err)
	require.Equal(t, total, run.Schedules)
	require.NotZero(t, before)
	grew := int64(after) - int64(before)
	assert.Less(t, grew, int64(512<<10), "the live heap grew by %d KB over %d schedules", grew/1024, total-warm)
	t.Logf("live heap %d KB after %d schedules, %d KB after %d", before/1024, warm, after/1024, total)
}
