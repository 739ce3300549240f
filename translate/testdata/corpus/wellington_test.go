package corpus

import (
	"sync"
	"testing"
	"time"
)

// wellington/wellington PR #150, "Fix CPU racing issue Watcher loop"
// (issue #149): the file watcher's main loop selected on its event and
// done channels with a default case, so between events it spun at 100%
// CPU instead of blocking. The fix removes the default case. The spin
// wastes CPU but is not wrong: under Go's scheduler, which is eventually
// fair and fires the writer's timer while the watcher spins, the program
// finishes with the right result, and so it does under racelab (timer
// preemption and the fairness bound, issue 16). A finding here would be a
// false positive, so the spinning form is kept as a test that must stay
// clean (TestWellingtonSpin), not as a bug to find.

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

func TestWellingtonSpin(t *testing.T)  { wellingtonScenario(t, wellingtonWatchBuggy) }
func TestWellingtonFixed(t *testing.T) { wellingtonScenario(t, wellingtonWatchFixed) }
