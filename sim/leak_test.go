package sim_test

import (
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

// Every kind of run ending (clean, deadlock, leak, panic, misuse, crash,
// step limit, horizon) must leave no goroutine behind.
func TestNoGoroutineOutlivesItsRun(t *testing.T) {
	defer goleak.VerifyNone(t)
	progs := []program{
		lostUpdate(false),
		func(w *sim.World) { sim.NewChan[int](w, "c", 0).Recv() },
		func(w *sim.World) { w.Go("leaker", func() { sim.NewChan[int](w, "c", 0).Send(1) }) },
		func(w *sim.World) { w.Go("panicker", func() { panic("boom") }); w.Sleep(time.Second) },
		func(w *sim.World) { w.NewMutex("m").Unlock() },
		func(w *sim.World) {
			tk := w.NewTicker("t", time.Hour)
			w.Go("loop", func() {
				for {
					tk.C.Recv()
				}
			})
			w.NewMutex("m").Lock()
			sim.NewChan[int](w, "never", 0).Recv()
		},
		func(w *sim.World) {
			x := sim.NewVar(w, "x", 0)
			for {
				x.Store(x.Load() + 1)
			}
		},
	}
	n := 10_000
	if testing.Short() {
		n = 2_000
	}
	faults := sim.FaultPlan{Rules: []sim.FaultRule{{Kind: sim.FaultCrash, Rate: 0.1, Budget: 1}, {Kind: sim.FaultSleep, Rate: 0.1, Budget: 2}}}
	for i := range n {
		sim.Run(sim.Options{Source: sim.Random(uint64(i)), Faults: faults, MaxSteps: 300, Horizon: 10 * time.Hour, NoLog: true}, progs[i%len(progs)])
	}
}

// panicky is a source that panics, as rapid's Draw does to end a test case.
type panicky struct{ after int }

func (p *panicky) Choose(d *sim.Decision) (int, error) {
	if p.after--; p.after < 0 {
		panic("source gave up")
	}
	return 0, nil
}

func TestASourcePanicStillUnwindsEveryThread(t *testing.T) {
	defer goleak.VerifyNone(t)
	for after := range 6 {
		func() {
			defer func() {
				if r := recover(); r != "source gave up" {
					t.Fatalf("recovered %v", r)
				}
			}()
			sim.Run(sim.Options{Source: &panicky{after: after}}, segments(3, 4))
			t.Fatalf("the source's panic did not propagate")
		}()
	}
}

// A Pool changes nothing but the cost: the same seed gives the same run
// with and without one, over every kind of ending, and closing the pool
// leaves no goroutine.
func TestPooledRunsAreTheSameRunsAndLeaveNothing(t *testing.T) {
	defer goleak.VerifyNone(t)
	pool := sim.NewPool()
	progs := []program{
		lostUpdate(false), lostUpdate(true),
		func(w *sim.World) { w.Go("leaker", func() { sim.NewChan[int](w, "c", 0).Send(1) }) },
		func(w *sim.World) { w.Go("panicker", func() { panic("boom") }); w.Sleep(time.Second) },
		func(w *sim.World) { w.NewMutex("m").Unlock() },
	}
	faults := sim.FaultPlan{Rules: []sim.FaultRule{{Kind: sim.FaultCrash, Rate: 0.2, Budget: 1}, {Kind: sim.FaultSleep, Rate: 0.2, Budget: 2}}}
	for i := range 500 {
		prog := progs[i%len(progs)]
		plain := sim.Run(sim.Options{Source: sim.Random(uint64(i)), Faults: faults, MaxSteps: 300}, prog)
		pooled := sim.Run(sim.Options{Source: sim.Random(uint64(i)), Faults: faults, MaxSteps: 300, Pool: pool}, prog)
		if plain.Hash != pooled.Hash || len(plain.Findings) != len(pooled.Findings) {
			t.Fatalf("run %d: %016x with %d findings, pooled %016x with %d", i, plain.Hash, len(plain.Findings), pooled.Hash, len(pooled.Findings))
		}
		// The pool's reused buffers hold this run's trace and history
		// (until its next run), not a previous run's.
		if !reflect.DeepEqual(plain.Decisions, pooled.Decisions) || !reflect.DeepEqual(plain.History, pooled.History) {
			t.Fatalf("run %d: pooled decisions or history differ: %v / %v, %v / %v", i, plain.Decisions, pooled.Decisions, plain.History, pooled.History)
		}
	}
	pool.Close()
}

// A pooled run reuses the last run's buffers (its decisions above all,
// most of a schedule's bytes), so that memory does not grow with the
// number of schedules. Bytes allocated are counted, not time.
func TestPooledRunsReuseTheirBuffers(t *testing.T) {
	prog := func(w *sim.World) {
		for _, name := range []string{"a", "b"} {
			w.Go(name, func() {
				for range 1000 {
					w.Yield("step")
				}
			})
		}
	}
	perRun := func(pool *sim.Pool) uint64 {
		const runs = 20
		sim.Run(sim.Options{Source: sim.Random(0), NoLog: true, Pool: pool}, prog) // warm the pool
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i := range runs {
			sim.Run(sim.Options{Source: sim.Random(uint64(i)), NoLog: true, Pool: pool}, prog)
		}
		runtime.ReadMemStats(&after)
		return (after.TotalAlloc - before.TotalAlloc) / runs
	}
	pool := sim.NewPool()
	defer pool.Close()
	plain, pooled := perRun(nil), perRun(pool)
	t.Logf("bytes allocated per run of 2,000 decisions: %d, pooled %d", plain, pooled)
	assert.Less(t, pooled, plain/8, "a pooled run allocates its decisions again")
	assert.Less(t, pooled, uint64(8<<10))
}
