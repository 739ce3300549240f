package cache

import (
	"errors"
	"slices"
	"sync"
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

// Env is what a cache needs from its runtime: fault points and a clock.
// Both *sim.World and sim.Runtime (native or simulated) provide it.
type Env interface {
	FaultPoint(label string, kinds ...sim.FaultKind) sim.FaultKind
	Now() time.Time
}

// Cache is one cache server. Values are any Go values; Incr needs int64.
// Its methods may be called from any thread of its runtime.
type Cache struct {
	env  Env
	name string
	// mu makes each call atomic on real goroutines; under the simulator
	// only one thread runs at a time and it is never contended.
	mu      sync.Mutex
	entries map[string]entry
	down    bool
	// faultOps, when not nil, names the calls at which faults may fire.
	faultOps []string
}

type entry struct {
	value   any
	expires time.Time // zero: never
}

// New returns an empty cache named name.
func New(env Env, name string) *Cache {
	return &Cache{env: env, name: name, entries: map[string]entry{}}
}

// SetDown makes every call fail with ErrBackend (true) or work again
// (false). It is not a yield point.
func (c *Cache) SetDown(down bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.down = down
}

// call is the common prologue: a yield point and fault point labelled with
// the operation and key. It reports whether the call must fail before
// taking effect, and whether its reply will be lost after.
// SetFaultOps limits the calls at which the fault plan may fail the cache
// to the named ones ("get", "set", "add", "incr", "delete"), so a scenario
// can say where the outage hits; with no name, no call faults. Every call
// is still a yield point. It is not a yield point.
func (c *Cache) SetFaultOps(ops ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.faultOps = append([]string{}, ops...)
}

var faultKinds = []sim.FaultKind{FaultError, FaultLostReply}

// The caller must hold c.mu after it returns.
func (c *Cache) call(op, key string) (fail, lost bool) {
	c.mu.Lock()
	kinds := faultKinds
	if c.faultOps != nil && !slices.Contains(c.faultOps, op) {
		kinds = nil
	}
	c.mu.Unlock()
	// Concatenated, not formatted: built at every call, logged or not.
	f := c.env.FaultPoint(c.name+" "+op+" "+key, kinds...)
	c.mu.Lock()
	return c.down || f == FaultError, f == FaultLostReply
}

func (c *Cache) live(key string) (entry, bool) {
	e, ok := c.entries[key]
	if ok && !e.expires.IsZero() && !c.env.Now().Before(e.expires) {
		delete(c.entries, key)
		return entry{}, false
	}
	return e, ok
}

func (c *Cache) expiry(ttl time.Duration) time.Time {
	if ttl <= 0 {
		return time.Time{}
	}
	return c.env.Now().Add(ttl)
}

// Get returns the value of key and whether it is present.
func (c *Cache) Get(key string) (any, bool, error) {
	fail, lost := c.call("get", key)
	defer c.mu.Unlock()
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
	defer c.mu.Unlock()
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
	defer c.mu.Unlock()
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
	defer c.mu.Unlock()
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
	defer c.mu.Unlock()
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
func (c *Cache) Peek(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.live(key)
	return e.value, ok
}
