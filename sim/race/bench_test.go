package race_test

import (
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/race"
)

// The access fast path: the thread has accessed the location already in
// this epoch (no sync event since), which is most accesses of a loop.
func BenchmarkReadSameEpoch(b *testing.B) {
	d := race.New()
	var s race.Shadow
	site := &race.Site{Label: "x"}
	d.ReadShadow(0, &s, site)
	b.ReportAllocs()
	for b.Loop() {
		d.ReadShadow(0, &s, site)
	}
}

func BenchmarkWriteSameEpoch(b *testing.B) {
	d := race.New()
	var s race.Shadow
	site := &race.Site{Label: "x"}
	d.WriteShadow(0, &s, site)
	b.ReportAllocs()
	for b.Loop() {
		d.WriteShadow(0, &s, site)
	}
}

// The same through a Loc key (a map lookup), as translated code without a
// Shadow of its own would call it.
func BenchmarkReadLocSameEpoch(b *testing.B) {
	d := race.New()
	site := &race.Site{Label: "x"}
	d.Read(0, 42, site)
	b.ReportAllocs()
	for b.Loop() {
		d.Read(0, 42, site)
	}
}

// Release alone: the baseline of the two benchmarks below, which need a
// sync event before each access so that it is not in the same epoch.
func BenchmarkRelease(b *testing.B) {
	d := race.New()
	var m race.Clock
	b.ReportAllocs()
	for b.Loop() {
		d.Release(0, &m)
	}
}

// An exclusive access in a new epoch: the epoch checks and the update.
func BenchmarkReleaseThenWrite(b *testing.B) {
	d := race.New()
	var m race.Clock
	var s race.Shadow
	site := &race.Site{Label: "x"}
	b.ReportAllocs()
	for b.Loop() {
		d.Release(0, &m)
		d.WriteShadow(0, &s, site)
	}
}

// Read-shared data: 8 unordered threads read in turn, each in a new epoch,
// so every read updates the read vector clock.
func BenchmarkReleaseThenReadShared(b *testing.B) {
	d := race.New()
	var m [readers + 1]race.Clock
	var s race.Shadow
	site := &race.Site{Label: "x"}
	for u := race.Thread(1); u <= readers; u++ {
		d.Fork(0, u)
		d.ReadShadow(u, &s, site)
	}
	b.ReportAllocs()
	u := race.Thread(1)
	for b.Loop() {
		d.Release(u, &m[u])
		d.ReadShadow(u, &s, site)
		if u++; u > readers {
			u = 1
		}
	}
}

// A whole read-shared phase: a write (checking the 8 reads before it), 8
// unordered reads of it that make the location shared again, and the joins
// that order the next write after them. Per op: 9 accesses, 17 sync events.
func BenchmarkSharedPhase(b *testing.B) {
	d := race.New()
	var s race.Shadow
	site := &race.Site{Label: "x"}
	var m race.Clock
	for u := race.Thread(1); u <= readers; u++ {
		d.Fork(0, u)
	}
	b.ReportAllocs()
	for b.Loop() {
		d.WriteShadow(0, &s, site)
		d.Release(0, &m)
		for u := race.Thread(1); u <= readers; u++ {
			d.Acquire(u, &m)
			d.ReadShadow(u, &s, site)
		}
		for u := race.Thread(1); u <= readers; u++ {
			d.Join(0, u)
		}
	}
	if len(d.Races()) > 0 {
		b.Fatal(d.Races())
	}
}

// A whole simulated run of the locked counter with sim's detector
// (Options.Race) and without: what detection adds to a run of sim
// primitives (per run; the counter makes 4 Var accesses, 2 lock pairs, 3
// threads and about 20 steps).
func BenchmarkSimCounter(b *testing.B) {
	prog := func(w *sim.World) {
		n := sim.NewVar(w, "x", 0)
		mu := w.NewMutex("mu")
		wg := w.NewWaitGroup("wg")
		for _, name := range []string{"a", "b"} {
			wg.Go(name, func() {
				mu.Lock()
				defer mu.Unlock()
				n.Store(n.Load() + 1)
			})
		}
		wg.Wait()
		_ = n.Load()
	}
	for _, race := range []bool{false, true} {
		name := "race=off"
		if race {
			name = "race=on"
		}
		b.Run(name, func(b *testing.B) {
			pool := sim.NewPool()
			defer pool.Close()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				res := sim.Run(sim.Options{Source: sim.Random(uint64(i)), Pool: pool, NoLog: true, Race: race}, prog)
				if res.Failed() {
					b.Fatal(res.Findings)
				}
				i++
			}
		})
	}
}
