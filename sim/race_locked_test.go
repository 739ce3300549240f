package sim_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"pgregory.net/rapid"
)

// lockedProgram is a generated program whose every shared access is
// ordered: variable k is only touched under mutex k, the cell under rw
// (read under its read lock), the reentrant cell under rm; channel
// operations and the Once add edges but guard nothing; main reads
// everything after the WaitGroup.
type lockedProgram struct{ Threads [][]genOp }

func lockedProgramOf(t *rapid.T) lockedProgram {
	ops := rapid.Custom(func(t *rapid.T) genOp {
		return genOp{
			Kind:   rapid.IntRange(0, 7).Draw(t, "kind"),
			Target: rapid.IntRange(0, 1).Draw(t, "target"),
			Arg:    rapid.IntRange(0, 3).Draw(t, "arg"),
		}
	})
	return lockedProgram{Threads: rapid.SliceOfN(rapid.SliceOfN(ops, 1, 6), 1, 4).Draw(t, "threads")}
}

func (p lockedProgram) run(w *sim.World) {
	mus := []*sim.Mutex{w.NewMutex("m0"), w.NewMutex("m1")}
	vars := []*sim.Var[int]{sim.NewVar(w, "v0", 0), sim.NewVar(w, "v1", 0)}
	cell, rcell := sim.NewCell(w, "c", 0), sim.NewCell(w, "rc", 0)
	rw := w.NewRWMutex("rw")
	rm := w.NewReentrantMutex("rm")
	once := w.NewOnce("once")
	ch := sim.NewChan[int](w, "ch", 1)
	wg := w.NewWaitGroup("wg")
	for i, ops := range p.Threads {
		wg.Go(fmt.Sprintf("t%d", i), func() {
			for _, op := range ops {
				switch op.Kind {
				case 0:
					w.Yield("gen")
				case 1:
					mus[op.Target].Lock()
					vars[op.Target].Store(vars[op.Target].Load() + op.Arg)
					mus[op.Target].Unlock()
				case 2:
					rw.Lock()
					cell.Store(cell.Load() + 1)
					rw.Unlock()
				case 3:
					rw.RLock()
					cell.Load()
					rw.RUnlock()
				case 4:
					rm.Lock()
					rm.Lock()
					rcell.Store(rcell.Load() + op.Arg)
					rm.Unlock()
					rm.Unlock()
				case 5:
					once.Do(func() { w.Sleep(time.Millisecond) })
				case 6:
					w.SelectDefault(sim.OnSend(ch, op.Arg, nil))
				case 7:
					ch.RecvTimeout(time.Duration(op.Arg) * time.Millisecond)
				}
			}
		})
	}
	wg.Wait()
	for _, v := range vars {
		v.Load()
	}
	cell.Load()
	rcell.Load()
}

// TestLockedProgramsNeverRace: generated properly synchronized programs
// report no data race in any schedule, and the detector changes nothing
// else of the run: the same hash as with it off.
func TestLockedProgramsNeverRace(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := lockedProgramOf(t)
		seed := rapid.Uint64().Draw(t, "seed")
		on := sim.Run(sim.Options{Source: sim.Random(seed), Race: true}, p.run)
		if on.Failed() {
			t.Fatalf("a locked program failed with the race detector: %v", on.Findings)
		}
		off := sim.Run(sim.Options{Source: sim.Random(seed)}, p.run)
		if off.Hash != on.Hash {
			t.Fatalf("the detector changed the run: %016x off, %016x on", off.Hash, on.Hash)
		}
	})
}

// TestRaceOffChangesNothing: on the generated programs of the determinism
// tests (racy ones included), a run with the detector is the run without
// it, plus its race events; with no race, the same hash.
func TestRaceOffChangesNothing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProgramOf(t)
		seed := rapid.Uint64().Draw(t, "seed")
		off := sim.Run(sim.Options{Source: sim.Random(seed), Faults: p.Faults}, p.run)
		on := sim.Run(sim.Options{Source: sim.Random(seed), Faults: p.Faults, Race: true}, p.run)
		var offLog, onLog []string
		for _, e := range off.Log {
			offLog = append(offLog, fmt.Sprint(e.Thread, e.Kind, e.Label, e.Detail))
		}
		races := 0
		for _, e := range on.Log {
			if e.Kind == sim.EvRace {
				races++
				continue
			}
			onLog = append(onLog, fmt.Sprint(e.Thread, e.Kind, e.Label, e.Detail))
		}
		if fmt.Sprint(offLog) != fmt.Sprint(onLog) {
			t.Fatalf("the detector changed the run's events")
		}
		if races == 0 && off.Hash != on.Hash {
			t.Fatalf("no race, yet another hash: %016x off, %016x on", off.Hash, on.Hash)
		}
	})
}

func TestCellRacesWithoutYieldPoints(t *testing.T) {
	prog := func(locked bool) program {
		return func(w *sim.World) {
			c := sim.NewCell(w, "n", 0)
			mu := w.NewMutex("mu")
			wg := w.NewWaitGroup("wg")
			for _, name := range []string{"a", "b"} {
				wg.Go(name, func() {
					if locked {
						mu.Lock()
						defer mu.Unlock()
					}
					c.Store(c.Load() + 1)
				})
			}
			wg.Wait()
			if c.Load() != 2 {
				w.Fail("invariant", "lost update")
			}
		}
	}
	if racy, runs := raceRuns(t, prog(false)); racy != runs {
		t.Errorf("unlocked cell: a race in %d of %d runs, want every one", racy, runs)
	}
	if racy, _ := raceRuns(t, prog(true)); racy != 0 {
		t.Errorf("locked cell: a race in %d runs", racy)
	}
	// Off, a Cell is a plain variable.
	res := sim.Run(sim.Options{}, prog(false))
	if res.Failed() {
		t.Errorf("without the detector: %v", res.Findings)
	}
}
