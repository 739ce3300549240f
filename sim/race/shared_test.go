package race_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/racelab/racelab/sim/race"
)

const readers = 8

// readShared starts threads 1..readers from thread 0 after it wrote x, and
// each reads x at its own site; x is then read-shared.
func readShared(d *race.Detector) {
	d.Write(0, x, &race.Site{Label: "init"})
	for t := race.Thread(1); t <= readers; t++ {
		d.Fork(0, t)
	}
	for t := race.Thread(1); t <= readers; t++ {
		d.Read(t, x, &race.Site{Label: fmt.Sprintf("read by %d", t)})
	}
}

func TestReadSharedThenUnorderedWrite(t *testing.T) {
	d := race.New()
	readShared(d)
	d.Fork(0, readers+1) // after the forks, not after the reads
	d.Write(readers+1, x, &race.Site{Label: "write"})
	rs := d.Races()
	if len(rs) != readers {
		t.Fatalf("found %d races, want one per reader (%d): %v", len(rs), readers, rs)
	}
	for i, r := range rs {
		want := race.Thread(i + 1)
		if r.Prev.Kind != race.Read || r.Prev.Thread != want || r.Cur.Kind != race.Write || r.Cur.Thread != readers+1 {
			t.Errorf("race %d: %v, want a read by %d then the write", i, r, want)
		}
	}
}

func TestReadSharedThenWriteOrderedAfterAllButOne(t *testing.T) {
	d := race.New()
	readShared(d)
	for u := race.Thread(1); u < readers; u++ {
		d.Join(0, u)
	}
	d.Write(0, x, &race.Site{Label: "write"})
	rs := d.Races()
	if len(rs) != 1 || rs[0].Prev.Thread != readers {
		t.Fatalf("races %v, want one, with the reader not joined (%d)", rs, readers)
	}
}

func TestReadSharedThenOrderedWrite(t *testing.T) {
	d := race.New()
	readShared(d)
	for u := race.Thread(1); u <= readers; u++ {
		d.Join(0, u)
	}
	d.Write(0, x, &race.Site{Label: "write"})
	// After the write the location is exclusive again: a thread forked now
	// reads without a race, and one that was not forked races with it.
	d.Fork(0, readers+1)
	d.Read(readers+1, x, &race.Site{Label: "late read"})
	if rs := d.Races(); len(rs) != 0 {
		t.Fatalf("races %v, want none", rs)
	}
	d.Read(readers+2, x, &race.Site{Label: "stray read"})
	if rs := d.Races(); len(rs) != 1 || rs[0].Prev.Site.Label != "write" {
		t.Fatalf("races %v, want the stray read against the write", rs)
	}
}

func TestPairsReportedOnce(t *testing.T) {
	d := race.New()
	w, r := &race.Site{Label: "w"}, &race.Site{Label: "r"}
	var m race.Clock
	for range 3 {
		d.Write(0, x, w)
		d.Release(0, &m) // a new epoch each time, so the fast path does not hide it
		d.Read(1, x, r)
		d.Release(1, &m)
	}
	// Every read races with the write before it and every later write with
	// the read before it: five races of one unordered pair of sites.
	if rs := d.Races(); len(rs) != 1 {
		t.Fatalf("races %v, want the pair {w, r} once", rs)
	}
	seen := race.Seen{}
	if !seen.Add(d.Races()[0]) || seen.Add(race.Race{Prev: d.Races()[0].Cur, Cur: d.Races()[0].Prev}) {
		t.Fatal("Seen does not treat a pair as unordered")
	}
}

func TestFastPathDoesNotAllocate(t *testing.T) {
	d := race.New()
	var s race.Shadow
	site := &race.Site{Label: "x"}
	d.WriteShadow(0, &s, site)
	d.ReadShadow(0, &s, site)
	d.Read(0, x, site)
	if n := testing.AllocsPerRun(100, func() {
		d.ReadShadow(0, &s, site)
		d.WriteShadow(0, &s, site)
		d.Read(0, x, site)
		d.Write(0, x, site)
	}); n != 0 {
		t.Fatalf("%v allocations per same-epoch access, want 0", n)
	}
	// A read-shared location, once its read set is wide enough, does not
	// allocate either, nor do the releases between the reads.
	var m race.Clock
	for u := race.Thread(1); u <= readers; u++ {
		d.Fork(0, u)
		d.ReadShadow(u, &s, site)
	}
	if n := testing.AllocsPerRun(100, func() {
		for u := race.Thread(1); u <= readers; u++ {
			d.Release(u, &m)
			d.ReadShadow(u, &s, site)
		}
	}); n != 0 {
		t.Fatalf("%v allocations per round of shared reads, want 0", n)
	}
}

func TestNegativeThreadPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(fmt.Sprint(r), "race: negative thread id") {
			t.Fatalf("recovered %v, want a race: panic", r)
		}
	}()
	race.New().Read(-1, x, nil)
}
