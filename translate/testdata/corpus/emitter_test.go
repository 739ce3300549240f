package corpus

import (
	"sync"
	"sync/atomic"
	"testing"
)

// emitter-io/emitter PR #372, "conn.Track(): CompareAndSwapUint32": a
// connection was marked as tracked by an atomic load of the flag followed,
// if it was clear, by an atomic store; two concurrent Track calls both saw
// the flag clear and both counted the connection. The fix is one
// CompareAndSwap.

type emitterConn struct {
	tracked uint32
	count   *atomic.Int64
}

func (c *emitterConn) trackBuggy() {
	if atomic.LoadUint32(&c.tracked) == 0 {
		atomic.StoreUint32(&c.tracked, 1)
		c.count.Add(1)
	}
}

func (c *emitterConn) trackFixed() {
	if atomic.CompareAndSwapUint32(&c.tracked, 0, 1) {
		c.count.Add(1)
	}
}

func emitterScenario(t *testing.T, track func(*emitterConn)) {
	var count atomic.Int64
	c := &emitterConn{count: &count}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); track(c) }()
	}
	wg.Wait()
	if n := count.Load(); n != 1 {
		t.Errorf("one connection counted %d times", n)
	}
}

func TestEmitterBuggy(t *testing.T) { emitterScenario(t, (*emitterConn).trackBuggy) }
func TestEmitterFixed(t *testing.T) { emitterScenario(t, (*emitterConn).trackFixed) }
