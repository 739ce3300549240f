package runtime

import (
	"runtime"

	"github.com/racelab/racelab/rt/internal/world"
)

// Gosched yields the processor, as runtime.Gosched: under a World it is a
// yield point, where the scheduler may run another goroutine.
func Gosched() {
	if w, _ := world.Get(); w != nil {
		w.Yield("runtime.Gosched")
		return
	}
	runtime.Gosched()
}

// NumGoroutine returns the number of goroutines that exist: under a World,
// the test's goroutine plus those started by translated go statements (and
// timer and context callbacks) that have not returned; outside one,
// runtime.NumGoroutine.
func NumGoroutine() int {
	if w, st := world.Get(); w != nil {
		return 1 + st.Live
	}
	return runtime.NumGoroutine()
}
