package db

import (
	"fmt"
	"slices"
	"time"

	"github.com/racelab/racelab/sim"
)

// namedLock is a lock owned by a connection.
type namedLock struct {
	owner *Conn
	count int
	q     *sim.WaitQueue
}

func (db *DB) namedLock(name string) *namedLock {
	l := db.locks[name]
	if l == nil {
		l = &namedLock{q: db.w.NewWaitQueue("lock " + name)}
		l.q.Holders = func() []string {
			if l.owner == nil {
				return nil
			}
			return l.owner.threads
		}
		db.locks[name] = l
	}
	return l
}

func (l *namedLock) release() {
	l.owner, l.count = nil, 0
	l.q.NotifyAll()
}

// Lock takes the named lock, waiting up to timeout of virtual time while
// another connection holds it (GET_LOCK(name, timeout)); it reports whether
// it got it. A connection may take a lock it holds again. The lock is
// released by Unlock, or when the connection drops or closes.
func (c *Conn) Lock(name string, timeout time.Duration) (bool, error) {
	if _, err := c.point("get_lock "+name, FaultDisconnect); err != nil {
		return false, err
	}
	w := c.db.w
	deadline := w.Elapsed() + timeout
	l := c.db.namedLock(name)
	for l.owner != nil && l.owner != c {
		left := deadline - w.Elapsed()
		if left <= 0 || l.q.Wait(fmt.Sprintf("named lock %s (held by %s)", name, l.owner.name), left) {
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
	if _, err := c.point("release_lock "+name, FaultDisconnect); err != nil {
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
func (c *Conn) HoldsLock(name string) bool { return slices.Contains(c.locks, name) }
