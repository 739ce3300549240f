package cache

import (
	"errors"
	"fmt"
	"time"

	"github.com/racelab/racelab/sim"
)

// Fault kinds of cache calls.
const (
	FaultError     sim.FaultKind = "cache.error"
	FaultLostReply sim.FaultKind = "cache.lost-reply"
)

var (
	// ErrBackend is what a failed call returns: the backend could not be
	// reached or answered with an error.
	ErrBackend = errors.New("cache: backend error")
	// ErrNotFound is Incr's error for an absent key.
	ErrNotFound = errors.New("cache: not found")
	// ErrNotInteger is Incr's error for a value that is not an int64.
	ErrNotInteger = errors.New("cache: value is not an integer")
)

// Cache is one cache server. Values are any Go values; Incr needs int64.
// Its methods must be called from the World's threads.
type Cache struct {
	w       *sim.World
	name    string
	entries map[string]entry
	down    bool
}

type entry struct {
	value   any
	expires time.Duration // virtual time since the start; 0: never
}

// New returns an empty cache named name.
func New(w *sim.World, name string) *Cache {
	return &Cache{w: w, name: name, entries: map[string]entry{}}
}

// SetDown makes every call fail with ErrBackend (true) or work again
// (false). It is not a yield point.
func (c *Cache) SetDown(down bool) { c.down = down }

// call is the common prologue: a yield point and fault point labelled with
// the operation and key. It reports whether the call must fail before
// taking effect, and whether its reply will be lost after.
func (c *Cache) call(op, key string) (fail, lost bool) {
	f := c.w.FaultPoint(fmt.Sprintf("%s %s %s", c.name, op, key), FaultError, FaultLostReply)
	return c.down || f == FaultError, f == FaultLostReply
}

func (c *Cache) live(key string) (entry, bool) {
	e, ok := c.entries[key]
	if ok && e.expires > 0 && c.w.Elapsed() >= e.expires {
		delete(c.entries, key)
		return entry{}, false
	}
	return e, ok
}

func (c *Cache) expiry(ttl time.Duration) time.Duration {
	if ttl <= 0 {
		return 0
	}
	return c.w.Elapsed() + ttl
}

// Get returns the value of key and whether it is present.
func (c *Cache) Get(key string) (any, bool, error) {
	fail, lost := c.call("get", key)
	if fail {
		return nil, false, ErrBackend
	}
	e, ok := c.live(key)
	if lost {
		return nil, false, ErrBackend
	}
	return e.value, ok, nil
}

// Set stores value under key, expiring after ttl (0: never).
func (c *Cache) Set(key string, value any, ttl time.Duration) error {
	fail, lost := c.call("set", key)
	if fail {
		return ErrBackend
	}
	c.entries[key] = entry{value: value, expires: c.expiry(ttl)}
	if lost {
		return ErrBackend
	}
	return nil
}

// Add stores value under key only if key is absent, and reports whether it
// did.
func (c *Cache) Add(key string, value any, ttl time.Duration) (bool, error) {
	fail, lost := c.call("add", key)
	if fail {
		return false, ErrBackend
	}
	_, present := c.live(key)
	if !present {
		c.entries[key] = entry{value: value, expires: c.expiry(ttl)}
	}
	if lost {
		return false, ErrBackend
	}
	return !present, nil
}

// Incr adds delta to the int64 under key and returns the new value. An
// absent key is ErrNotFound, a value of another type ErrNotInteger.
func (c *Cache) Incr(key string, delta int64) (int64, error) {
	fail, lost := c.call("incr", key)
	if fail {
		return 0, ErrBackend
	}
	e, ok := c.live(key)
	if !ok {
		return 0, ErrNotFound
	}
	v, isInt := e.value.(int64)
	if !isInt {
		return 0, ErrNotInteger
	}
	e.value = v + delta
	c.entries[key] = e
	if lost {
		return 0, ErrBackend
	}
	return v + delta, nil
}

// Delete removes key and reports whether it was present.
func (c *Cache) Delete(key string) (bool, error) {
	fail, lost := c.call("delete", key)
	if fail {
		return false, ErrBackend
	}
	_, ok := c.live(key)
	delete(c.entries, key)
	if lost {
		return false, ErrBackend
	}
	return ok, nil
}

// Peek returns the value under key without a yield point or fault, for
// checks made by the harness.
func (c *Cache) Peek(key string) (any, bool) { return c.live(key) }
