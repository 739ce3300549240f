package lang_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/rt/internal/rttest"
	"github.com/racelab/racelab/rt/lang"
)

func order(m map[string]int) string {
	var keys []string
	for k := range lang.MapRange(m) {
		keys = append(keys, k)
	}
	return fmt.Sprint(keys)
}

func TestMapRangeOrderIsTheWorlds(t *testing.T) {
	m := map[string]int{"a": 1, "b": 2, "c": 3, "d": 4}
	orders := map[string]bool{}
	for seed := uint64(1); seed <= 30; seed++ {
		var first, again string
		rttest.Run(seed, func() { first = order(m) })
		rttest.Run(seed, func() { again = order(m) })
		if first != again {
			t.Fatalf("seed %d: %s then %s", seed, first, again)
		}
		orders[first] = true
	}
	// Every start, so any two keys in both orders.
	if len(orders) != 4 {
		t.Fatalf("%d orders in 30 seeds, want the 4 rotations: %v", len(orders), orders)
	}
}

func TestMapRangeAsGo(t *testing.T) {
	// Deleting an entry not reached yet hides it; every other entry is
	// produced once, with its current value.
	real, simulated := rttest.Both(func() string {
		m := map[int]int{1: 1, 2: 2, 3: 3, 4: 4}
		seen := map[int]int{}
		deleted := -1
		for k, v := range lang.MapRange(m) {
			seen[k] = v
			if deleted < 0 {
				for d := range m {
					if d != k {
						deleted = d
						delete(m, d)
						break
					}
				}
			}
		}
		_, hidden := seen[deleted]
		return fmt.Sprint(len(seen), hidden)
	})
	if real != simulated || real != "3 false" {
		t.Fatalf("real %q simulated %q", real, simulated)
	}
}

func TestMapRangeBreak(t *testing.T) {
	rttest.Clean(t, func() {
		n := 0
		for range lang.MapRange(map[int]bool{1: true, 2: true, 3: true}) {
			n++
			break
		}
		if n != 1 {
			panic("break ignored")
		}
	})
}
