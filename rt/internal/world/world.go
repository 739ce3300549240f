package world

import (
	"path/filepath"
	"runtime"
	"strconv"
	"sync"

	"github.com/racelab/racelab/sim"
)

// State is the drop-ins' state of one World. Its fields are used only by
// the World's threads, one at a time, so they need no lock.
type State struct {
	W *sim.World
	// Live counts the goroutines started by rt/lang.Go (and timer
	// callbacks) that have not returned yet; main is not counted.
	Live int
	// Values holds state a drop-in package keeps per World, by key.
	Values map[any]any
}

var (
	mu   sync.Mutex // the loop of a later World may run on another goroutine
	last *State
)

// Get returns the World of the running thread and its state, or nil, nil
// outside a World.
func Get() (*sim.World, *State) {
	w := sim.Current()
	if w == nil {
		return nil, nil
	}
	mu.Lock()
	defer mu.Unlock()
	if last == nil || last.W != w {
		last = &State{W: w, Values: map[any]any{}}
	}
	return w, last
}

// Site returns "file.go:12" for the caller skip frames above Site's caller,
// the name a primitive gets in the event log: stable across runs, unlike
// an address.
func Site(skip int) string {
	_, file, line, ok := runtime.Caller(skip + 1)
	if !ok {
		return "?"
	}
	return filepath.Base(file) + ":" + strconv.Itoa(line)
}
