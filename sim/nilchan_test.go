package sim_test

import (
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A nil *Chan (a channel field never set, or set to nil) blocks forever,
// as in Go: a goroutine receiving from it is a deadlock, not a crash.
func TestNilChanBlocksForever(t *testing.T) {
	for name, op := range map[string]func(ch *sim.Chan[int]){
		"recv": func(ch *sim.Chan[int]) { ch.Recv() },
		"send": func(ch *sim.Chan[int]) { ch.Send(1) },
	} {
		t.Run(name, func(t *testing.T) {
			res := sim.Run(sim.Options{}, func(w *sim.World) {
				var ch *sim.Chan[int]
				wg := w.NewWaitGroup("wg")
				wg.Go("worker", func() { op(ch) })
				wg.Wait()
			})
			require.NoError(t, res.Err)
			require.Len(t, res.Findings, 1)
			f := res.Findings[0]
			assert.Equal(t, sim.Deadlock, f.Kind)
			assert.Contains(t, f.Message, "nil")
		})
	}
}

func TestNilChanRecvTimeoutTimesOut(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		var ch *sim.Chan[int]
		_, ok, timedOut := ch.RecvTimeout(time.Millisecond)
		assert.False(t, ok)
		assert.True(t, timedOut)
		assert.Equal(t, 0, ch.Len())
	})
	require.NoError(t, res.Err)
	assert.Empty(t, res.Findings)
}

func TestCloseOfNilChanIsMisuseWithGoText(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		var ch *sim.Chan[int]
		ch.Close()
	})
	require.Len(t, res.Findings, 1)
	assert.Equal(t, sim.Misuse, res.Findings[0].Kind)
	assert.Contains(t, res.Findings[0].Message, "close of nil channel")
}

func TestNilChanCaseIsNeverReadyInSelect(t *testing.T) {
	everySchedule(t, -1, func(w *sim.World) {
		var ch *sim.Chan[int]
		if i := w.SelectDefault(sim.OnRecv(ch, nil), sim.OnSend(ch, 1, nil)); i != -1 {
			w.Fail("invariant", "case %d of a nil channel was chosen", i)
		}
	})
}

// The deadlock message gives the WaitGroup's counter as it is when the
// deadlock is reported, not when the waiter blocked; Done is logged as
// such.
func TestWaitGroupDeadlockShowsLiveCountAndDone(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		var never *sim.Chan[int]
		wg := w.NewWaitGroup("wg")
		wg.Add(2)
		w.Go("stuck", func() { never.Recv() })
		w.Go("quick", func() { w.Yield("work"); wg.Done() })
		wg.Wait()
	})
	require.Len(t, res.Findings, 1)
	f := res.Findings[0]
	assert.Equal(t, sim.Deadlock, f.Kind)
	var main string
	for _, b := range f.Blocked {
		if b.Name == "main" {
			main = b.WaitsOn
		}
	}
	assert.Equal(t, "waitgroup wg (1 left)", main)
	done := false
	for _, ev := range res.Log {
		done = done || (ev.Name == "quick" && ev.Label == "wg done wg")
	}
	assert.True(t, done, "quick's Done is logged as wg done")
}
