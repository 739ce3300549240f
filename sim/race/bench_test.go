package race_test

import (
	"testing"

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
