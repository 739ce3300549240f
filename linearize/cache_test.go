package linearize_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// liveHeap is the heap still in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// A long model-checked exploration sees a new history in nearly every
// schedule. The checker's memory must stay flat however many it checks: the
// live heap after 6 cache limits' worth of distinct histories is what it
// was after 2, within 256 KB (an unbounded cache grows by about 850 KB more).
func TestVerdictCacheKeepsMemoryFlat(t *testing.T) {
	c := linearize.NewChecker(model.Register.Porcupine(), time.Second)
	check := func(from, to int) {
		for i := from; i < to; i++ {
			h := []sim.Op{op(0, w(i), 0, 0, 1), op(1, r, i, 2, 3)} // distinct for every i
			res, err := c.Check(h)
			require.NoError(t, err)
			require.Equal(t, linearize.Ok, res.Verdict)
		}
	}
	warm := 2 * linearize.CacheLimit
	check(0, warm)
	before := liveHeap()
	check(warm, 6*linearize.CacheLimit)
	after := liveHeap()
	assert.LessOrEqual(t, c.CacheSize(), linearize.CacheLimit)
	grew := int64(after) - int64(before)
	assert.Less(t, grew, int64(256<<10), "the live heap grew by %d KB over %d more histories", grew/1024, 6*linearize.CacheLimit)
	t.Logf("live heap %d KB -> %d KB", before/1024, after/1024)
}

// The cache keeps what recurs: a history checked again after many others
// is still answered from it.
func TestVerdictCacheKeepsWhatRecurs(t *testing.T) {
	c := linearize.NewChecker(model.Register.Porcupine(), time.Second)
	hot := []sim.Op{op(0, w(-1), 0, 0, 1), op(1, r, -1, 2, 3)}
	for i := range 3 * linearize.CacheLimit {
		if i%100 == 0 {
			res, err := c.Check(hot)
			require.NoError(t, err)
			if i > 0 {
				require.Equal(t, 1, res.Cached, "after %d other histories", i)
			}
		}
		_, err := c.Check([]sim.Op{op(0, w(i), 0, 0, 1), op(1, r, i, 2, 3)})
		require.NoError(t, err)
	}
}
