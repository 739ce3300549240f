package scenarios

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
)

// The demonstration scenarios: small programs, one for each kind of
// finding, that show what racelab does before the reference systems do.

var counterModel = model.Counter.Porcupine()

// demoCounter: clients increment a shared counter; racy loses increments.
var demoCounter = &explore.Scenario{
	Name: "demo/counter",
	Doc:  "2-3 clients increment a shared counter and read it; the racy one loads and stores without a lock",
	Variants: []explore.Variant{
		{Name: "racy", Expect: results.Violation, Note: "load, then store: an increment is lost"},
		{Name: "locked", Expect: results.Clean, Note: "the increment holds a mutex"},
	},
	Model:   &counterModel,
	Budget:  500,
	Native:  func(rt sim.Runtime, variant string) string { counter(rt, variant); return "" },
	Program: func(w *sim.World, variant string) { counter(w.Runtime(), variant) },
}

// demoLockOrder: two transfers lock two accounts in opposite orders.
var demoLockOrder = &explore.Scenario{
	Name: "demo/lock-order",
	Doc:  "two threads lock two mutexes; inverted takes them in opposite orders",
	Variants: []explore.Variant{
		{Name: "inverted", Expect: results.Violation, Note: "a deadlock with its wait-for cycle"},
		{Name: "ordered", Expect: results.Clean, Note: "both take A before B"},
	},
	Strategy: "dfs",
	Budget:   2000,
	Native:   func(rt sim.Runtime, variant string) string { lockOrder(rt, variant); return "" },
	Program:  func(w *sim.World, variant string) { lockOrder(w.Runtime(), variant) },
}

// lockOrder: two transfers lock two accounts, in opposite orders when
// inverted.
func lockOrder(rt sim.Runtime, variant string) {
	a, b := rt.NewMutex("A"), rt.NewMutex("B")
	wg := rt.NewWaitGroup("wg")
	goGroup(rt, wg, "t1", func() { a.Lock(); b.Lock(); rt.Yield("transfer"); b.Unlock(); a.Unlock() })
	goGroup(rt, wg, "t2", func() {
		first, second := b, a
		if variant == "ordered" {
			first, second = a, b
		}
		first.Lock()
		second.Lock()
		rt.Yield("transfer")
		second.Unlock()
		first.Unlock()
	})
	wg.Wait()
}

// demoLeak: a request with a timeout leaves its worker blocked forever on an
// unbuffered channel when the timeout wins, the commonest Go leak.
var demoLeak = &explore.Scenario{
	Name: "demo/leak",
	Doc:  "a caller waits for a worker's result with a 1s timeout; the worker sends on the result channel",
	Variants: []explore.Variant{
		{Name: "unbuffered", Expect: results.Violation, Note: "when the timeout wins, the worker blocks on its send forever"},
		{Name: "buffered", Expect: results.Clean, Note: "a buffer of one lets the late worker finish"},
	},
	Budget: 500,
	Native: func(rt sim.Runtime, variant string) string {
		// On real goroutines the leaked worker is found only by waiting for
		// it: the run times out.
		capacity := 0
		if variant == "buffered" {
			capacity = 1
		}
		result := make(chan int, capacity)
		rt.Go("worker", func() {
			rt.Sleep(time.Duration(rt.Intn(3)) * time.Millisecond)
			result <- 42
		})
		select {
		case <-result:
		case <-realTimeout(time.Millisecond):
		}
		return ""
	},
	Program: func(w *sim.World, variant string) {
		capacity := 0
		if variant == "buffered" {
			capacity = 1
		}
		// The caller is a thread of its own, so main is only the harness
		// that starts it and waits for it, as in every scenario.
		wg := w.NewWaitGroup("caller")
		wg.Go("caller", func() {
			result := sim.NewChan[int](w, "result", capacity)
			w.Go("worker", func() {
				w.Sleep(time.Duration(w.Intn(3)) * time.Second) // a slow backend, sometimes
				result.Send(42)
			})
			w.Select(sim.OnRecv(result, nil), sim.OnRecv(w.After(time.Second), nil))
		})
		wg.Wait()
	},
}

// demoBank: two transfers between two accounts as read-modify-write
// transactions.
var demoBank = &explore.Scenario{
	Name: "demo/bank",
	Doc:  "two concurrent transfers between two accounts in the database; both must take effect",
	Variants: []explore.Variant{
		{Name: "read-committed", Expect: results.Violation, Note: "read, then write: a transfer's debit is lost"},
		{Name: "serializable", Expect: results.Clean, Note: "a conflicting commit fails and is retried"},
	},
	Faults: sim.FaultPlan{Rules: []sim.FaultRule{{Kind: db.FaultSerialization, Rate: 0.05, Budget: 1}}},
	Budget: 500,
	Native: bank,
	Program: func(w *sim.World, variant string) {
		if problem := bank(w.Runtime(), variant); problem != "" {
			w.Fail("invariant", "%s", problem)
		}
	},
}

// bank runs the two transfers and returns what went wrong.
func bank(w sim.Runtime, variant string) string {
	d := db.New(w, "bank")
	d.Seed("accounts", "alice", db.Row{"balance": 100})
	d.Seed("accounts", "bob", db.Row{"balance": 100})
	iso := db.ReadCommitted
	if variant == "serializable" {
		iso = db.Serializable
	}
	transfer := func(from, to string, amount int) func() {
		return func() {
			c := d.Open(from + "->" + to)
			for attempt := 0; attempt < 10; attempt++ {
				// Opposite transfers lock the two rows in opposite
				// orders, so one may be a deadlock victim: retry it as a
				// serialization failure.
				err := move(c.Begin(iso), from, to, amount)
				if !db.Retryable(err) {
					return
				}
				// With jitter. Retrying at once let the two transfers
				// deadlock again on every attempt until one gave up (pct
				// found it: the victim retries and takes its first row
				// again before the survivor, woken, takes it; PostgreSQL
				// lets a new updater do the same).
				w.Sleep(time.Duration(1+w.Intn(1<<attempt)) * time.Millisecond)
			}
		}
	}
	wg := w.NewWaitGroup("wg")
	goGroup(w, wg, "t1", transfer("alice", "bob", 10))
	goGroup(w, wg, "t2", transfer("bob", "alice", 5))
	wg.Wait()
	// Each transfer writes both rows, so a lost one keeps the total at
	// 200: check that both took effect.
	a, _ := d.Peek("accounts", "alice")
	b, _ := d.Peek("accounts", "bob")
	if a["balance"] != 95 || b["balance"] != 105 {
		return fmt.Sprintf("a transfer was lost: alice has %v and bob %v, want 95 and 105", a["balance"], b["balance"])
	}
	return ""
}

// counter is demo/counter: the shared counter is an atomic load and an
// atomic store with a yield point between them, so the lost increment is a
// logical race, reachable by the scheduler, and never a data race on real
// goroutines.
func counter(rt sim.Runtime, variant string) {
	var n atomic.Int64
	mu := rt.NewMutex("mu")
	wg := rt.NewWaitGroup("clients")
	for c := range 2 + rt.Intn(2) {
		goGroup(rt, wg, fmt.Sprintf("client%d", c), func() {
			for range 1 + rt.Intn(2) {
				id := rt.Begin(c, model.CounterInput{Incr: true})
				if variant == "locked" {
					mu.Lock()
				}
				v := int(n.Load()) + 1
				rt.Yield("between load and store")
				n.Store(int64(v))
				if variant == "locked" {
					mu.Unlock()
				}
				rt.End(id, v)
			}
			id := rt.Begin(c, model.CounterInput{})
			rt.End(id, int(n.Load()))
		})
	}
	wg.Wait()
}

// move is one transfer transaction.
func move(tx *db.Tx, from, to string, amount int) error {
	src, _, err := tx.Get("accounts", from)
	if err != nil {
		return err
	}
	dst, _, err := tx.Get("accounts", to)
	if err != nil {
		return err
	}
	if _, err := tx.Update("accounts", from, db.Row{"balance": src["balance"].(int) - amount}); err != nil {
		return err
	}
	if _, err := tx.Update("accounts", to, db.Row{"balance": dst["balance"].(int) + amount}); err != nil {
		return err
	}
	return tx.Commit()
}

// Default returns the built-in catalogue. Each call builds a new one.
func Default() *explore.Catalogue {
	c, err := explore.NewCatalogue(demoCounter, demoLockOrder, demoLeak, demoBank,
		cachesyncOutage, cachesyncFailedAdd, cachesyncRandom, cachesyncMisconfigured, cachesyncSaveOrder,
		opsyncBackupVsUnpack, opsyncCommitFailures, opsyncAmbiguousCommit, opsyncPipeline,
		leaseDoubleRelease, leaseCloseVsAcquire, leaseWorkerFaults, leaseCloseUnderFaults, leaseRandom,
		registryConcurrentPopulate, registryRegisterConflict, registryResetVsRegister, registryLazyInstance, registryRandom,
		replicaDisconnect, replicaFirstPush, replicaReadYourWrites, replicaRandom, replicaOutageScenario,
		jobQueueClaims)
	if err != nil {
		panic(err) // the built-in scenarios are tested to be well formed
	}
	return c
}
