package race_test

import (
	"fmt"

	"github.com/racelab/racelab/sim/race"
)

// Two threads increment a counter; the second run holds a mutex around it.
func Example() {
	load := &race.Site{Pos: "counter.go:7", Label: "load n"}
	store := &race.Site{Pos: "counter.go:7", Label: "store n"}
	const n race.Loc = 1
	for _, locked := range []bool{false, true} {
		d := race.New()
		d.NameThreads(func(t race.Thread) string { return []string{"main", "worker"}[t] })
		m := &race.Clock{Name: "mutex mu"}
		d.Fork(0, 1)
		for _, t := range []race.Thread{0, 1} {
			if locked {
				d.Acquire(t, m)
			}
			d.Read(t, n, load)
			d.Write(t, n, store)
			if locked {
				d.Release(t, m)
			}
		}
		fmt.Printf("locked=%v: %d race(s)\n", locked, len(d.Races()))
		for _, r := range d.Races() {
			fmt.Println(r)
		}
	}
	// Output:
	// locked=false: 2 race(s)
	// data race: write by main at counter.go:7 (store n) (last sync: go statement starting worker), then read by worker at counter.go:7 (load n) (last sync: its start by main)
	// data race: write by main at counter.go:7 (store n) (last sync: go statement starting worker), then write by worker at counter.go:7 (store n) (last sync: its start by main)
	// locked=true: 0 race(s)
}

// A buffered channel of capacity 1 used as a semaphore: the receive that
// frees the slot orders before the next send completes.
func ExampleDetector_Recv() {
	d := race.New()
	sem := race.NewChan("sem", 1)
	x := &race.Site{Label: "x"}
	d.Send(0, sem) // thread 0 takes the slot
	d.Write(0, 1, x)
	d.Recv(0, sem) // and frees it
	d.Send(1, sem) // thread 1 takes it: ordered after the receive
	d.Write(1, 1, x)
	fmt.Println(len(d.Races()), "races")
	// Output: 0 races
}

// An exploration keeps one Seen across its runs to report each pair once.
func ExampleSeen() {
	seen := race.Seen{}
	for run := range 3 {
		d := race.New()
		d.Write(0, 1, &race.Site{Label: "write x"})
		d.Write(1, 1, &race.Site{Label: "write x again"})
		for _, r := range d.Races() {
			if seen.Add(r) {
				fmt.Println("run", run, "new:", r.Pair())
			}
		}
	}
	// Output: run 0 new: {write x write x again}
}

// A Cell checks a plain field without adding a yield point.
func ExampleCell() {
	d := race.New()
	var cur race.Thread // the simulator's current thread
	hits := race.NewCell(d, func() race.Thread { return cur }, "hits", 0)
	d.Fork(0, 1)
	for _, cur = range []race.Thread{0, 1} {
		hits.Store(hits.Load() + 1)
	}
	fmt.Println(hits.Peek(), d.Races()[0])
	// Output: 2 data race: write by thread 0 at store hits (last sync: go statement starting thread 1), then read by thread 1 at load hits (last sync: its start by thread 0)
}
