package corpus

import (
	"sync"
	"testing"
)

// elastic/hey-apm PR #151, "Update the wait group counter before pushing
// to the channel": the producer pushed an event on the workers' channel
// and called wg.Add(1) afterwards; a worker could take the event and call
// wg.Done() first, which panicked with "sync: negative WaitGroup counter"
// (rarely, as the report says). The fix calls Add before the push.

type heyWorker struct {
	queue chan string
	wg    sync.WaitGroup
}

func (w *heyWorker) enqueueBuggy(ev string) {
	w.queue <- ev
	w.wg.Add(1)
}

func (w *heyWorker) enqueueFixed(ev string) {
	w.wg.Add(1)
	w.queue <- ev
}

func (w *heyWorker) run(sent *int, mu *sync.Mutex) {
	for range w.queue {
		mu.Lock()
		*sent++
		mu.Unlock()
		w.wg.Done()
	}
}

func heyScenario(t *testing.T, enqueue func(*heyWorker, string)) {
	w := &heyWorker{queue: make(chan string, 2)}
	var mu sync.Mutex
	sent := 0
	go w.run(&sent, &mu)
	enqueue(w, "transaction")
	enqueue(w, "span")
	w.wg.Wait()
	close(w.queue)
	mu.Lock()
	defer mu.Unlock()
	if sent != 2 {
		t.Errorf("sent %d events, want 2", sent)
	}
}

func TestHeyApmBuggy(t *testing.T) { heyScenario(t, (*heyWorker).enqueueBuggy) }
func TestHeyApmFixed(t *testing.T) { heyScenario(t, (*heyWorker).enqueueFixed) }
