package corpus

import (
	"sync"
	"testing"
)

// oasisprotocol/oasis-core issue #2547, "Requesting shutdown twice
// results in a panic": two `oasis-node control shutdown` requests each
// called the registration worker's RequestDeregistration, which closed the
// deregistration channel unconditionally; the second close panicked. The
// fix remembers, under the worker's lock, that deregistration was already
// requested.

type oasisWorker struct {
	mu        sync.Mutex
	requested bool
	deregCh   chan struct{}
}

func (w *oasisWorker) requestDeregistrationBuggy() {
	close(w.deregCh)
}

func (w *oasisWorker) requestDeregistrationFixed() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.requested {
		return
	}
	w.requested = true
	close(w.deregCh)
}

// oasisScenario: two control connections ask for a shutdown at once.
func oasisScenario(request func(*oasisWorker)) {
	w := &oasisWorker{deregCh: make(chan struct{})}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); request(w) }()
	}
	<-w.deregCh
	wg.Wait()
}

func TestOasisBuggy(t *testing.T) { oasisScenario((*oasisWorker).requestDeregistrationBuggy) }
func TestOasisFixed(t *testing.T) { oasisScenario((*oasisWorker).requestDeregistrationFixed) }
