package db_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// explore runs prog under every schedule with at most two preemptions and
// returns how many runs report true.
func explore(t *testing.T, prog func(w *sim.World) bool) (runs, hits int) {
	t.Helper()
	d := sim.NewDFS(2)
	for src, ok := d.Next(); ok; src, ok = d.Next() {
		hit := false
		res := sim.Run(sim.Options{Source: src}, func(w *sim.World) { hit = prog(w) })
		require.False(t, res.Failed(), "%v %v", res.Err, res.Findings)
		runs++
		if hit {
			hits++
		}
	}
	return runs, hits
}

// increment adds one to counter/c, in a transaction of the given level,
// retrying serialization failures when retry is set.
func increment(d *db.DB, name string, iso db.Isolation, retry bool) func() {
	return func() {
		c := d.Open(name)
		for {
			tx := c.Begin(iso)
			row, _, err := tx.Get("counter", "c")
			if err == nil {
				_, err = tx.Update("counter", "c", db.Row{"n": row["n"].(int) + 1})
			}
			if err == nil {
				err = tx.Commit()
			}
			if err == nil || !retry || !errors.Is(err, db.ErrSerialization) {
				return
			}
		}
	}
}

func TestLostUpdateUnderReadCommittedOnly(t *testing.T) {
	lost := func(iso db.Isolation, retry bool) func(w *sim.World) bool {
		return func(w *sim.World) bool {
			d := db.New(w, "db")
			d.Seed("counter", "c", db.Row{"n": 0})
			wg := w.NewWaitGroup("wg")
			wg.Go("a", increment(d, "a", iso, retry))
			wg.Go("b", increment(d, "b", iso, retry))
			wg.Wait()
			r, _ := d.Peek("counter", "c")
			return r["n"] != 2
		}
	}
	runs, hits := explore(t, lost(db.ReadCommitted, false))
	assert.Positive(t, hits, "ReadCommitted: some schedule loses an update (%d runs)", runs)
	runs, hits = explore(t, lost(db.Serializable, true))
	assert.Zero(t, hits, "Serializable with retry: no schedule of %d loses an update", runs)
}

func TestWriteSkewRejectedUnderSerializable(t *testing.T) {
	// Two doctors on call; each goes off call if the other is still on.
	skew := func(iso db.Isolation) func(w *sim.World) bool {
		return func(w *sim.World) bool {
			d := db.New(w, "db")
			d.Seed("oncall", "alice", db.Row{"on": true})
			d.Seed("oncall", "bob", db.Row{"on": true})
			wg := w.NewWaitGroup("wg")
			for _, me := range []string{"alice", "bob"} {
				wg.Go(me, func() {
					tx := d.Open(me).Begin(iso)
					rows, err := tx.Scan("oncall", db.Eq("on", true))
					if err != nil || len(rows) < 2 {
						tx.Rollback()
						return
					}
					if _, err := tx.Update("oncall", me, db.Row{"on": false}); err == nil {
						tx.Commit()
					}
				})
			}
			wg.Wait()
			return len(d.PeekScan("oncall", db.Eq("on", true))) == 0
		}
	}
	_, hits := explore(t, skew(db.ReadCommitted))
	assert.Positive(t, hits, "ReadCommitted allows write skew")
	runs, hits := explore(t, skew(db.Serializable))
	assert.Zero(t, hits, "Serializable rejects it in all %d schedules", runs)
}

func TestPhantomInsertConflicts(t *testing.T) {
	// Each inserts a booking if the slot has none: a phantom, not a row
	// either read, is what the other changes.
	phantom := func(iso db.Isolation) func(w *sim.World) bool {
		return func(w *sim.World) bool {
			d := db.New(w, "db")
			wg := w.NewWaitGroup("wg")
			for _, me := range []string{"a", "b"} {
				wg.Go(me, func() {
					tx := d.Open(me).Begin(iso)
					rows, err := tx.Scan("bookings", db.Eq("slot", 9))
					if err != nil || len(rows) > 0 {
						tx.Rollback()
						return
					}
					if tx.Insert("bookings", me, db.Row{"slot": 9}) == nil {
						tx.Commit()
					}
				})
			}
			wg.Wait()
			return len(d.PeekScan("bookings", db.Eq("slot", 9))) > 1
		}
	}
	_, hits := explore(t, phantom(db.ReadCommitted))
	assert.Positive(t, hits)
	_, hits = explore(t, phantom(db.Serializable))
	assert.Zero(t, hits)
}

func TestNamedLockReleasedOnDisconnectGoesToTheWaiter(t *testing.T) {
	var got []string
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		d := db.New(w, "db")
		holder := d.Open("holder")
		ok, err := holder.Lock("repo.write", time.Second)
		require.True(t, ok)
		require.NoError(t, err)
		w.Go("waiter", func() {
			c := d.Open("waiter")
			ok, err := c.Lock("repo.write", time.Minute)
			got = append(got, fmt.Sprintf("waiter ok=%v err=%v at %v owner=%s", ok, err, w.Elapsed(), d.LockOwner("repo.write")))
		})
		w.Sleep(10 * time.Second)
		holder.Kill() // the database restarts
		_, _, err = holder.Auto().Get("t", "k")
		got = append(got, fmt.Sprintf("holder: %v", err))
		holder.Reconnect()
		_, _, err = holder.Auto().Get("t", "k")
		got = append(got, fmt.Sprintf("holder after reconnect: %v holds=%v", err, holder.HoldsLock("repo.write")))
	})
	require.False(t, res.Failed(), "%v", res.Findings)
	assert.Equal(t, []string{
		"waiter ok=true err=<nil> at 10s owner=waiter",
		"holder: db: connection lost",
		"holder after reconnect: <nil> holds=false",
	}, got)
}

func TestLockWaitTimesOutOnTheVirtualClock(t *testing.T) {
	var at time.Duration
	var ok bool
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		d := db.New(w, "db")
		d.Open("holder").Lock("l", 0)
		ok, _ = d.Open("waiter").Lock("l", 1500*time.Millisecond)
		at = w.Elapsed()
	})
	require.False(t, res.Failed())
	assert.False(t, ok)
	assert.Equal(t, 1500*time.Millisecond, at)
}

func TestLockIsReentrantPerConnectionAndReleasedByClose(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		d := db.New(w, "db")
		a := d.Open("a")
		a.Lock("l", 0)
		ok, _ := a.Lock("l", 0)
		require.True(t, ok)
		a.Unlock("l")
		require.Equal(t, "a", d.LockOwner("l"), "one unlock of two")
		a.Close()
		require.Equal(t, "", d.LockOwner("l"))
		_, _, err := a.Auto().Get("t", "k")
		require.ErrorIs(t, err, db.ErrClosed)
	})
	require.False(t, res.Failed(), "%v", res.Findings)
}

func plan(kind sim.FaultKind) sim.FaultPlan {
	return sim.FaultPlan{Rules: []sim.FaultRule{{Kind: kind, Rate: 1, Budget: 1}}}
}

func TestCommitUnknownAppliesExactlyOnce(t *testing.T) {
	var errs []error
	var n any
	res := sim.Run(sim.Options{Faults: plan(db.FaultCommitUnknown)}, func(w *sim.World) {
		d := db.New(w, "db")
		d.Seed("counter", "c", db.Row{"n": 0})
		c := d.Open("client")
		tx := c.Begin(db.Serializable)
		row, _, err := tx.Get("counter", "c")
		errs = append(errs, err)
		_, err = tx.Update("counter", "c", db.Row{"n": row["n"].(int) + 1})
		errs = append(errs, err)
		errs = append(errs, tx.Commit())
		r, _ := d.Peek("counter", "c")
		n = r["n"]
	})
	require.False(t, res.Failed())
	assert.NoError(t, errs[0])
	assert.NoError(t, errs[1])
	assert.ErrorIs(t, errs[2], db.ErrCommitUnknown)
	assert.ErrorIs(t, errs[2], db.ErrDisconnected)
	assert.Equal(t, 1, n, "applied exactly once")
	assert.Equal(t, 1, res.Faults)
}

func TestFaultsAtStatementsAndCommits(t *testing.T) {
	tests := []struct {
		kind   sim.FaultKind
		want   error
		stored bool
	}{
		{db.FaultDisconnect, db.ErrDisconnected, false},
		{db.FaultSerialization, db.ErrSerialization, false},
		{db.FaultCommitUnknown, db.ErrCommitUnknown, true},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			var err error
			var stored, alive bool
			res := sim.Run(sim.Options{Faults: plan(tt.kind)}, func(w *sim.World) {
				d := db.New(w, "db")
				c := d.Open("c")
				err = c.Auto().Insert("t", "k", db.Row{"v": 1})
				_, stored = d.Peek("t", "k")
				alive = c.Alive()
			})
			require.False(t, res.Failed())
			assert.ErrorIs(t, err, tt.want)
			assert.Equal(t, tt.stored, stored)
			assert.Equal(t, tt.kind == db.FaultSerialization, alive, "a serialization failure keeps the connection")
		})
	}
}

func TestDisconnectRollsBackTheOpenTransaction(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		d := db.New(w, "db")
		c := d.Open("c")
		tx := c.Begin(db.ReadCommitted)
		require.NoError(t, tx.Insert("t", "k", db.Row{"v": 1}))
		c.Kill()
		require.ErrorIs(t, tx.Commit(), db.ErrDisconnected)
		c.Reconnect()
		require.ErrorIs(t, tx.Commit(), db.ErrTxDone)
		_, ok := d.Peek("t", "k")
		require.False(t, ok)
	})
	require.False(t, res.Failed(), "%v", res.Findings)
}

func TestCrashedThreadDropsItsConnection(t *testing.T) {
	freed := false
	for s := range uint64(30) {
		res := sim.Run(sim.Options{Source: sim.Random(s), Faults: sim.FaultPlan{Rules: []sim.FaultRule{{Kind: sim.FaultCrash, Rate: 0.5, Budget: 1}}}},
			func(w *sim.World) {
				d := db.New(w, "db")
				w.Go("worker", func() {
					c := d.Open("worker")
					c.Lock("job", 0)
					c.Auto().Insert("t", "k", db.Row{})
					c.Unlock("job")
				})
				w.Go("other", func() {
					if ok, _ := d.Open("other").Lock("job", time.Hour); ok {
						freed = true
					}
				})
			})
		require.False(t, res.Failed(), "seed %d: %v", s, res.Findings)
	}
	assert.True(t, freed)
}

func TestScanSeesOwnWritesInKeyOrder(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		d := db.New(w, "db")
		d.Seed("ops", "d1/UNPACK", db.Row{"ds": "d1", "state": "READY"})
		d.Seed("ops", "d2/INDEX", db.Row{"ds": "d2", "state": "READY"})
		tx := d.Open("c").Begin(db.Serializable)
		tx.Insert("ops", "d1/BACKUP", db.Row{"ds": "d1", "state": "READY"})
		tx.Delete("ops", "d1/UNPACK")
		rows, err := tx.Scan("ops", db.In("ds", "d1", "d2"), db.Eq("state", "READY"))
		require.NoError(t, err)
		require.Len(t, rows, 2)
		assert.Equal(t, "d1", rows[0]["ds"])
		assert.Equal(t, "d2", rows[1]["ds"])
		n, err := tx.DeleteWhere("ops", db.Eq("ds", "d2"))
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		inserted, err := tx.Upsert("ops", "d1/BACKUP", db.Row{"ds": "d1", "state": "READY"}, db.Row{"state": "OK"})
		require.NoError(t, err)
		assert.False(t, inserted)
		n, err = tx.Update("ops", "d1/BACKUP", db.Row{"state": "FAILED"}, db.Eq("state", "READY"))
		require.NoError(t, err)
		assert.Zero(t, n, "the condition no longer holds")
		require.NoError(t, tx.Commit())
		r, _ := d.Peek("ops", "d1/BACKUP")
		assert.Equal(t, "OK", r["state"])
		assert.Len(t, d.PeekScan("ops"), 1)
	})
	require.False(t, res.Failed(), "%v", res.Findings)
}

// A thread crashed while it holds a named lock, whose deferred Unlock runs
// while it unwinds: the lock must be freed by the crash (its connection
// drops) and the database must stay usable.
func TestCrashWithADeferredUnlock(t *testing.T) {
	for s := range uint64(40) {
		res := sim.Run(sim.Options{Source: sim.Random(s), Faults: sim.FaultPlan{Rules: []sim.FaultRule{{Kind: sim.FaultCrash, Rate: 0.3, Budget: 2}}}},
			func(w *sim.World) {
				w.Protect()
				d := db.New(w, "db")
				for i := range 2 {
					w.Go(fmt.Sprint("worker", i), func() {
						c := d.Open(fmt.Sprint("c", i))
						defer c.Close()
						if ok, _ := c.Lock("job", time.Second); ok {
							defer c.Unlock("job")
							c.Auto().Insert("t", fmt.Sprint(i), db.Row{})
						}
					})
				}
				w.Quiesce()
				if owner := d.LockOwner("job"); owner != "" {
					w.Fail("invariant", "the lock is still held by %s", owner)
				}
			})
		require.False(t, res.Failed(), "seed %d: %v %v", s, res.Err, res.Findings)
	}
}
