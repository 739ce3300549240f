package db_test

import (
	"errors"
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A row lock wait ends at the lock timeout on the virtual clock; the
// lock-timeout fault ends it at once. PostgreSQL then aborts the
// transaction, MySQL only the statement.
func TestRowLockWaitTimesOut(t *testing.T) {
	for _, tt := range []struct {
		name   string
		faults sim.FaultPlan
		at     time.Duration
	}{
		{"setting", sim.FaultPlan{}, 1500 * time.Millisecond},
		{"fault", plan(db.FaultLockTimeout), 0},
	} {
		for _, dialect := range []db.Dialect{db.PostgreSQL, db.MySQL} {
			t.Run(tt.name+"/"+dialect.String(), func(t *testing.T) {
				var waited, next error
				var at time.Duration
				res := sim.Run(sim.Options{Faults: tt.faults}, func(w *sim.World) {
					d := db.New(w, "db")
					d.Configure(db.Settings{Dialect: dialect, LockTimeout: 1500 * time.Millisecond})
					d.Seed("t", "k", db.Row{"v": 0})
					holder := d.Open("holder").Begin(db.ReadCommitted)
					_, err := holder.Update("t", "k", db.Row{"v": 1})
					require.NoError(t, err)
					tx := d.Open("waiter").Begin(db.ReadCommitted)
					_, waited = tx.Update("t", "k", db.Row{"v": 2})
					at = w.Elapsed()
					_, _, next = tx.Get("t", "k")
					require.NoError(t, holder.Commit())
				})
				require.False(t, res.Failed(), "%v %v", res.Err, res.Findings)
				assert.ErrorIs(t, waited, db.ErrLockTimeout)
				assert.Equal(t, tt.at, at)
				if dialect == db.PostgreSQL {
					assert.ErrorIs(t, next, db.ErrAborted)
				} else {
					assert.NoError(t, next)
				}
			})
		}
	}
}

// On real goroutines a statement blocks on a row lock until the holder
// commits, then re-checks its condition.
func TestRowLockBlocksNatively(t *testing.T) {
	var n int
	var err error
	res := sim.RunNative(sim.NativeOptions{Seed: 1}, func(rt sim.Runtime) {
		d := db.New(rt, "db")
		d.Seed("jobs", "1", db.Row{"state": "queued"})
		first := d.Open("first").Begin(db.ReadCommitted)
		_, err := first.Update("jobs", "1", db.Row{"state": "running"}, db.Eq("state", "queued"))
		require.NoError(t, err)
		done := make(chan struct{})
		go func() {
			defer close(done)
			n, err = d.Open("second").Auto().Update("jobs", "1", db.Row{"state": "running"}, db.Eq("state", "queued"))
		}()
		time.Sleep(20 * time.Millisecond)
		select {
		case <-done:
			t.Error("the second claim did not wait for the first's row lock")
		default:
		}
		require.NoError(t, first.Commit())
		<-done
	})
	require.Empty(t, res.Findings)
	assert.NoError(t, err)
	assert.Zero(t, n, "the condition no longer holds after the wait")
	assert.False(t, errors.Is(err, db.ErrDeadlock))
}
