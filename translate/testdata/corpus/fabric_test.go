package corpus

import (
	"sync"
	"testing"
)

// hyperledger-labs/fabric-smart-client PR #632, "add closing state to
// prevent send on closed channel panic": with several subscribers, the
// event dispatcher (OnReceive) copied the subscriber channels under the
// lock and sent outside it, while CloseChaincodeEvents closed them; a send
// after the close panicked. The fix adds a closing flag behind the mutex
// and sends only while holding it.

type fabricHub struct {
	mu      sync.Mutex
	subs    []chan string
	closing bool
}

func (h *fabricHub) subscribe() chan string {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := make(chan string, 4)
	h.subs = append(h.subs, c)
	return c
}

func (h *fabricHub) onReceiveBuggy(ev string) {
	h.mu.Lock()
	subs := append([]chan string(nil), h.subs...)
	h.mu.Unlock()
	for _, s := range subs {
		s <- ev
	}
}

func (h *fabricHub) onReceiveFixed(ev string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closing {
		return
	}
	for _, s := range h.subs {
		s <- ev
	}
}

func (h *fabricHub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closing = true
	for _, s := range h.subs {
		close(s)
	}
	h.subs = nil
}

func fabricScenario(receive func(*fabricHub, string)) {
	h := &fabricHub{}
	h.subscribe()
	h.subscribe()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); receive(h, "block 7") }()
	go func() { defer wg.Done(); h.close() }()
	wg.Wait()
}

func TestFabricBuggy(t *testing.T) { fabricScenario((*fabricHub).onReceiveBuggy) }
func TestFabricFixed(t *testing.T) { fabricScenario((*fabricHub).onReceiveFixed) }
