package cachesync

import (
	"errors"
	"sync/atomic"
	"time"

	"github.com/racelab/racelab/sim/cache"
)

// Variant selects the form of the code.
type Variant int

const (
	// Buggy is the 5.0 code: a cache error in IsExpired means "not
	// expired", and a failed add in fetch-or-create keeps the stale
	// generation.
	Buggy Variant = iota
	// Fixed is the code after 63a2cdf4: an error means expired, and a
	// failed add records a fresh generation before the error goes on.
	Fixed
)

// Cache is what the synchronizer needs of a cache; *cache.Cache has it.
type Cache interface {
	Get(key string) (any, bool, error)
	Add(key string, value any, ttl time.Duration) (bool, error)
	Incr(key string, delta int64) (int64, error)
	Delete(key string) (bool, error)
}

// Clock gives the generation a synchronizer creates. Djblets uses the Unix
// time in seconds, which can collide with a stored generation (spec 2.6):
// here every value is a new multiple of ClockStep, so a fresh value never
// equals a stored generation, which only ever grows by increments of one
// from such a value.
type Clock struct{ n atomic.Int64 }

// ClockStep is the distance between two clock values; no generation is
// incremented that many times in a run.
const ClockStep = 1 << 20

// Now returns a new, never repeated, generation value.
func (c *Clock) Now() int64 { return c.n.Add(1) * ClockStep }

// Synchronizer is one process's view of a shared generation number.
// It is used by one thread at a time, as a Django process's instance is.
type Synchronizer struct {
	cache   Cache
	key     string
	clock   *Clock
	variant Variant
	gen     int64
	hasGen  bool // Python's sync_gen is not None
}

// New returns a synchronizer and fetches or creates the generation; an
// error is swallowed (and logged, in Djblets), as in __init__.
func New(c Cache, key string, clock *Clock, v Variant) *Synchronizer {
	s := &Synchronizer{cache: c, key: key, clock: clock, variant: v}
	s.fetchOrCreate()
	return s
}

// fetchOrCreate adds the generation "now" if there is none, or reads the
// stored one.
func (s *Synchronizer) fetchOrCreate() error {
	now := s.clock.Now()
	stored, err := s.cache.Add(s.key, now, 0)
	if err != nil {
		if s.variant == Fixed {
			// The fix: remember a generation nobody else has, so the next
			// successful check reports expired.
			s.gen, s.hasGen = now, true
		}
		return err
	}
	if stored {
		s.gen, s.hasGen = now, true
		return nil
	}
	v, ok, err := s.cache.Get(s.key)
	if err != nil {
		return err
	}
	s.gen, s.hasGen = asGen(v, ok)
	return nil
}

func asGen(v any, ok bool) (int64, bool) {
	if !ok {
		return 0, false
	}
	g, isInt := v.(int64)
	return g, isInt
}

// IsExpired reports whether the stored generation differs from this
// process's. On a cache error the buggy form answers false, the fixed form
// true.
func (s *Synchronizer) IsExpired() bool {
	v, ok, err := s.cache.Get(s.key)
	if err != nil {
		return s.variant == Fixed
	}
	if !ok {
		return true
	}
	g, isInt := v.(int64)
	// Python: v is None or (type(v) is int and v != self.sync_gen); a
	// None sync_gen differs from every int.
	return isInt && (!s.hasGen || g != s.gen)
}

// Refresh fetches or creates the generation again; errors are swallowed.
func (s *Synchronizer) Refresh() { s.fetchOrCreate() }

// MarkUpdated increments the stored generation, or creates it when it is
// missing; errors are swallowed.
func (s *Synchronizer) MarkUpdated() {
	g, err := s.cache.Incr(s.key, 1)
	switch {
	case errors.Is(err, cache.ErrNotFound):
		s.fetchOrCreate()
	case err == nil:
		s.gen, s.hasGen = g, true
	}
}

// Clear deletes the stored generation; errors are swallowed.
func (s *Synchronizer) Clear() { s.cache.Delete(s.key) }

// Generation returns this process's generation and whether it has one, for
// the harness.
func (s *Synchronizer) Generation() (int64, bool) { return s.gen, s.hasGen }
