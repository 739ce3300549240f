package sync_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/rt/internal/rttest"
	rtsync "github.com/racelab/racelab/rt/sync"
)

func TestMapAsGo(t *testing.T) {
	real, simulated := rttest.Both(func() string {
		var m rtsync.Map
		m.Store("a", 1)
		v, loaded := m.LoadOrStore("a", 2)
		w, loaded2 := m.LoadOrStore("b", 3)
		prev, _ := m.Swap("b", 4)
		swapped := m.CompareAndSwap("b", 4, 5)
		m.Delete("a")
		_, ok := m.Load("a")
		n := 0
		m.Range(func(k, v any) bool { n++; return true })
		m.Clear()
		_, ok2 := m.Load("b")
		return fmt.Sprint(v, loaded, w, loaded2, prev, swapped, ok, n, ok2)
	})
	if real != simulated || real != "1 true 3 false 3 true false 1 false" {
		t.Fatalf("real %q simulated %q", real, simulated)
	}
}

func TestMapRangeOrderReplays(t *testing.T) {
	orders := map[string]bool{}
	for seed := uint64(1); seed <= 20; seed++ {
		var first, again string
		run := func() string {
			var m rtsync.Map
			for i := range 4 {
				m.Store(i, i)
			}
			s := ""
			m.Range(func(k, _ any) bool { s += fmt.Sprint(k); return true })
			return s
		}
		rttest.Run(seed, func() { first = run() })
		rttest.Run(seed, func() { again = run() })
		if first != again {
			t.Fatalf("seed %d: %s then %s", seed, first, again)
		}
		orders[first] = true
	}
	if len(orders) != 4 {
		t.Fatalf("orders %v, want the 4 rotations", orders)
	}
}

func TestPoolMayDropItems(t *testing.T) {
	// Under a World, Get after Put returns the item in some schedules and
	// New's value in others, as Go's pool may drop items at any time.
	kinds := map[string]bool{}
	for seed := uint64(1); seed <= 20; seed++ {
		rttest.Run(seed, func() {
			p := rtsync.Pool{New: func() any { return "new" }}
			p.Put("old")
			kinds[p.Get().(string)] = true
		})
	}
	if !kinds["new"] || !kinds["old"] {
		t.Fatalf("got %v, want both", kinds)
	}
	p := rtsync.Pool{New: func() any { return "new" }}
	if v := p.Get(); v != "new" {
		t.Fatalf("real pool: %v", v)
	}
}
