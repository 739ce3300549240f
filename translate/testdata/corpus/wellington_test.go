package corpus

import (
	"sync"
	"testing"
	"time"
)

// wellington/wellington PR #150, "Fix CPU racing issue Watcher loop"
// (issue #149): the file watcher's main loop selected on its event and
// done channels with a default case, so between events it spun at 100%
// CPU instead of blocking. Under the scheduler the spin shows as what it
// is: a goroutine that is always runnable, so virtual time (the writer's
// sleep) never advances and the run is a livelock. The fix removes the
// default case.

func wellingtonWatchBuggy(events <-chan string, done <-chan struct{}, rebuild func(string)) {
	for {
		select {
		case e := <-events:
			rebuild(e)
		case <-done:
			return
		default:
		}
	}
}

func wellingtonWatchFixed(events <-chan string, done <-chan struct{}, rebuild func(string)) {
	for {
		select {
		case e := <-events:
			rebuild(e)
		case <-done:
			return
		}
	}
}

func wellingtonScenario(t *testing.T, watch func(<-chan string, <-chan struct{}, func(string))) {
	events := make(chan string)
	done := make(chan struct{})
	var rebuilt []string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		watch(events, done, func(f string) { rebuilt = append(rebuilt, f) })
	}()
	time.Sleep(10 * time.Millisecond) // the user saves a file
	events <- "style.scss"
	close(done)
	wg.Wait()
	if len(rebuilt) != 1 {
		t.Errorf("rebuilt %v, want [style.scss]", rebuilt)
	}
}

func TestWellingtonBuggy(t *testing.T) { wellingtonScenario(t, wellingtonWatchBuggy) }
func TestWellingtonFixed(t *testing.T) { wellingtonScenario(t, wellingtonWatchFixed) }
