package world

import (
	"path/filepath"
	"runtime"
	"slices"
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
	// MainDone is set when the test's function has returned (see
	// rt/lang.EndMain): tickers stop after a bounded number of ticks.
	MainDone bool
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

// Rotate turns xs by an offset that is one decision of the World, as Go's
// map iteration starts at a random place: the order replays, shrinks
// towards the given one (offset 0), and costs dfs len(xs) branches rather
// than len(xs)! for a full shuffle. Any two elements come in both orders
// under some offset.
func Rotate[E any](w *sim.World, xs []E) {
	if len(xs) < 2 {
		return
	}
	k := w.Intn(len(xs))
	slices.Reverse(xs[:k])
	slices.Reverse(xs[k:])
	slices.Reverse(xs)
}

// SmallN is the largest bound that a random draw takes as one decision of
// the World (DecideValue), so that it replays, shrinks towards 0 and is
// explored fully by dfs; larger draws come from Seeded's generator.
const SmallN = 64

// seedKey keys the seed of a World's generator in State.Values.
type seedKey struct{}

// Seed returns the seed of the World's generators, drawn once per World as
// one decision among 256: enough streams for random exploration, few
// enough for dfs, which explores value decisions fully.
func (s *State) Seed() uint64 {
	if v, ok := s.Values[seedKey{}]; ok {
		return v.(uint64)
	}
	seed := uint64(s.W.Intn(256))
	s.Values[seedKey{}] = seed
	return seed
}
