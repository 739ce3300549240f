package corpus

import (
	"sync"
	"sync/atomic"
	"testing"
)

// dankomiocevic/ghoti PR #87, "Change atomic counter to use lock instead
// reader lock": the server's counter slot incremented its value with an
// atomic load then an atomic store while holding only the read lock, so
// two increments could both load the same value and one was lost. The fix
// takes the write lock for the read-modify-write.

type ghotiCounter struct {
	mu    sync.RWMutex
	value int64
}

func (c *ghotiCounter) incrementBuggy() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v := atomic.LoadInt64(&c.value)
	atomic.StoreInt64(&c.value, v+1)
}

func (c *ghotiCounter) incrementFixed() {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := atomic.LoadInt64(&c.value)
	atomic.StoreInt64(&c.value, v+1)
}

func ghotiScenario(t *testing.T, inc func(*ghotiCounter)) {
	var c ghotiCounter
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); inc(&c) }()
	}
	wg.Wait()
	if got := atomic.LoadInt64(&c.value); got != 2 {
		t.Errorf("two increments gave %d", got)
	}
}

func TestGhotiBuggy(t *testing.T) { ghotiScenario(t, (*ghotiCounter).incrementBuggy) }
func TestGhotiFixed(t *testing.T) { ghotiScenario(t, (*ghotiCounter).incrementFixed) }
