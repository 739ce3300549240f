package db_test

import (
	"fmt"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
)

// Two workers claim job 1 with a conditional UPDATE: the second waits for
// the first's row lock, re-checks its condition on the committed row and
// matches nothing.
func Example_claim() {
	sim.Run(sim.Options{}, func(w *sim.World) {
		d := db.New(w, "app")
		d.Seed("jobs", "1", db.Row{"state": "queued"})
		first := d.Open("w1").Begin(db.ReadCommitted)
		n, _ := first.Update("jobs", "1", db.Row{"state": "running", "owner": "w1"}, db.Eq("state", "queued"))
		fmt.Println("w1 matched", n)
		done := w.NewWaitGroup("w2")
		done.Go("w2", func() {
			n, err := d.Open("w2").Auto().Update("jobs", "1", db.Row{"state": "running", "owner": "w2"}, db.Eq("state", "queued"))
			fmt.Println("w2 matched", n, err, "at", w.Elapsed())
		})
		w.Sleep(3 * time.Second) // w2 is blocked meanwhile
		fmt.Println("w1 commits:", first.Commit())
		done.Wait()
		r, _ := d.Peek("jobs", "1")
		fmt.Println("owner", r["owner"])
	})
	// Output:
	// w1 matched 1
	// w1 commits: <nil>
	// w2 matched 0 <nil> at 3s
	// owner w1
}

// Two transactions update two rows in opposite orders. The first waiter
// looks for a cycle after deadlock_timeout (1s); which transaction is the
// victim is a decision of the World, here of the default seed: t2, whose
// transaction is then aborted.
func Example_deadlock() {
	sim.Run(sim.Options{}, func(w *sim.World) {
		d := db.New(w, "app")
		d.Seed("t", "x", db.Row{"v": 0})
		d.Seed("t", "y", db.Row{"v": 0})
		t1 := d.Open("c1").Begin(db.ReadCommitted)
		t2 := d.Open("c2").Begin(db.ReadCommitted)
		t1.Update("t", "x", db.Row{"v": 1})
		t2.Update("t", "y", db.Row{"v": 2})
		wg := w.NewWaitGroup("wg")
		wg.Go("t1", func() {
			_, err := t1.Update("t", "y", db.Row{"v": 1})
			fmt.Println("t1:", err, "at", w.Elapsed())
		})
		w.Sleep(100 * time.Millisecond)
		_, err := t2.Update("t", "x", db.Row{"v": 2})
		fmt.Println("t2:", err, "at", w.Elapsed(), "commit:", t2.Commit())
		wg.Wait()
	})
	// Output:
	// t1: <nil> at 1s
	// t2: db: deadlock detected at 1s commit: db: current transaction is aborted, commands ignored until end of transaction block
}
