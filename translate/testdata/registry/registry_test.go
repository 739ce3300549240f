package registry

import (
	"sync"
	"testing"
)

var defaults = []Item{{ID: 1, Name: "d0"}, {ID: 2, Name: "d1"}}

// concurrentPopulate is the catalogue's registry/concurrent-populate: two
// clients read a fresh registry at once, its length and a default item.
func concurrentPopulate(t *testing.T, fixed bool) {
	r := New(fixed, defaults)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if n, err := r.Len(); err != nil || n != len(defaults) {
			t.Errorf("len of a fresh registry: %d, %v; want %d", n, err, len(defaults))
		}
	}()
	go func() {
		defer wg.Done()
		if _, ok, err := r.Get(1); err != nil || !ok {
			t.Errorf("default item 1 of a fresh registry: found %v, %v", ok, err)
		}
	}()
	wg.Wait()
}

func TestConcurrentPopulateBuggy(t *testing.T) { concurrentPopulate(t, false) }
func TestConcurrentPopulateFixed(t *testing.T) { concurrentPopulate(t, true) }

// lazyInstance is registry/lazy-instance: two threads get the registry
// through the lazy accessor at once and must get the same instance.
func lazyInstance(t *testing.T, fixed bool) {
	l := NewLazy(fixed, func() *Registry { return New(fixed, defaults) })
	got := make([]*Registry, 2)
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i] = l.Registry() }()
	}
	wg.Wait()
	if got[0] != got[1] {
		t.Error("the lazy accessor built two registries")
	}
}

func TestLazyInstanceBuggy(t *testing.T) { lazyInstance(t, false) }
func TestLazyInstanceFixed(t *testing.T) { lazyInstance(t, true) }
