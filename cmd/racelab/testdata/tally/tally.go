// Package tally is plain Go (sync.Mutex, sync.Once, a WaitGroup, a
// channel, an atomic counter) with plain go tests: the example of
// `racelab mutate` on a package covered by `racelab test`.
package tally

import (
	"sync"
	"sync/atomic"
)

// Tally counts votes per name from many goroutines.
type Tally struct {
	mu     sync.Mutex
	votes  map[string]int
	once   sync.Once
	total  atomic.Int64
	closed bool
}

func (t *Tally) init() { t.votes = map[string]int{} }

// Vote adds one vote for name; it reports false once the tally is closed.
func (t *Tally) Vote(name string) bool {
	t.once.Do(t.init)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return false
	}
	t.votes[name]++
	// The lock makes the load and the store one step; the total is atomic
	// so that Total can read it without the lock.
	n := t.total.Load()
	t.total.Store(n + 1)
	return true
}

// Count is name's votes so far.
func (t *Tally) Count(name string) int {
	t.once.Do(t.init)
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.votes[name]
}

// Total is every vote so far.
func (t *Tally) Total() int64 { return t.total.Load() }

// VoteAll casts every vote of names, from one goroutine per name, and
// returns when all are counted.
func VoteAll(t *Tally, names []string) {
	var wg sync.WaitGroup
	done := make(chan struct{}, len(names))
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.Vote(n)
			done <- struct{}{}
		}()
	}
	wg.Wait()
	for range names {
		<-done
	}
}
