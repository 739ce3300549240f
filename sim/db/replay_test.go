package db_test

import (
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/cache"
	"github.com/racelab/racelab/sim/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// backendProgram uses both backends from two threads.
func backendProgram(w *sim.World) {
	d := db.New(w, "db")
	c := cache.New(w, "cache")
	wg := w.NewWaitGroup("wg")
	for _, name := range []string{"a", "b"} {
		wg.Go(name, func() {
			conn := d.Open(name)
			for i := range 3 {
				c.Add("gen", int64(1), 0)
				c.Incr("gen", 1)
				conn.Lock("l", 0)
				tx := conn.Begin(db.Serializable)
				tx.Upsert("t", "k", db.Row{"v": i}, db.Row{"v": i})
				tx.Commit()
				conn.Unlock("l")
				if !conn.Alive() {
					conn.Reconnect()
				}
			}
		})
	}
	wg.Wait()
}

func TestEveryFaultKindReplaysToTheSameHash(t *testing.T) {
	for _, kind := range []sim.FaultKind{cache.FaultError, cache.FaultLostReply, db.FaultDisconnect, db.FaultSerialization, db.FaultCommitUnknown, sim.FaultCrash, sim.FaultSleep} {
		t.Run(string(kind), func(t *testing.T) {
			faults := sim.FaultPlan{Rules: []sim.FaultRule{{Kind: kind, Rate: 0.3, Budget: 3}}}
			injected := 0
			for s := range uint64(10) {
				res := sim.Run(sim.Options{Source: sim.Random(s), Faults: faults}, backendProgram)
				require.NoError(t, res.Err)
				injected += res.Faults
				again := sim.Run(sim.Options{Source: sim.Replay(res.Decisions), Faults: faults}, backendProgram)
				require.NoError(t, again.Err)
				assert.Equal(t, sim.FormatHash(res.Hash), sim.FormatHash(again.Hash), "seed %d", s)
			}
			assert.Positive(t, injected, "the fault kind was injected")
		})
	}
}
