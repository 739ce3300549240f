package sim_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// An op of a generated program: a primitive operation on one of a few
// shared objects.
type genOp struct {
	Kind   int // see runOp
	Target int
	Arg    int
}

type genProgram struct {
	Threads [][]genOp
	Faults  sim.FaultPlan
}

const genKinds = 11

func genProgramOf(t *rapid.T) genProgram {
	ops := rapid.Custom(func(t *rapid.T) genOp {
		return genOp{
			Kind:   rapid.IntRange(0, genKinds-1).Draw(t, "kind"),
			Target: rapid.IntRange(0, 1).Draw(t, "target"),
			Arg:    rapid.IntRange(0, 3).Draw(t, "arg"),
		}
	})
	p := genProgram{Threads: rapid.SliceOfN(rapid.SliceOfN(ops, 1, 6), 1, 4).Draw(t, "threads")}
	if rapid.Bool().Draw(t, "faults") {
		p.Faults = sim.FaultPlan{Rules: []sim.FaultRule{
			{Kind: sim.FaultSleep, Rate: 0.2, Budget: 2},
			{Kind: sim.FaultCrash, Rate: 0.05, Budget: 1},
			{Kind: "backend", Rate: 0.3, Budget: 2},
		}}
	}
	return p
}

// run interprets the program: every thread runs its ops over two mutexes,
// two variables, two buffered channels, a Cond and an RWMutex.
func (p genProgram) run(w *sim.World) {
	mus := []*sim.Mutex{w.NewMutex("m0"), w.NewMutex("m1")}
	vars := []*sim.Var[int]{sim.NewVar(w, "v0", 0), sim.NewVar(w, "v1", 0)}
	chans := []*sim.Chan[int]{sim.NewChan[int](w, "c0", 1), sim.NewChan[int](w, "c1", 2)}
	rw := w.NewRWMutex("rw")
	wg := w.NewWaitGroup("wg")
	for i, ops := range p.Threads {
		wg.Go(fmt.Sprintf("t%d", i), func() {
			for _, op := range ops {
				runOp(w, op, mus, vars, chans, rw)
			}
		})
	}
	wg.Wait()
}

func runOp(w *sim.World, op genOp, mus []*sim.Mutex, vars []*sim.Var[int], chans []*sim.Chan[int], rw *sim.RWMutex) {
	switch op.Kind {
	case 0:
		w.Yield("gen")
	case 1:
		mus[op.Target].Lock()
		w.Yield("critical")
		mus[op.Target].Unlock()
	case 2:
		vars[op.Target].Store(vars[op.Target].Load() + op.Arg)
	case 3:
		w.Sleep(time.Duration(op.Arg) * time.Millisecond)
	case 4:
		chans[op.Target].Send(op.Arg)
	case 5:
		chans[op.Target].RecvTimeout(time.Duration(op.Arg+1) * time.Second)
	case 6:
		w.SelectDefault(sim.OnRecv(chans[0], nil), sim.OnRecv(chans[1], nil))
	case 7:
		vars[op.Target].Store(w.Intn(op.Arg + 2))
	case 8:
		rw.RLock()
		w.Yield("reading")
		rw.RUnlock()
	case 9:
		if mus[op.Target].LockTimeout(time.Duration(op.Arg) * time.Millisecond) {
			mus[op.Target].Unlock()
		}
	case 10:
		id := w.Begin(op.Target, op.Arg)
		if w.FaultPoint("backend call", "backend") == "" {
			w.End(id, op.Arg)
		}
	}
}

func TestSameSeedSameRunProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProgramOf(t)
		seed := rapid.Uint64().Draw(t, "seed")
		opts := sim.Options{Source: sim.Random(seed), Faults: p.Faults}
		first := sim.Run(opts, p.run)
		opts.Source = sim.Random(seed)
		second := sim.Run(opts, p.run)
		if first.Hash != second.Hash || first.Steps != second.Steps {
			t.Fatalf("same seed, different runs: %016x (%d steps) vs %016x (%d steps)", first.Hash, first.Steps, second.Hash, second.Steps)
		}
		opts.Source = sim.Replay(first.Decisions)
		replayed := sim.Run(opts, p.run)
		if replayed.Err != nil {
			t.Fatalf("replay: %v", replayed.Err)
		}
		if replayed.Hash != first.Hash || len(replayed.Findings) != len(first.Findings) {
			t.Fatalf("replay differs: %016x vs %016x", replayed.Hash, first.Hash)
		}
	})
}

func TestHashDoesNotDependOnGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rapid.Check(t, func(t *rapid.T) {
		p := genProgramOf(t)
		seed := rapid.Uint64().Draw(t, "seed")
		var hashes []uint64
		for _, procs := range []int{1, 4} {
			runtime.GOMAXPROCS(procs)
			hashes = append(hashes, sim.Run(sim.Options{Source: sim.Random(seed), Faults: p.Faults}, p.run).Hash)
		}
		if hashes[0] != hashes[1] {
			t.Fatalf("GOMAXPROCS 1 gives %016x, 4 gives %016x", hashes[0], hashes[1])
		}
	})
}

// A golden hash: the same seed must give the same run on any machine and
// any Go release that keeps math/rand/v2's PCG stream (which Go promises).
func TestGoldenHash(t *testing.T) {
	res := sim.Run(sim.Options{Source: sim.Random(42)}, lostUpdate(false))
	require.NoError(t, res.Err)
	again := sim.Run(sim.Options{Source: sim.Random(42)}, lostUpdate(false))
	assert.Equal(t, res.Hash, again.Hash)
	assert.Equal(t, goldenLostUpdateHash, sim.FormatHash(res.Hash), "the event log of seed 42 changed: if on purpose, update the golden hash")
}

// failRecorder is a rapid.TB that records a failure instead of failing the
// test, so a test can assert that rapid finds a bug.
type failRecorder struct {
	testing.TB
	failed bool
	logs   []string
}

func (f *failRecorder) Errorf(format string, args ...any) { f.failed = true; f.Logf(format, args...) }
func (f *failRecorder) Error(args ...any)                 { f.failed = true; f.Log(args...) }
func (f *failRecorder) Fatalf(format string, args ...any) { f.Errorf(format, args...) }
func (f *failRecorder) Fatal(args ...any)                 { f.Error(args...) }
func (f *failRecorder) Fail()                             { f.failed = true }
func (f *failRecorder) FailNow()                          { f.failed = true }
func (f *failRecorder) Failed() bool                      { return f.failed }
func (f *failRecorder) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}
func (f *failRecorder) Log(args ...any) { f.logs = append(f.logs, fmt.Sprint(args...)) }

// removeFailfiles removes what rapid saved for a check named name, and the
// testdata folders it made if they are left empty, so that no earlier
// failure is replayed instead of searched for.
func removeFailfiles(name string) {
	os.RemoveAll(filepath.Join("testdata", "rapid", name))
	os.Remove(filepath.Join("testdata", "rapid"))
	os.Remove("testdata")
}

func TestRapidSourceFindsAndShrinksTheLostUpdate(t *testing.T) {
	rec := &failRecorder{TB: t}
	removeFailfiles(t.Name())
	defer removeFailfiles(t.Name())
	var first, last []sim.Choice
	rapid.Check(rec, func(rt *rapid.T) {
		res := sim.Run(sim.Options{Source: sim.FromRapid(rt)}, lostUpdate(false))
		if res.Failed() {
			if first == nil {
				first = res.Decisions
			}
			last = res.Decisions // rapid runs the shrunk case last
			rt.Fatalf("%v", res.Findings[0])
		}
	})
	require.True(t, rec.failed, "rapid did not find the lost update")
	// The bug needs one preemption (the second thread runs between the
	// first one's load and store). rapid's shrinker is a heuristic, not
	// 1-minimal (racelab's own shrinker is), so assert only that it
	// replays and is no larger than what rapid first found.
	shrunk := sim.Run(sim.Options{Source: sim.Replay(last)}, lostUpdate(false))
	require.True(t, shrunk.Failed())
	found := sim.Run(sim.Options{Source: sim.Replay(first)}, lostUpdate(false))
	assert.GreaterOrEqual(t, shrunk.Preemptions(), 1)
	assert.LessOrEqual(t, shrunk.Preemptions(), found.Preemptions(), "first %v, shrunk %v", first, last)
	t.Logf("rapid found the lost update with %d preemptions and shrank it to %d", found.Preemptions(), shrunk.Preemptions())
}
