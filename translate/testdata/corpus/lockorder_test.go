package corpus

import (
	"sync"
	"testing"
)

// A two-lock order inversion. Placeholder for the e2e check.
type lockOrderStore struct {
	mu, idx sync.Mutex
	n       int
}

func (s *lockOrderStore) put()   { s.mu.Lock(); s.idx.Lock(); s.n++; s.idx.Unlock(); s.mu.Unlock() }
func (s *lockOrderStore) index() { s.idx.Lock(); s.mu.Lock(); s.n++; s.mu.Unlock(); s.idx.Unlock() }

func TestLockOrderBuggy(t *testing.T) {
	var s lockOrderStore
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); s.put() }()
	go func() { defer wg.Done(); s.index() }()
	wg.Wait()
}
