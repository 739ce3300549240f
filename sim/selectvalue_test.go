package sim_test

import (
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// SelectValue lets a worker loop return from inside its cases; it sees
// every job and then the close, under every schedule.
func TestSelectValueReturnsIndexAndValue(t *testing.T) {
	everySchedule(t, -1, func(w *sim.World) {
		jobs := sim.NewChan[int](w, "jobs", 1)
		quit := sim.NewChan[struct{}](w, "quit", 0)
		sum := 0
		wg := w.NewWaitGroup("wg")
		wg.Go("worker", func() {
			for {
				switch i, v, ok := w.SelectValue(sim.OnRecv(jobs, nil), sim.OnRecv(quit, nil)); i {
				case 0:
					if !ok {
						return
					}
					sum += sim.As[int](v)
				case 1:
					w.Fail("invariant", "quit chosen")
					return
				}
			}
		})
		jobs.Send(2)
		jobs.Send(3)
		jobs.Close()
		wg.Wait()
		if sum != 5 {
			w.Fail("invariant", "sum = %d", sum)
		}
	})
}

func TestSelectValueDefaultAndSendCase(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		c := sim.NewChan[int](w, "c", 1)
		i, v, ok := w.SelectValueDefault(sim.OnRecv(c, nil))
		assert.Equal(t, -1, i)
		assert.Nil(t, v)
		assert.False(t, ok)
		i, _, _ = w.SelectValueDefault(sim.OnSend(c, 7, nil))
		assert.Equal(t, 0, i)
		i, v, ok = w.SelectValue(sim.OnRecv(c, nil))
		assert.Equal(t, 0, i)
		assert.Equal(t, 7, sim.As[int](v))
		assert.True(t, ok)
		assert.Equal(t, 0, sim.As[int](nil))
	})
	require.NoError(t, res.Err)
	assert.Empty(t, res.Findings)
}

// A blocked select names every case's channel and says which are nil.
func TestBlockedSelectNamesItsChannels(t *testing.T) {
	for name, tc := range map[string]struct {
		prog func(w *sim.World)
		want string
	}{
		"mixed": {func(w *sim.World) {
			var none *sim.Chan[int]
			w.Select(sim.OnRecv(sim.NewChan[int](w, "in", 0), nil), sim.OnSend(none, 1, nil),
				sim.OnRecv(sim.NilChan[int](w, "gone"), nil))
		}, "select on recv in, send nil, recv gone (nil)"},
		"all nil": {func(w *sim.World) {
			var none *sim.Chan[int]
			w.Select(sim.OnRecv(none, nil))
		}, "select on recv nil (every channel nil: forever)"},
	} {
		t.Run(name, func(t *testing.T) {
			res := sim.Run(sim.Options{}, tc.prog)
			require.Len(t, res.Findings, 1)
			f := res.Findings[0]
			assert.Equal(t, sim.Deadlock, f.Kind)
			require.Len(t, f.Blocked, 1)
			assert.Equal(t, tc.want, f.Blocked[0].WaitsOn)
		})
	}
}
