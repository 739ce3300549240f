package corpus

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// astavonin/go-optimization-guide issue #18, "Racy code in 'Once-Only
// Initialization' section": the guide initialized lazily with
// `if initialized.CompareAndSwap(0, 1) { /* initialize */ }`. The flag says
// "done" as soon as the CAS wins, while the winner is still initializing,
// so a second caller skips the initialization and uses the resource before
// it exists. The fix is sync.Once, whose Do returns only after the
// function has run.

type ogConfig struct{ workers int }

type ogLazy struct {
	initialized atomic.Int32
	once        sync.Once
	cfg         *ogConfig
}

func ogLoad() *ogConfig {
	time.Sleep(time.Millisecond) // reads a file
	return &ogConfig{workers: 4}
}

func (l *ogLazy) getBuggy() *ogConfig {
	if l.initialized.CompareAndSwap(0, 1) {
		l.cfg = ogLoad()
	}
	return l.cfg
}

func (l *ogLazy) getFixed() *ogConfig {
	l.once.Do(func() { l.cfg = ogLoad() })
	return l.cfg
}

func optguideScenario(t *testing.T, get func(*ogLazy) *ogConfig) {
	var l ogLazy
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if cfg := get(&l); cfg == nil {
				t.Error("got the configuration before it was loaded")
			}
		}()
	}
	wg.Wait()
}

func TestOptGuideBuggy(t *testing.T) { optguideScenario(t, (*ogLazy).getBuggy) }
func TestOptGuideFixed(t *testing.T) { optguideScenario(t, (*ogLazy).getFixed) }
