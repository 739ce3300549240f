package lang

import (
	"runtime"

	"github.com/racelab/racelab/rt/internal/world"
)

// Go starts fn as a goroutine, as the statement go f(x) that the translator
// rewrote into Go("pkg.f", "file.go:12", func() { f(a0) }) with the function
// value and arguments already evaluated. Under a World, fn runs as a new
// thread named "pkg.f@file.go:12"; starting it is not a yield point. Outside
// one it is a plain goroutine.
func Go(name, site string, fn func()) {
	w, st := world.Get()
	if w == nil {
		go fn()
		return
	}
	st.Live++
	w.Go(name+"@"+site, func() {
		defer func() { st.Live-- }()
		defer recoverGoexit()
		fn()
	})
}

// goexit is the panic value of Goexit under a World.
var goexit = &struct{ name string }{"lang: Goexit"}

// Goexit ends the calling goroutine after running its deferred calls, as
// runtime.Goexit. Under a World it unwinds the thread with a panic that the
// thread's start (Go, or the harness for main) recovers; a recover in the
// program's own deferred calls sees that value and must let it pass.
func Goexit() {
	if _, st := world.Get(); st == nil {
		runtime.Goexit()
	}
	panic(goexit)
}

// IsGoexit reports whether r, a recovered panic value, is Goexit's.
func IsGoexit(r any) bool { return r == goexit }

func recoverGoexit() {
	if r := recover(); r != nil && r != goexit {
		panic(r)
	}
}

// EndMain tells the drop-ins that the test's own function has returned; a
// harness (racetest) calls it from the main thread. From then on tickers
// stop after a bounded number of ticks (rt/time.TicksAfterTest): a
// goroutine that loops on one for ever is leaked, as goleak would say of it
// under go test, and the World reports it as a leak instead of running its
// loop until the step limit.
func EndMain() {
	if _, st := world.Get(); st != nil {
		st.MainDone = true
	}
}
