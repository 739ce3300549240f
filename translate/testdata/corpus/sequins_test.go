package corpus

import (
	"sync"
	"testing"
)

// stripe-archive/sequins PR #90, "If we acquire w.lock and w.hooksLock,
// acquire the former first": the watcher's refresh path took its state
// lock and then the hooks lock, while adding a hook took the hooks lock and
// then the state lock. A refresh racing a new hook deadlocked, each
// goroutine holding the lock the other wanted. The fix takes w.lock first
// on both paths.

type sequinsWatcher struct {
	lock, hooksLock sync.Mutex
	version         int
	hooks           []func(int)
}

func (w *sequinsWatcher) refresh() {
	w.lock.Lock()
	defer w.lock.Unlock()
	w.version++
	w.hooksLock.Lock()
	hooks := w.hooks
	w.hooksLock.Unlock()
	for _, h := range hooks {
		h(w.version)
	}
}

// addHookBuggy reads the version to call the new hook once, locking in
// the opposite order.
func (w *sequinsWatcher) addHookBuggy(h func(int)) {
	w.hooksLock.Lock()
	defer w.hooksLock.Unlock()
	w.lock.Lock()
	v := w.version
	w.lock.Unlock()
	w.hooks = append(w.hooks, h)
	h(v)
}

// addHookFixed takes w.lock first, as refresh does.
func (w *sequinsWatcher) addHookFixed(h func(int)) {
	w.lock.Lock()
	defer w.lock.Unlock()
	w.hooksLock.Lock()
	defer w.hooksLock.Unlock()
	w.hooks = append(w.hooks, h)
	h(w.version)
}

func sequinsScenario(add func(*sequinsWatcher, func(int))) {
	var w sequinsWatcher
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); w.refresh() }()
	go func() { defer wg.Done(); add(&w, func(int) {}) }()
	wg.Wait()
}

func TestSequinsBuggy(t *testing.T) { sequinsScenario((*sequinsWatcher).addHookBuggy) }
func TestSequinsFixed(t *testing.T) { sequinsScenario((*sequinsWatcher).addHookFixed) }
