package sim_test

import (
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// counter is written once against sim.Runtime and run both ways.
func counter(rt sim.Runtime, guarded bool, workers, incs int) *int {
	n := new(int)
	mu := rt.NewMutex("mu")
	wg := rt.NewWaitGroup("wg")
	for i := range workers {
		wg.Add(1)
		rt.Go("worker", func() {
			defer wg.Done()
			for range incs {
				id := rt.Begin(i, "inc")
				if guarded {
					mu.Lock()
				}
				v := *n
				rt.Yield("between load and store")
				*n = v + 1
				if guarded {
					mu.Unlock()
				}
				rt.End(id, "ok")
			}
		})
	}
	wg.Wait()
	return n
}

func TestOneSourceRunsNativelyAndSimulated(t *testing.T) {
	var got int
	res := sim.RunNative(sim.NativeOptions{Seed: 1, StressRate: 0.2, MaxStressSleep: 20 * time.Microsecond}, func(rt sim.Runtime) {
		got = *counter(rt, true, 4, 50)
	})
	require.Empty(t, res.Findings)
	assert.Equal(t, 200, got)
	assert.Len(t, res.History, 200)
	for _, op := range res.History {
		assert.Less(t, op.Call, op.Return)
	}

	simRes := sim.Run(sim.Options{Source: sim.Random(1)}, func(w *sim.World) {
		got = *counter(w.Runtime(), true, 4, 5)
	})
	require.False(t, simRes.Failed(), "%v", simRes.Findings)
	assert.Equal(t, 20, got)
	assert.Len(t, simRes.History, 20)
}

func TestNativeReentrantMutexAndPanics(t *testing.T) {
	res := sim.RunNative(sim.NativeOptions{}, func(rt sim.Runtime) {
		m := rt.NewReentrantMutex("r")
		wg := rt.NewWaitGroup("wg")
		total := 0
		for range 4 {
			wg.Add(1)
			rt.Go("w", func() {
				defer wg.Done()
				for range 100 {
					m.Lock()
					m.Lock()
					total++
					m.Unlock()
					m.Unlock()
				}
			})
		}
		wg.Wait()
		if total != 400 {
			panic("reentrant mutex let two holders in")
		}
		wg.Add(1)
		rt.Go("bad", func() { defer wg.Done(); m.Unlock() })
		wg.Wait()
	})
	require.Len(t, res.Findings, 1)
	assert.Equal(t, sim.Panic, res.Findings[0].Kind)
	assert.Contains(t, res.Findings[0].Message, "not held by this goroutine")
}
