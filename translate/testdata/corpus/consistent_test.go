package corpus

import (
	"sync"
	"testing"
)

// buraksezer/consistent issue #23, "RLock called twice in GetClosestN and
// cause the deadlock": GetClosestN held the ring's read lock and called
// GetPartitionOwner, which took the read lock again. sync.RWMutex prefers
// writers: once Add is waiting for the write lock, the second RLock waits
// behind it, and Add waits for the first RLock to be released. The fix
// has GetClosestN call an unexported helper that assumes the lock is held.

type consistentRing struct {
	mu     sync.RWMutex
	owners []string
}

func (r *consistentRing) ownerLocked(partition int) string {
	return r.owners[partition%len(r.owners)]
}

func (r *consistentRing) owner(partition int) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.ownerLocked(partition)
}

func (r *consistentRing) closestNBuggy(partition, n int) []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []string
	for i := range n {
		out = append(out, r.owner(partition+i)) // RLock again
	}
	return out
}

func (r *consistentRing) closestNFixed(partition, n int) []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []string
	for i := range n {
		out = append(out, r.ownerLocked(partition+i))
	}
	return out
}

func (r *consistentRing) add(member string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.owners = append(r.owners, member)
}

func consistentScenario(t *testing.T, closest func(*consistentRing, int, int) []string) {
	r := &consistentRing{owners: []string{"a", "b"}}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if got := closest(r, 1, 2); len(got) != 2 {
			t.Errorf("closest 2 members: got %v", got)
		}
	}()
	go func() { defer wg.Done(); r.add("c") }()
	wg.Wait()
}

func TestConsistentBuggy(t *testing.T) { consistentScenario(t, (*consistentRing).closestNBuggy) }
func TestConsistentFixed(t *testing.T) { consistentScenario(t, (*consistentRing).closestNFixed) }
