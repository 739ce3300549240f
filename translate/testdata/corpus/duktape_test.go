package corpus

import (
	"sync"
	"testing"
)

// olebedev/go-duktape issue #36, "Possible race condition in
// *ctxIndex.add": add looked for the context in the index under the read
// lock, released it, allocated a new entry and inserted it under the write
// lock. Two goroutines adding the same context both missed and both
// inserted, under two different keys. The fix checks again after taking
// the write lock.

type dukCtx struct{ name string }

type dukIndex struct {
	mu   sync.RWMutex
	ptrs map[int]*dukCtx
	next int
}

func (i *dukIndex) find(c *dukCtx) (int, bool) {
	for k, v := range i.ptrs {
		if v == c {
			return k, true
		}
	}
	return 0, false
}

func (i *dukIndex) addBuggy(c *dukCtx) int {
	i.mu.RLock()
	k, ok := i.find(c)
	i.mu.RUnlock()
	if ok {
		return k
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	i.next++
	i.ptrs[i.next] = c
	return i.next
}

func (i *dukIndex) addFixed(c *dukCtx) int {
	i.mu.RLock()
	k, ok := i.find(c)
	i.mu.RUnlock()
	if ok {
		return k
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if k, ok := i.find(c); ok {
		return k
	}
	i.next++
	i.ptrs[i.next] = c
	return i.next
}

func duktapeScenario(t *testing.T, add func(*dukIndex, *dukCtx) int) {
	idx := &dukIndex{ptrs: map[int]*dukCtx{}}
	ctx := &dukCtx{name: "vm"}
	keys := make([]int, 2)
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); keys[g] = add(idx, ctx) }()
	}
	wg.Wait()
	if len(idx.ptrs) != 1 || keys[0] != keys[1] {
		t.Errorf("one context indexed under keys %v (%d entries)", keys, len(idx.ptrs))
	}
}

func TestDuktapeBuggy(t *testing.T) { duktapeScenario(t, (*dukIndex).addBuggy) }
func TestDuktapeFixed(t *testing.T) { duktapeScenario(t, (*dukIndex).addFixed) }
