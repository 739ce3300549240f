package corpus

import (
	"sync"
	"testing"
)

// ti-mo/conntrack PR #42, "Add to wait group prior to starting event
// worker": Listen started the event worker goroutine, which called
// wg.Add(1) itself; Close closed the event source and called wg.Wait. In
// quick succession Wait could run before the worker's Add, and either
// panic ("WaitGroup is reused before previous Wait has returned") or
// return while the worker was still running. The fix calls Add before the
// go statement.

type conntrackConn struct {
	wg      sync.WaitGroup
	events  chan int
	mu      sync.Mutex
	running bool
}

func (c *conntrackConn) worker() {
	defer c.wg.Done()
	c.mu.Lock()
	c.running = true
	c.mu.Unlock()
	for range c.events {
	}
	c.mu.Lock()
	c.running = false
	c.mu.Unlock()
}

func (c *conntrackConn) listenBuggy() {
	go func() {
		c.wg.Add(1)
		c.worker()
	}()
}

func (c *conntrackConn) listenFixed() {
	c.wg.Add(1)
	go c.worker()
}

func (c *conntrackConn) close() {
	close(c.events)
	c.wg.Wait()
}

func conntrackScenario(t *testing.T, listen func(*conntrackConn)) {
	c := &conntrackConn{events: make(chan int)}
	listen(c)
	c.close()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		t.Error("Close returned while the event worker was still running")
	}
}

func TestConntrackBuggy(t *testing.T) { conntrackScenario(t, (*conntrackConn).listenBuggy) }
func TestConntrackFixed(t *testing.T) { conntrackScenario(t, (*conntrackConn).listenFixed) }
