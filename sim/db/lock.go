package db

import (
	"fmt"
	"slices"
	"time"

	"github.com/racelab/racelab/sim"
)

// namedLock is a lock owned by a connection. Waiters wait on the World's
// queue under the simulator, and for released to close on real goroutines.
type namedLock struct {
	owner    *Conn
	count    int
	q        *sim.WaitQueue
	released chan struct{}
}

// namedLock returns the lock of that name. The caller holds db.mu.
func (db *DB) namedLock(name string) *namedLock {
	l := db.locks[name]
	if l == nil {
		l = &namedLock{released: make(chan struct{})}
		if db.world != nil {
			l.q = db.world.NewWaitQueue("lock " + name)
			l.q.Holders = func() []string {
				if l.owner == nil {
					return nil
				}
				return l.owner.threads
			}
		}
		db.locks[name] = l
	}
	return l
}

// release frees the lock and wakes its waiters. The caller holds db.mu.
func (l *namedLock) release() {
	l.owner, l.count = nil, 0
	if l.q != nil {
		l.q.NotifyAll()
		return
	}
	close(l.released)
	l.released = make(chan struct{})
}

// wait waits, without db.mu, until the lock is released or d passes, and
// reports whether d passed. The caller holds db.mu.
func (db *DB) wait(l *namedLock, desc string, d time.Duration) bool {
	if l.q == nil {
		return db.waitReal(l, d)
	}
	db.mu.Unlock()
	defer db.mu.Lock()
	return l.q.Wait(desc, d)
}

// Lock takes the named lock, waiting up to timeout of virtual time while
// another connection holds it (GET_LOCK(name, timeout)); it reports whether
// it got it. A connection may take a lock it holds again. The lock is
// released by Unlock, or when the connection drops or closes.
func (c *Conn) Lock(name string, timeout time.Duration) (bool, error) {
	db := c.db
	_, err := c.point("get_lock "+name, FaultDisconnect)
	defer db.mu.Unlock()
	if err != nil {
		return false, err
	}
	deadline := db.env.Now().Add(timeout)
	l := db.namedLock(name)
	for l.owner != nil && l.owner != c {
		left := deadline.Sub(db.env.Now())
		if left <= 0 || db.wait(l, fmt.Sprintf("named lock %s (held by %s)", name, l.owner.name), left) {
			return false, nil
		}
		if c.dead {
			return false, ErrDisconnected
		}
	}
	if l.owner != c {
		c.locks = append(c.locks, name)
	}
	l.owner = c
	l.count++
	return true, nil
}

// Unlock releases the named lock once (RELEASE_LOCK) and reports whether
// the connection held it.
func (c *Conn) Unlock(name string) (bool, error) {
	_, err := c.point("release_lock "+name, FaultDisconnect)
	defer c.db.mu.Unlock()
	if err != nil {
		return false, err
	}
	l := c.db.locks[name]
	if l == nil || l.owner != c {
		return false, nil
	}
	l.count--
	if l.count == 0 {
		c.locks = slices.DeleteFunc(c.locks, func(n string) bool { return n == name })
		l.release()
	}
	return true, nil
}

// HoldsLock reports whether the connection holds the named lock. It is not
// a yield point: a connection knows its own locks.
func (c *Conn) HoldsLock(name string) bool {
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	return slices.Contains(c.locks, name)
}
