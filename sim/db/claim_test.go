package db_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
	"github.com/stretchr/testify/assert"
)

// claim is one worker's attempt to take job 1; it reports whether this
// worker believes it took it.
type claim func(d *db.DB, c *db.Conn) bool

// claims run by two workers: the job must be taken exactly once, and the
// stored owner must be the one worker that believes it took it.
func claimRace(claim claim, dialect db.Dialect) func(w *sim.World) bool {
	return func(w *sim.World) bool {
		d := db.New(w, "db")
		d.Configure(db.Settings{Dialect: dialect})
		d.Seed("jobs", "1", db.Row{"state": "queued", "owner": ""})
		won := map[string]bool{}
		wg := w.NewWaitGroup("workers")
		for _, me := range []string{"a", "b"} {
			wg.Go(me, func() { won[me] = claim(d, d.Open(me)) })
		}
		wg.Wait()
		r, _ := d.Peek("jobs", "1")
		winners := 0
		for _, me := range []string{"a", "b"} {
			if won[me] {
				winners++
				if r["owner"] != me {
					return true
				}
			}
		}
		return winners != 1
	}
}

// insertRace: two workers each claim a key by inserting it; exactly one
// must believe it did.
func insertRace(claim claim, dialect db.Dialect) func(w *sim.World) bool {
	return func(w *sim.World) bool {
		d := db.New(w, "db")
		d.Configure(db.Settings{Dialect: dialect})
		won := 0
		wg := w.NewWaitGroup("workers")
		for _, me := range []string{"a", "b"} {
			wg.Go(me, func() {
				if claim(d, d.Open(me)) {
					won++
				}
			})
		}
		wg.Wait()
		return won != 1 || len(d.PeekScan("claims")) != 1
	}
}

func TestCorrectClaimsAreCleanAndRacyOnesFound(t *testing.T) {
	tests := []struct {
		name string
		race func(claim, db.Dialect) func(*sim.World) bool
		// correct is the claim as production code writes it; racy reads,
		// then writes back.
		correct, racy claim
	}{
		{
			name: "conditional update in a read committed transaction",
			race: claimRace,
			correct: func(d *db.DB, c *db.Conn) bool {
				tx := c.Begin(db.ReadCommitted)
				n, err := tx.Update("jobs", "1", db.Row{"state": "running", "owner": c.Name()}, db.Eq("state", "queued"))
				return err == nil && n == 1 && tx.Commit() == nil
			},
			racy: func(d *db.DB, c *db.Conn) bool {
				tx := c.Begin(db.ReadCommitted)
				r, _, err := tx.Get("jobs", "1")
				if err != nil || r["state"] != "queued" {
					tx.Rollback()
					return false
				}
				_, err = tx.Update("jobs", "1", db.Row{"state": "running", "owner": c.Name()})
				return err == nil && tx.Commit() == nil
			},
		},
		{
			name: "insert of a unique key",
			race: insertRace,
			correct: func(d *db.DB, c *db.Conn) bool {
				tx := c.Begin(db.ReadCommitted)
				if err := tx.Insert("claims", "job1", db.Row{"owner": c.Name()}); err != nil {
					tx.Rollback()
					return false
				}
				return tx.Commit() == nil
			},
			racy: func(d *db.DB, c *db.Conn) bool {
				tx := c.Begin(db.ReadCommitted)
				if _, ok, err := tx.Get("claims", "job1"); err != nil || ok {
					tx.Rollback()
					return false
				}
				_, err := tx.Upsert("claims", "job1", db.Row{"owner": c.Name()}, db.Row{"owner": c.Name()})
				return err == nil && tx.Commit() == nil
			},
		},
		{
			name: "upsert that reports whether it inserted",
			race: insertRace,
			correct: func(d *db.DB, c *db.Conn) bool {
				tx := c.Begin(db.ReadCommitted)
				inserted, err := tx.Upsert("claims", "job1", db.Row{"owner": c.Name()}, db.Row{"seen": true})
				return err == nil && tx.Commit() == nil && inserted
			},
			racy: func(d *db.DB, c *db.Conn) bool {
				tx := c.Begin(db.ReadCommitted)
				if _, ok, err := tx.Get("claims", "job1"); err != nil || ok {
					tx.Rollback()
					return false
				}
				_, err := tx.Upsert("claims", "job1", db.Row{"owner": c.Name()}, db.Row{"owner": c.Name()})
				return err == nil && tx.Commit() == nil
			},
		},
	}
	for _, tt := range tests {
		for _, dialect := range []db.Dialect{db.PostgreSQL, db.MySQL} {
			t.Run(tt.name+"/"+dialect.String(), func(t *testing.T) {
				runs, hits := explore(t, tt.race(tt.correct, dialect))
				assert.Zero(t, hits, "correct: clean over all %d schedules", runs)
				racyRuns, racyHits := explore(t, tt.race(tt.racy, dialect))
				assert.Positive(t, racyHits, "racy: found in some of %d schedules", racyRuns)
				t.Logf("dfs bound 2: correct clean over all %d schedules; racy found in %d of %d", runs, racyHits, racyRuns)
			})
		}
	}
}

// Two transactions lock two rows in opposite orders: one is the victim of
// the deadlock, the other commits, whichever the decision picked.
func TestDeadlockVictimIsADecision(t *testing.T) {
	victims := map[string]int{}
	d := sim.NewDFS(2)
	for src, ok := d.Next(); ok; src, ok = d.Next() {
		var errs [2]error
		res := sim.Run(sim.Options{Source: src}, func(w *sim.World) {
			d := db.New(w, "db")
			d.Configure(db.Settings{Dialect: db.MySQL})
			d.Seed("t", "x", db.Row{"v": 0})
			d.Seed("t", "y", db.Row{"v": 0})
			wg := w.NewWaitGroup("wg")
			for i, order := range [][2]string{{"x", "y"}, {"y", "x"}} {
				wg.Go(fmt.Sprint("t", i), func() {
					tx := d.Open(fmt.Sprint("c", i)).Begin(db.ReadCommitted)
					for _, k := range order {
						if _, errs[i] = tx.Update("t", k, db.Row{"v": i}); errs[i] != nil {
							return
						}
					}
					errs[i] = tx.Commit()
				})
			}
			wg.Wait()
		})
		if !assert.False(t, res.Failed(), "%v %v", res.Err, res.Findings) {
			return
		}
		logged := slices.ContainsFunc(res.Log, func(e sim.Event) bool { return strings.HasPrefix(e.Label, "db deadlock: c") })
		assert.Equal(t, errors.Is(errs[0], db.ErrDeadlock) || errors.Is(errs[1], db.ErrDeadlock), logged, "the deadlock is in the event log")
		switch {
		case errors.Is(errs[0], db.ErrDeadlock) && errs[1] == nil:
			victims["c0"]++
		case errors.Is(errs[1], db.ErrDeadlock) && errs[0] == nil:
			victims["c1"]++
		case errs[0] == nil && errs[1] == nil:
			victims["none"]++
		case (errors.Is(errs[0], db.ErrLockTimeout) || errors.Is(errs[1], db.ErrLockTimeout)) &&
			(errs[0] == nil || errors.Is(errs[0], db.ErrLockTimeout)) && (errs[1] == nil || errors.Is(errs[1], db.ErrLockTimeout)):
			// A lock wait timed out while the holder was runnable but slow
			// (a timer preemption), and the statement failed but kept its
			// transaction's locks, as MySQL does.
			victims["timeout"]++
		default:
			t.Fatalf("unexpected outcome %v", errs)
		}
	}
	assert.Positive(t, victims["c0"])
	assert.Positive(t, victims["c1"])
	t.Log(victims)
}
