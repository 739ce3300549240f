package db

import (
	"fmt"
	"slices"
	"time"
)

// namedLock is a lock owned by a connection (GET_LOCK, a session-level
// advisory lock), counted: its owner may take it again.
type namedLock struct {
	owner *Conn
	count int
	w     *waiters
}

// namedLock returns the lock of that name. The caller holds db.mu.
func (db *DB) namedLock(name string) *namedLock {
	l := db.locks[name]
	if l == nil {
		l = &namedLock{}
		l.w = db.newWaiters("lock "+name, l.holders)
		db.locks[name] = l
	}
	return l
}

func (l *namedLock) holders() []*Conn {
	if l.owner == nil {
		return nil
	}
	return []*Conn{l.owner}
}

// release frees the lock and wakes its waiters. The caller holds db.mu.
func (l *namedLock) release() {
	l.owner, l.count = nil, 0
	l.w.notify()
}

// Lock takes the named lock, waiting up to timeout of virtual time while
// another connection holds it (GET_LOCK(name, timeout)); it reports whether
// it got it. A connection may take a lock it holds again. The lock is
// released by Unlock, or when the connection drops or closes. A wait takes
// part in deadlock detection with the row locks: a victim gets
// ErrDeadlock, and its open transaction fails with it.
func (c *Conn) Lock(name string, timeout time.Duration) (bool, error) {
	db := c.db
	_, err := c.point("get_lock "+name, FaultDisconnect)
	defer db.mu.Unlock()
	if err != nil {
		return false, err
	}
	l := db.namedLock(name)
	ws := waitState{named: true}
	for l.owner != nil && l.owner != c {
		if timeout <= 0 {
			return false, nil
		}
		err := c.block(&ws, l.w, fmt.Sprintf("named lock %s", name), timeout, l.holders)
		if err == ErrLockTimeout {
			return false, nil
		}
		if err != nil {
			return false, err
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
