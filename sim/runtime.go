package sim

import "time"

// Runtime is the small interface reference implementations are written
// against, so that one source runs deterministically under a World
// ([World.Runtime]) and on real goroutines ([NewNative]) for stress tests and
// benchmarks.
type Runtime interface {
	// Go starts fn in a new thread.
	Go(name string, fn func())
	// Yield marks a point where another thread may run.
	Yield(label string)
	// FaultPoint is a yield point where faults of kinds may fire; it
	// returns the kind that fired, or "".
	FaultPoint(label string, kinds ...FaultKind) FaultKind
	// Sleep pauses the calling thread.
	Sleep(d time.Duration)
	// Now returns the current time.
	Now() time.Time
	// Intn returns a value in [0, n).
	Intn(n int) int
	// NewMutex returns a mutual-exclusion lock.
	NewMutex(name string) Locker
	// NewRWMutex returns a readers-writer lock.
	NewRWMutex(name string) RWLocker
	// NewReentrantMutex returns a lock its holder may take again.
	NewReentrantMutex(name string) Locker
	// NewWaitGroup returns a WaitGroup.
	NewWaitGroup(name string) Group
	// Begin records the call of a client operation.
	Begin(client int, input any) OpID
	// End records its return.
	End(id OpID, output any)
}

// RWLocker is a readers-writer lock.
type RWLocker interface {
	Locker
	RLock()
	RUnlock()
}

// Group waits for a collection of threads, as sync.WaitGroup.
type Group interface {
	Add(delta int)
	Done()
	Wait()
}

// Runtime returns w as a Runtime.
func (w *World) Runtime() Runtime { return worldRuntime{w} }

// worldRuntime adapts World's concrete constructors to Runtime's interfaces.
type worldRuntime struct{ *World }

func (r worldRuntime) NewMutex(name string) Locker          { return r.World.NewMutex(name) }
func (r worldRuntime) NewRWMutex(name string) RWLocker      { return r.World.NewRWMutex(name) }
func (r worldRuntime) NewReentrantMutex(name string) Locker { return r.World.NewReentrantMutex(name) }
func (r worldRuntime) NewWaitGroup(name string) Group       { return r.World.NewWaitGroup(name) }

// WorldOf returns the World behind a simulated Runtime, and false for a
// native one, so a backend can use the World's own waiting and crash
// handling under the simulator and real ones natively.
func WorldOf(rt any) (*World, bool) {
	switch r := rt.(type) {
	case *World:
		return r, true
	case worldRuntime:
		return r.World, true
	}
	return nil, false
}
