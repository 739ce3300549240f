package db_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
)

// The step cost of database statements under the simulator: two threads,
// each running statements on its own rows, so no statement waits. Per
// statement, a World's yield point and the statement's work.
func BenchmarkStatement(b *testing.B) {
	for _, bc := range []struct {
		name string
		body func(d *db.DB, c *db.Conn, me string)
	}{
		{"autocommit-update", func(d *db.DB, c *db.Conn, me string) {
			c.Auto().Update("t", me, db.Row{"v": 1}, db.Eq("v", 0))
		}},
		{"autocommit-get", func(d *db.DB, c *db.Conn, me string) { c.Auto().Get("t", me) }},
		{"serializable-get-update-commit", func(d *db.DB, c *db.Conn, me string) {
			tx := c.Begin(db.Serializable)
			r, _, _ := tx.Get("t", me)
			tx.Update("t", me, db.Row{"v": r["v"].(int) + 1})
			tx.Commit()
		}},
		{"read-committed-scan", func(d *db.DB, c *db.Conn, me string) {
			tx := c.Begin(db.ReadCommitted)
			tx.Scan("t", db.Eq("v", 0))
			tx.Commit()
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			const perThread = 100
			b.ReportAllocs()
			for b.Loop() {
				sim.Run(sim.Options{Source: sim.Random(1), NoLog: true}, func(w *sim.World) {
					d := db.New(w, "db")
					for i := range 8 {
						d.Seed("t", fmt.Sprint(i), db.Row{"v": 0})
					}
					wg := w.NewWaitGroup("wg")
					for i := range 2 {
						wg.Go(fmt.Sprint("c", i), func() {
							c := d.Open(fmt.Sprint("c", i))
							for range perThread {
								bc.body(d, c, fmt.Sprint(i))
							}
						})
					}
					wg.Wait()
				})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*2*perThread), "ns/body")
		})
	}
}
