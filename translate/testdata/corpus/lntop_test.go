package corpus

import (
	"sync"
	"testing"
	"time"
)

// edouardparis/lntop issue #77, "panic: send on closed channel" (fixed in
// PR #87): a ticker goroutine of the pubsub sent a tick event on the
// subscribers' channel each interval, in a select with its stop channel;
// the UI, on exit, closed that same channel. A tick that fired while the
// UI was shutting down sent on the closed channel. The fix stops closing
// the event channel from the reader: the UI signals stop, and the ticker
// goroutine's send also waits on stop.

func lntopTickerBuggy(interval time.Duration, events chan<- string, stop <-chan struct{}) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			events <- "tick"
		case <-stop:
			return
		}
	}
}

func lntopTickerFixed(interval time.Duration, events chan<- string, stop <-chan struct{}) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			select {
			case events <- "tick":
			case <-stop:
				return
			}
		case <-stop:
			return
		}
	}
}

func lntopScenario(ticker func(time.Duration, chan<- string, <-chan struct{}), uiClosesEvents bool) {
	events := make(chan string, 1)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); ticker(time.Second, events, stop) }()
	for range 2 {
		<-events // render
	}
	time.Sleep(2500 * time.Millisecond) // the UI tears down its views, two more ticks come
	if uiClosesEvents {
		close(events)
	}
	close(stop)
	wg.Wait()
}

func TestLntopBuggy(t *testing.T) { lntopScenario(lntopTickerBuggy, true) }
func TestLntopFixed(t *testing.T) { lntopScenario(lntopTickerFixed, false) }
