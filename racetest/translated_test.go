package racetest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/racetest"
	racelablang "github.com/racelab/racelab/rt/lang"
	rtsync "github.com/racelab/racelab/rt/sync"
	"github.com/racelab/racelab/rt/sync/atomic"
	rttime "github.com/racelab/racelab/rt/time"
)

// The programs below are written by hand as the translator writes them
// (go statements through racelablang.Go, channels as racelablang.Chan,
// select through racelablang.Select, sync, sync/atomic and time swapped
// for rt's), each a small real bug and its fix.

// lockOrder: two goroutines take two locks in opposite orders.
func lockOrder(fixed bool) func(t *racetest.T) {
	return func(t *racetest.T) {
		var a, b rtsync.Mutex
		var wg rtsync.WaitGroup
		balance := 0
		first, second := &b, &a
		if fixed {
			first, second = &a, &b
		}
		wg.Add(2)
		racelablang.Go("bank.transfer", "bank_test.go:20", func() {
			defer wg.Done()
			a.Lock()
			b.Lock()
			balance++
			b.Unlock()
			a.Unlock()
		})
		{
			a0, a1 := first, second
			racelablang.Go("bank.transfer", "bank_test.go:27", func() {
				defer wg.Done()
				a0.Lock()
				a1.Lock()
				balance--
				a1.Unlock()
				a0.Unlock()
			})
		}
		wg.Wait()
	}
}

// closedSend: the caller gives up after a timeout and closes the result
// channel the worker is about to send on. The fix never closes it and
// gives it room for the one result.
func closedSend(fixed bool) func(t *racetest.T) {
	return func(t *racetest.T) {
		n := 0
		if fixed {
			n = 1
		}
		results := racelablang.MakeChan[int](n)
		racelablang.Go("worker.run", "worker_test.go:12", func() {
			rttime.Sleep(5 * rttime.Millisecond)
			results.Send(42)
		})
		switch racelabI, racelabV, _ := racelablang.Select(racelablang.Recv(results), racelablang.Recv(rttime.After(5*rttime.Millisecond))); racelabI {
		case 0:
			if v := racelabV.(int); v != 42 {
				t.Errorf("got %d", v)
			}
		case 1:
			t.Log("timed out")
		}
		if !fixed {
			results.Close()
		}
	}
}

// leak: on timeout nobody receives the worker's result, and the worker
// blocks on its send forever after the test returned.
func leak(fixed bool) func(t *racetest.T) {
	return func(t *racetest.T) {
		n := 0
		if fixed {
			n = 1
		}
		done := racelablang.MakeChan[string](n)
		racelablang.Go("fetch.get", "fetch_test.go:30", func() {
			rttime.Sleep(10 * rttime.Millisecond)
			done.Send("page")
		})
		switch racelabI, _, _ := racelablang.Select(racelablang.Recv(done), racelablang.Recv(rttime.After(10*rttime.Millisecond))); racelabI {
		case 0:
		case 1:
			t.Log("timeout")
		}
	}
}

// lostUpdate: an increment made of an atomic Load and a later Store.
func lostUpdate(fixed bool) func(t *racetest.T) {
	return func(t *racetest.T) {
		var hits atomic.Int64
		var wg rtsync.WaitGroup
		for i := 0; i < 2; i++ {
			wg.Add(1)
			racelablang.Go("counter.hit", "counter_test.go:15", func() {
				defer wg.Done()
				if fixed {
					hits.Add(1)
					return
				}
				v := hits.Load()
				hits.Store(v + 1)
			})
		}
		wg.Wait()
		if got := hits.Load(); got != 2 {
			t.Fatalf("hits = %d, want 2", got)
		}
	}
}

// tickerLeak: a poller loops on a ticker until stop is closed, and the
// test returns without closing it or stopping the ticker.
func tickerLeak(fixed bool) func(t *racetest.T) {
	return func(t *racetest.T) {
		stop := racelablang.MakeChan[struct{}](0)
		polls := 0
		tk := rttime.NewTicker(rttime.Second)
		racelablang.Go("poller.run", "poller_test.go:8", func() {
			for {
				switch racelabI, _, _ := racelablang.Select(racelablang.Recv(tk.C), racelablang.Recv(stop)); racelabI {
				case 0:
					polls++
				case 1:
					return
				}
			}
		})
		rttime.Sleep(3 * rttime.Second)
		if fixed {
			tk.Stop()
			stop.Close()
		}
	}
}

// recorder is a testing.TB that keeps the failure instead of failing.
type failRecorder struct {
	testing.TB
	failed  []string
	skipped bool
}

func (r *failRecorder) Fatalf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}
func (r *failRecorder) Errorf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}
func (r *failRecorder) Log(args ...any)                 {}
func (r *failRecorder) Logf(format string, args ...any) {}
func (r *failRecorder) Skip(args ...any)                { r.skipped = true }

func TestRunTranslatedFindsBugs(t *testing.T) {
	cases := []struct {
		name    string
		program func(fixed bool) func(t *racetest.T)
		want    string // in the failure message
	}{
		{"lockOrder", lockOrder, "racelab: deadlock:"},
		{"closedSend", closedSend, "send on closed channel"},
		{"leak", leak, "racelab: leak:"},
		{"lostUpdate", lostUpdate, "hits = 1, want 2"},
		{"tickerLeak", tickerLeak, "racelab: leak: main returned but 1 thread(s) stay blocked forever: poller.run@poller_test.go:8 waits on select"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for seed := uint64(1); seed <= 10; seed++ {
				buggy := &failRecorder{TB: t}
				racetest.RunTranslatedWith(buggy, "Test"+c.name, c.program(false),
					explore.Config{Seed: seed, Schedules: 200, Workers: 1}, t.TempDir())
				if len(buggy.failed) == 0 || !strings.Contains(buggy.failed[0], c.want) {
					t.Fatalf("seed %d: the bug was not found as %q: %q", seed, c.want, buggy.failed)
				}
				if !strings.Contains(buggy.failed[0], "To reproduce: racelab test -run '^Test"+c.name+"$' -replay ") {
					t.Fatalf("seed %d: no replay line: %s", seed, buggy.failed[0])
				}
				// The fix stays clean over the default budget (a fifth with -short).
				budget := 1000
				if testing.Short() {
					budget = 200
				}
				fixed := &failRecorder{TB: t}
				racetest.RunTranslatedWith(fixed, "Test"+c.name, c.program(true),
					explore.Config{Seed: seed, Schedules: budget, Workers: 1}, t.TempDir())
				if len(fixed.failed) > 0 {
					t.Fatalf("seed %d: the fixed form failed: %s", seed, fixed.failed[0])
				}
			}
		})
	}
}
