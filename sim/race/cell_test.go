package race_test

import (
	"testing"

	"github.com/racelab/racelab/sim/race"
)

func TestCell(t *testing.T) {
	for _, locked := range []bool{false, true} {
		d := race.New()
		var cur race.Thread
		n := race.NewCell(d, func() race.Thread { return cur }, "n", 0)
		var m race.Clock
		d.Fork(0, 1)
		for _, cur = range []race.Thread{0, 1} {
			if locked {
				d.Acquire(cur, &m)
			}
			n.Store(n.Load() + 1)
			if locked {
				d.Release(cur, &m)
			}
		}
		if got := n.Peek(); got != 2 {
			t.Errorf("locked=%v: n = %d, want 2", locked, got)
		}
		rs := d.Races()
		if locked && len(rs) > 0 {
			t.Errorf("locked: races %v", rs)
		}
		if !locked && (len(rs) == 0 || rs[0].Prev.Site.Label != "store n" || rs[0].Cur.Site.Label != "load n") {
			t.Errorf("unlocked: races %v, want store n then load n first", rs)
		}
	}
}

func TestCellWithoutDetector(t *testing.T) {
	c := race.NewCell(nil, nil, "x", "a")
	c.Store(c.Load() + "b")
	if c.Peek() != "ab" {
		t.Fatalf("got %q", c.Peek())
	}
}
