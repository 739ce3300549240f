package atomic

import (
	"sync/atomic"

	"github.com/racelab/racelab/sim"
)

// point is the yield point of one atomic operation. Under a World only one
// thread runs at a time, so an operation is this yield point followed by
// the plain (here: the real atomic) operation: the scheduler may switch
// threads between any two atomic operations, which is all a program can
// observe of their interleaving.
func point(label string) {
	if w := sim.Current(); w != nil {
		w.Yield(label)
		w.Atomic() // the race detector's edge
	}
}

// noCopy makes go vet's copylocks check report copies, as sync/atomic's
// types do.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// Bool is an atomic bool; the zero value is false.
type Bool struct {
	_ noCopy
	v atomic.Bool
}

// Load atomically loads and returns the value stored in x.
func (x *Bool) Load() bool { point("atomic.Bool.Load"); return x.v.Load() }

// Store atomically stores val into x.
func (x *Bool) Store(val bool) { point("atomic.Bool.Store"); x.v.Store(val) }

// Swap atomically stores new into x and returns the previous value.
func (x *Bool) Swap(new bool) (old bool) { point("atomic.Bool.Swap"); return x.v.Swap(new) }

// CompareAndSwap executes the compare-and-swap operation for x.
func (x *Bool) CompareAndSwap(old, new bool) (swapped bool) {
	point("atomic.Bool.CompareAndSwap")
	return x.v.CompareAndSwap(old, new)
}

// Pointer is an atomic pointer of type *T; the zero value is nil.
type Pointer[T any] struct {
	_ noCopy
	v atomic.Pointer[T]
}

// Load atomically loads and returns the value stored in x.
func (x *Pointer[T]) Load() *T { point("atomic.Pointer.Load"); return x.v.Load() }

// Store atomically stores val into x.
func (x *Pointer[T]) Store(val *T) { point("atomic.Pointer.Store"); x.v.Store(val) }

// Swap atomically stores new into x and returns the previous value.
func (x *Pointer[T]) Swap(new *T) (old *T) { point("atomic.Pointer.Swap"); return x.v.Swap(new) }

// CompareAndSwap executes the compare-and-swap operation for x.
func (x *Pointer[T]) CompareAndSwap(old, new *T) (swapped bool) {
	point("atomic.Pointer.CompareAndSwap")
	return x.v.CompareAndSwap(old, new)
}

// Value holds a value loaded and stored atomically, as atomic.Value: its
// zero value loads nil; storing nil or values of different concrete types
// panics with Go's messages.
type Value struct {
	v atomic.Value
}

// Load returns the value set by the most recent Store, or nil.
func (v *Value) Load() (val any) { point("atomic.Value.Load"); return v.v.Load() }

// Store sets the value to val.
func (v *Value) Store(val any) { point("atomic.Value.Store"); v.v.Store(val) }

// Swap stores new and returns the previous value, or nil.
func (v *Value) Swap(new any) (old any) { point("atomic.Value.Swap"); return v.v.Swap(new) }

// CompareAndSwap executes the compare-and-swap operation for the Value.
func (v *Value) CompareAndSwap(old, new any) (swapped bool) {
	point("atomic.Value.CompareAndSwap")
	return v.v.CompareAndSwap(old, new)
}
