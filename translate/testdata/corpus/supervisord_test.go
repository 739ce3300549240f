package corpus

import (
	"sync"
	"testing"
)

// ochinchina/supervisord issue #223, "Wrong usage of Cond.Signal()": the
// supervisor locked a Cond's mutex, started a process whose callback
// called cond.Signal() without taking the mutex, then called cond.Wait().
// The callback's goroutine could signal before Wait had registered, the
// signal was lost and the supervisor waited forever. The fix the reporter
// proposed (and we take): lock cond.L around Signal, so the signal can
// only come after Wait released the lock.

func supervisordStart(onStarted func()) { go onStarted() }

func supervisordScenario(lockAroundSignal bool) {
	cond := sync.NewCond(&sync.Mutex{})
	cond.L.Lock()
	supervisordStart(func() {
		if lockAroundSignal {
			cond.L.Lock()
			defer cond.L.Unlock()
		}
		cond.Signal()
	})
	cond.Wait()
	cond.L.Unlock()
}

func TestSupervisordBuggy(t *testing.T) { supervisordScenario(false) }
func TestSupervisordFixed(t *testing.T) { supervisordScenario(true) }
