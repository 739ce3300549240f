package world_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/rt/internal/world"
	"github.com/racelab/racelab/sim"
)

func TestSortKeysIsStable(t *testing.T) {
	ints := []int{3, -1, 2}
	world.SortKeys(ints)
	strs := []string{"b", "a"}
	world.SortKeys(strs)
	mixed := []any{"x", 2, 1.5}
	world.SortKeys(mixed)
	type pt struct{ X, Y int }
	pts := []pt{{2, 1}, {1, 2}}
	world.SortKeys(pts)
	got := fmt.Sprint(ints, strs, mixed, pts)
	if got != "[-1 2 3] [a b] [1.5 2 x] [{1 2} {2 1}]" {
		t.Fatal(got)
	}
}

func TestRotateShrinksToTheBaseOrder(t *testing.T) {
	// Every decision 0 (what a shrunk trace takes) leaves the order alone.
	res := sim.Run(sim.Options{Source: sim.Random(1)}, func(w *sim.World) {
		xs := []int{1, 2, 3, 4}
		world.Rotate(w, xs)
	})
	zero := make([]sim.Choice, len(res.Decisions))
	for i, c := range res.Decisions {
		zero[i] = c
		zero[i].Choice = 0
	}
	sim.Run(sim.Options{Source: sim.Replay(zero)}, func(w *sim.World) {
		xs := []int{1, 2, 3, 4}
		world.Rotate(w, xs)
		if fmt.Sprint(xs) != "[1 2 3 4]" {
			t.Errorf("all-zero decisions gave %v", xs)
		}
	})
}

func TestGetOutsideAWorld(t *testing.T) {
	if w, st := world.Get(); w != nil || st != nil {
		t.Fatal("a World outside any run")
	}
}

func TestRotateGivesEveryRotation(t *testing.T) {
	seen := map[string]bool{}
	for seed := uint64(1); seed <= 40; seed++ {
		sim.Run(sim.Options{Source: sim.Random(seed)}, func(w *sim.World) {
			xs := []int{1, 2, 3}
			world.Rotate(w, xs)
			seen[fmt.Sprint(xs)] = true
		})
	}
	for _, want := range []string{"[1 2 3]", "[2 3 1]", "[3 1 2]"} {
		if !seen[want] {
			t.Errorf("rotation %s never drawn: %v", want, seen)
		}
	}
	if len(seen) != 3 {
		t.Errorf("orders that are not rotations: %v", seen)
	}
}
