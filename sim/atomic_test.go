package sim_test

import (
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Add is indivisible: no schedule loses an increment, where the same
// program written with Load then Store loses one (TestLostUpdate...).
func TestAtomicAddLosesNoIncrementUnderEverySchedule(t *testing.T) {
	runs := everySchedule(t, -1, func(w *sim.World) {
		n := sim.NewInt64(w, "n", 0)
		wg := w.NewWaitGroup("wg")
		for range 3 {
			wg.Go("inc", func() { n.Add(1) })
		}
		wg.Wait()
		if got := n.Load(); got != 3 {
			w.Fail("invariant", "n = %d", got)
		}
	})
	assert.Greater(t, runs, 1)
}

// A CompareAndSwap retry loop is a correct increment, and a failed
// CompareAndSwap stores nothing.
func TestCompareAndSwapLoopIncrementsOncePerThread(t *testing.T) {
	everySchedule(t, 3, func(w *sim.World) {
		n := sim.NewUint32(w, "n", 0)
		failed := sim.NewInt32(w, "failed", 0)
		wg := w.NewWaitGroup("wg")
		for range 2 {
			wg.Go("inc", func() {
				for {
					old := n.Load()
					if n.CompareAndSwap(old, old+1) {
						return
					}
					failed.Add(1)
				}
			})
		}
		wg.Wait()
		if got := n.Load(); got != 2 {
			w.Fail("invariant", "n = %d after %d failed CAS", got, failed.Load())
		}
	})
}

// Some schedule makes a CompareAndSwap fail: the test above checks the
// retry, not a program in which every CAS trivially succeeds.
func TestCompareAndSwapFailsInSomeSchedule(t *testing.T) {
	f := findUnderDFS(t, func(w *sim.World) {
		n := sim.NewVar(w, "n", 0)
		wg := w.NewWaitGroup("wg")
		for range 2 {
			wg.Go("inc", func() {
				if !sim.CompareAndSwapVar(n, n.Load(), n.Peek()+1) {
					w.Fail("cas", "lost")
				}
			})
		}
		wg.Wait()
	})
	require.NotNil(t, f)
	assert.Contains(t, f.Message, "lost")
}

func TestSwapReturnsOldValueAndTypedFormsMatchSyncAtomic(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		b := sim.NewBool(w, "b", false)
		assert.False(t, b.Swap(true))
		assert.True(t, b.Load())
		assert.False(t, b.CompareAndSwap(false, true))
		u := sim.NewUint64(w, "u", 5)
		assert.Equal(t, uint64(4), u.Add(^uint64(0)))
		x, y := 1, 2
		p := sim.NewPointer(w, "p", &x)
		assert.Same(t, &x, p.Swap(&y))
		assert.True(t, p.CompareAndSwap(&y, &x))
		assert.Same(t, &x, p.Load())
		v := sim.NewVar(w, "v", "a")
		assert.Equal(t, "a", v.Swap("b"))
		assert.Equal(t, 7, sim.AddVar(sim.NewVar(w, "i", 3), 4))
		val := sim.NewValue(w, "val")
		assert.Nil(t, val.Load())
		assert.False(t, val.CompareAndSwap("x", "y")) // empty: only old == nil may swap
		assert.True(t, val.CompareAndSwap(nil, "y"))
		assert.Equal(t, "y", val.Swap("z"))
	})
	require.NoError(t, res.Err)
	assert.Empty(t, res.Findings)
}

// atomic.Value's misuse panics reach the finding with sync/atomic's text.
func TestValueMisusePanicsWithGoText(t *testing.T) {
	for name, tc := range map[string]struct {
		op   func(v *sim.Value)
		text string
	}{
		"nil store":        {func(v *sim.Value) { v.Store(nil) }, "sync/atomic: store of nil value into Value"},
		"inconsistent":     {func(v *sim.Value) { v.Store(1); v.Store("one") }, "sync/atomic: store of inconsistently typed value into Value"},
		"nil swap":         {func(v *sim.Value) { v.Swap(nil) }, "sync/atomic: swap of nil value into Value"},
		"inconsistent cas": {func(v *sim.Value) { v.CompareAndSwap(1, "one") }, "sync/atomic: compare and swap of inconsistently typed values"},
	} {
		t.Run(name, func(t *testing.T) {
			res := sim.Run(sim.Options{}, func(w *sim.World) { tc.op(sim.NewValue(w, "cfg")) })
			require.Len(t, res.Findings, 1)
			assert.Equal(t, sim.Panic, res.Findings[0].Kind)
			assert.Contains(t, res.Findings[0].Message, tc.text)
		})
	}
}
