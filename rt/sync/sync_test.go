package sync_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/racelab/racelab/rt/internal/rttest"
	"github.com/racelab/racelab/rt/lang"
	rtsync "github.com/racelab/racelab/rt/sync"
	rttime "github.com/racelab/racelab/rt/time"
)

// global is a zero-value lock at package level, as programs declare them.
var global rtsync.Mutex

func TestZeroValueAcrossWorlds(t *testing.T) {
	// A World that ends with the lock held (its goroutine crashed, say)
	// leaves the next one a fresh, unlocked lock.
	rttest.Clean(t, func() { global.Lock() })
	rttest.Clean(t, func() {
		if !global.TryLock() {
			panic("the lock is still held from the last World")
		}
		global.Unlock()
	})
}

type account struct {
	rtsync.Mutex // embedded, zero value
	balance      int
}

func TestEmbeddedMutex(t *testing.T) {
	failed, first := rttest.Seeds(30, func() {
		a := &account{}
		var wg rtsync.WaitGroup
		for range 3 {
			wg.Add(1)
			lang.Go("bank.deposit", "bank.go:1", func() {
				defer wg.Done()
				a.Lock()
				b := a.balance
				lang.Select(lang.Default()) // a yield point inside the section
				a.balance = b + 1
				a.Unlock()
			})
		}
		wg.Wait()
		if a.balance != 3 {
			panic(fmt.Sprint("balance ", a.balance))
		}
	})
	if failed > 0 {
		t.Fatal(first)
	}
}

func TestCopiedLockKeepsItsState(t *testing.T) {
	real, simulated := rttest.Both(func() string {
		var m rtsync.Mutex
		m.Lock()
		c := copyOf(&m) // as go vet's copylocks warns: a separate, locked lock
		held := !c.TryLock()
		m.Unlock()
		stillHeld := !c.TryLock()
		var rw rtsync.RWMutex
		rw.RLock()
		rc := copyOf(&rw)
		canRead := rc.TryRLock()
		canWrite := rc.TryLock()
		var wg rtsync.WaitGroup
		wg.Add(2)
		wc := copyOf(&wg)
		wc.Done()
		wc.Done()
		wc.Wait() // the copy's counter reached zero; wg's did not
		return fmt.Sprint(held, stillHeld, canRead, canWrite)
	})
	if real != simulated || real != "true true true false" {
		t.Fatalf("real %q simulated %q", real, simulated)
	}
}

// copyOf copies *p as an assignment would, out of go vet's sight (its
// copylocks check rightly reports such copies).
func copyOf[T any](p *T) *T {
	c := new(T)
	reflect.ValueOf(c).Elem().Set(reflect.ValueOf(p).Elem())
	return c
}

func TestMisuseIsAFinding(t *testing.T) {
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"unlock", func() { var m rtsync.Mutex; m.Unlock() }, "sync: unlock of unlocked mutex"},
		{"runlock", func() { var m rtsync.RWMutex; m.RUnlock() }, "sync: RUnlock of unlocked RWMutex"},
		{"rwunlock", func() { var m rtsync.RWMutex; m.Unlock() }, "sync: Unlock of unlocked RWMutex"},
		{"waitgroup", func() { var wg rtsync.WaitGroup; wg.Done() }, "sync: negative WaitGroup counter"},
	}
	for _, c := range cases {
		if got := rttest.Finding(c.f); !strings.HasPrefix(got, "misuse") || !strings.Contains(got, c.want) {
			t.Errorf("%s: finding %q, want misuse %q", c.name, got, c.want)
		}
	}
}

func TestLockOrderDeadlockIsFound(t *testing.T) {
	program := func(fixed bool) func() {
		return func() {
			var a, b rtsync.Mutex
			var wg rtsync.WaitGroup
			second := [2]*rtsync.Mutex{&b, &a}
			if fixed {
				second = [2]*rtsync.Mutex{&a, &b}
			}
			moved := 0
			wg.Go(func() { a.Lock(); b.Lock(); moved++; b.Unlock(); a.Unlock() })
			wg.Go(func() { second[0].Lock(); second[1].Lock(); moved--; second[1].Unlock(); second[0].Unlock() })
			wg.Wait()
		}
	}
	if failed, first := rttest.Seeds(100, program(false)); failed == 0 || !strings.HasPrefix(first, "deadlock") {
		t.Fatalf("buggy: %d failed, first %q", failed, first)
	}
	if failed, first := rttest.Seeds(100, program(true)); failed > 0 {
		t.Fatalf("fixed: %s", first)
	}
}

func TestRecursiveReadLockDeadlocks(t *testing.T) {
	// Go's RWMutex prefers writers: a read lock taken again while a writer
	// waits blocks for ever.
	failed, first := rttest.Seeds(100, func() {
		var rw rtsync.RWMutex
		var wg rtsync.WaitGroup
		reads := 0
		wg.Go(func() {
			rw.RLock()
			lang.Select(lang.Default())
			rw.RLock()
			reads++
			rw.RUnlock()
			rw.RUnlock()
		})
		wg.Go(func() { rw.Lock(); reads = 0; rw.Unlock() })
		wg.Wait()
	})
	if failed == 0 || !strings.HasPrefix(first, "deadlock") {
		t.Fatalf("%d of 100 failed, first %q", failed, first)
	}
}

func TestWaitGroupGo(t *testing.T) {
	real, simulated := rttest.Both(func() int {
		var wg rtsync.WaitGroup
		var mu rtsync.Mutex
		n := 0
		for range 5 {
			wg.Go(func() { mu.Lock(); n++; mu.Unlock() })
		}
		wg.Wait()
		return n
	})
	if real != 5 || simulated != 5 {
		t.Fatalf("real %d simulated %d", real, simulated)
	}
}

func TestWriterPreferenceAsGo(t *testing.T) {
	// A waiting writer keeps new readers out, in Go and here.
	real, simulated := rttest.Both(func() string {
		var rw rtsync.RWMutex
		rw.RLock()
		var wg rtsync.WaitGroup
		writes := 0
		wg.Go(func() { rw.Lock(); writes++; rw.Unlock() })
		rttime.Sleep(20 * rttime.Millisecond) // the writer is waiting by now
		newReader := rw.TryRLock()
		if newReader {
			rw.RUnlock()
		}
		rw.RUnlock()
		wg.Wait()
		afterwards := rw.TryRLock()
		return fmt.Sprint(newReader, afterwards, writes)
	})
	if real != simulated || real != "false true 1" {
		t.Fatalf("real %q simulated %q", real, simulated)
	}
}

func TestWaitGroupReusedBeforeWaitReturned(t *testing.T) {
	// Two goroutines wait; the group is reused at once after reaching
	// zero. Go's Wait panics when it finds the counter raised again.
	program := func(reuse bool) func() {
		return func() {
			var wg, waiters rtsync.WaitGroup
			wg.Add(1)
			for range 2 {
				waiters.Go(wg.Wait)
			}
			rttime.Sleep(rttime.Millisecond) // both wait by now
			wg.Done()
			if reuse {
				wg.Add(1)
				defer wg.Done()
			}
			waiters.Wait()
		}
	}
	failed, first := rttest.Seeds(50, program(true))
	if failed == 0 || !strings.Contains(first, "sync: WaitGroup is reused before previous Wait has returned") {
		t.Fatalf("reuse: %d of 50 failed, first %q", failed, first)
	}
	if failed, first := rttest.Seeds(50, program(false)); failed > 0 {
		t.Fatalf("no reuse: %s", first)
	}
}
