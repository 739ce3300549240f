package race_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Real-goroutine twins of the edge tables (edges_test.go), for the
// differential test against Go's own race detector (native_race_test.go).
// Each runs its two accesses on real goroutines, ordered in time by sleeps
// that Go's detector does not count as synchronization, and waits for
// both. withEdge says what Go's detector must find: nothing when the
// program keeps a memory-model edge, a race otherwise.

type twin struct {
	name     string
	withEdge bool // the detector must stay quiet
	run      func()
}

// goDiffers names the twins where Go's race detector disagrees with Go's
// documentation, and why; the test asserts that it still does, so that a Go
// release that changes it is noticed. racelab follows the documentation.
var goDiffers = map[string]string{
	"cond signal -> the wait it wakes": "sync.Cond's doc promises that Signal synchronizes before " +
		"the Wait it unblocks; runtime/race sees only the mutex",
}

// pause orders two goroutines in time without a happens-before edge.
func pause() { time.Sleep(20 * time.Millisecond) }

// both runs f and g as goroutines and waits for them; the wait comes after
// every access, so it orders nothing that matters.
func both(f, g func()) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); f() }()
	go func() { defer wg.Done(); g() }()
	wg.Wait()
}

// signalWait signals a Cond until the goroutine waiting on it has woken,
// with before and after around the signals and then in the waiter after
// Wait; the signaler never takes the Cond's mutex, so only the Cond can
// order the two sides.
func signalWait(before, after, waiter func()) {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	var woken atomic.Bool
	both(func() {
		pause()
		before()
		for !woken.Load() {
			cond.Signal()
			time.Sleep(time.Millisecond)
		}
		after()
	}, func() {
		mu.Lock()
		cond.Wait()
		mu.Unlock()
		woken.Store(true)
		waiter()
	})
}

var twins = []twin{
	{"go statement -> the goroutine's start", true, func() {
		x := 0
		x = 1
		done := make(chan bool)
		go func() { _ = x; done <- true }()
		<-done
	}},
	{"mutex unlock -> later lock", true, func() {
		var mu sync.Mutex
		x := 0
		both(func() { mu.Lock(); x++; mu.Unlock() }, func() { pause(); mu.Lock(); x++; mu.Unlock() })
	}},
	{"rwmutex unlock -> later rlock", true, func() {
		var mu sync.RWMutex
		x := 0
		both(func() { mu.Lock(); x = 1; mu.Unlock() }, func() { pause(); mu.RLock(); _ = x; mu.RUnlock() })
	}},
	{"rwmutex runlock -> later lock", true, func() {
		var mu sync.RWMutex
		x := 0
		both(func() { mu.RLock(); _ = x; mu.RUnlock() }, func() { pause(); mu.Lock(); x = 1; mu.Unlock() })
	}},
	{"buffered send -> its receive", true, func() {
		c := make(chan int, 1)
		x := 0
		both(func() { x = 1; c <- 1 }, func() { pause(); <-c; _ = x })
	}},
	{"buffered send -> a waiting receiver", true, func() {
		c := make(chan int, 1)
		x := 0
		both(func() { pause(); x = 1; c <- 1 }, func() { <-c; _ = x })
	}},
	{"unbuffered send -> its receive", true, func() {
		c := make(chan int)
		x := 0
		both(func() { x = 1; c <- 1 }, func() { pause(); <-c; _ = x })
	}},
	{"unbuffered receive -> its send completes", true, func() {
		c := make(chan int)
		x := 0
		both(func() { pause(); c <- 1; _ = x }, func() { x = 1; <-c })
	}},
	{"close -> a receive of the close", true, func() {
		c := make(chan int)
		x := 0
		both(func() { x = 1; close(c) }, func() { pause(); <-c; _ = x })
	}},
	{"k-th receive -> (k+C)-th send completes", true, func() {
		c := make(chan int, 2)
		c <- 1
		c <- 1
		x := 0
		both(func() { pause(); x++; <-c }, func() { c <- 1; x++ })
	}},
	{"once body -> every Do returns", true, func() {
		var once sync.Once
		x := 0
		both(func() { once.Do(func() { x = 1 }) }, func() { pause(); once.Do(func() {}); _ = x })
	}},
	{"waitgroup done -> wait returns", true, func() {
		var wg sync.WaitGroup
		x := 0
		wg.Add(1)
		go func() { x = 1; wg.Done() }()
		wg.Wait()
		_ = x
	}},
	{"cond signal -> the wait it wakes", true, func() {
		x := 0
		signalWait(func() { x = 1 }, func() {}, func() { _ = x })
	}},
	{"atomic store -> atomic load", true, func() {
		var flag atomic.Int32
		x := 0
		both(func() { x = 1; flag.Store(1) }, func() {
			for flag.Load() == 0 {
				time.Sleep(time.Millisecond)
			}
			_ = x
		})
	}},
	{"atomic add -> atomic add, each checked as an access", true, func() {
		var n int64
		both(func() { atomic.AddInt64(&n, 1) }, func() { pause(); atomic.AddInt64(&n, 1) })
	}},
	{"AfterFunc call -> the callback", true, func() {
		x := 0
		x = 1
		done := make(chan bool)
		time.AfterFunc(time.Millisecond, func() { _ = x; done <- true })
		<-done
	}},
	{"Reset of a timer -> its callback", true, func() {
		x := 0
		done := make(chan bool)
		t := time.AfterFunc(time.Hour, func() { _ = x; done <- true })
		go func() { x = 1; t.Reset(time.Millisecond) }()
		<-done
	}},
	{"NewTimer -> receive of its tick", true, func() {
		x := 0
		x = 1
		t := time.NewTimer(time.Millisecond)
		done := make(chan bool)
		go func() { <-t.C; _ = x; done <- true }()
		<-done
	}},

	{"rwmutex runlock -/-> later rlock", false, func() {
		var mu sync.RWMutex
		x := 0
		both(func() { mu.RLock(); x = 1; mu.RUnlock() }, func() { pause(); mu.RLock(); _ = x; mu.RUnlock() })
	}},
	{"send -/-> the next send", false, func() {
		c := make(chan int, 2)
		x := 0
		both(func() { x = 1; c <- 1 }, func() { pause(); c <- 1; _ = x })
	}},
	{"receive -/-> the next receive", false, func() {
		c := make(chan int, 2)
		c <- 1
		c <- 1
		x := 0
		both(func() { <-c; x = 1 }, func() { pause(); <-c; _ = x })
	}},
	{"k-th receive -/-> (k+C-1)-th send", false, func() {
		c := make(chan int, 2)
		c <- 1
		x := 0
		both(func() { x = 1; <-c }, func() { pause(); c <- 1; _ = x })
	}},
	{"buffered receive -/-> its send", false, func() {
		c := make(chan int, 1)
		x := 0
		both(func() { pause(); c <- 1; _ = x }, func() { x = 1; <-c })
	}},
	{"unlock before the write", false, func() {
		var mu sync.Mutex
		x := 0
		both(func() {
			mu.Lock()
			//lint:ignore SA2001 the point: a critical section that ends before the write orders nothing
			mu.Unlock()
			x = 1
		}, func() { pause(); mu.Lock(); _ = x; mu.Unlock() })
	}},
	{"write after the AfterFunc call", false, func() {
		x := 0
		done := make(chan bool)
		time.AfterFunc(20*time.Millisecond, func() { _ = x; done <- true })
		x = 1
		<-done
	}},
	{"write after NewTimer -/-> receive of its tick", false, func() {
		x := 0
		t := time.NewTimer(20 * time.Millisecond)
		done := make(chan bool)
		go func() { <-t.C; _ = x; done <- true }()
		x = 1
		<-done
	}},
	{"atomics on two locations", false, func() {
		var a, b atomic.Int32
		x := 0
		both(func() { x = 1; a.Store(1) }, func() { pause(); b.Load(); _ = x })
	}},
	{"plain write -/-> atomic load", false, func() {
		var n int32
		both(func() { n = 1 }, func() { pause(); atomic.LoadInt32(&n) })
	}},
	{"atomic store -/-> plain read", false, func() {
		var n int32
		both(func() { atomic.StoreInt32(&n, 1) }, func() { pause(); _ = n })
	}},
	{"signal -/-> the signaler's later events", false, func() {
		x := 0
		signalWait(func() {}, func() { x = 1 }, func() { pause(); _ = x })
	}},
}

// TestTwinsMatchTables keeps the twins honest: each is named after a
// program of the edge tables with the same verdict.
func TestTwinsMatchTables(t *testing.T) {
	verdict := map[string]bool{}
	for _, tc := range edgeCases {
		verdict[tc.name] = true
	}
	for _, tc := range nonEdges {
		verdict[tc.name] = false
	}
	for _, tw := range twins {
		withEdge, ok := verdict[tw.name]
		if !ok || withEdge != tw.withEdge {
			t.Errorf("twin %q: in the tables %v with edge %v, twin says %v", tw.name, ok, withEdge, tw.withEdge)
		}
	}
	for name := range goDiffers {
		if _, ok := verdict[name]; !ok {
			t.Errorf("goDiffers names no program: %q", name)
		}
	}
}
