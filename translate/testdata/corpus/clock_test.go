package corpus

import (
	"sync"
	"testing"
	"time"
)

// benbjohnson/clock issue #33, "Re-entrant mock timer calls cause
// deadlock": the mock clock's Add ran due AfterFunc callbacks while
// holding the clock's lock, so a callback that called back into the clock
// (stopping another timer) locked the same mutex again and deadlocked. The
// fix (as in PRs #27 and #32) collects the due callbacks under the lock
// and calls them after releasing it.

type mockClock struct {
	mu     sync.Mutex
	now    time.Duration
	timers []*mockTimer
}

type mockTimer struct {
	c       *mockClock
	at      time.Duration
	fn      func()
	stopped bool
	fired   bool
}

func (c *mockClock) afterFunc(d time.Duration, fn func()) *mockTimer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &mockTimer{c: c, at: c.now + d, fn: fn}
	c.timers = append(c.timers, t)
	return t
}

func (t *mockTimer) stop() {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	t.stopped = true
}

func (c *mockClock) addBuggy(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now += d
	for _, t := range c.timers {
		if !t.stopped && !t.fired && t.at <= c.now {
			t.fired = true
			t.fn() // under c.mu
		}
	}
}

func (c *mockClock) addFixed(d time.Duration) {
	c.mu.Lock()
	c.now += d
	var due []func()
	for _, t := range c.timers {
		if !t.stopped && !t.fired && t.at <= c.now {
			t.fired = true
			due = append(due, t.fn)
		}
	}
	c.mu.Unlock()
	for _, fn := range due {
		fn()
	}
}

func clockScenario(t *testing.T, add func(*mockClock, time.Duration)) {
	c := &mockClock{}
	fired := false
	long := c.afterFunc(20*time.Second, func() { fired = true })
	c.afterFunc(10*time.Second, func() { long.stop() })
	add(c, 15*time.Second)
	add(c, 15*time.Second)
	if fired {
		t.Error("a stopped timer fired")
	}
}

func TestClockBuggy(t *testing.T) { clockScenario(t, (*mockClock).addBuggy) }
func TestClockFixed(t *testing.T) { clockScenario(t, (*mockClock).addFixed) }
