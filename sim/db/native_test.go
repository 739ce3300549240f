package db_test

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The same database on real goroutines: serializable increments with retry
// lose nothing, named locks exclude, and a lock wait times out in real time.
func TestDatabaseRunsNatively(t *testing.T) {
	var final any
	inside, most := atomic.Int32{}, atomic.Int32{}
	timedOut := false
	res := sim.RunNative(sim.NativeOptions{Seed: 1, StressRate: 0.5, MaxStressSleep: 20 * time.Microsecond}, func(rt sim.Runtime) {
		d := db.New(rt, "db")
		d.Seed("counter", "c", db.Row{"n": 0})
		wg := rt.NewWaitGroup("wg")
		for i := range 8 {
			wg.Add(1)
			rt.Go(fmt.Sprint(i), func() {
				defer wg.Done()
				c := d.Open(fmt.Sprint(i))
				for range 20 {
					for {
						tx := c.Begin(db.Serializable)
						row, _, err := tx.Get("counter", "c")
						if err == nil {
							_, err = tx.Update("counter", "c", db.Row{"n": row["n"].(int) + 1})
						}
						if err == nil {
							err = tx.Commit()
						}
						if !errors.Is(err, db.ErrSerialization) {
							require.NoError(t, err)
							break
						}
					}
					if ok, _ := c.Lock("l", time.Second); ok {
						most.Store(max(most.Load(), inside.Add(1)))
						rt.Yield("holding")
						inside.Add(-1)
						c.Unlock("l")
					}
				}
			})
		}
		wg.Wait()
		r, _ := d.Peek("counter", "c")
		final = r["n"]
		holder := d.Open("holder")
		holder.Lock("busy", 0)
		ok, _ := d.Open("waiter").Lock("busy", 5*time.Millisecond)
		timedOut = !ok
	})
	require.Empty(t, res.Findings)
	assert.Equal(t, 160, final)
	assert.Equal(t, int32(1), most.Load(), "one holder of the named lock at a time")
	assert.True(t, timedOut)
}
