package sim

import "reflect"

// This file gives Var the read-modify-write operations of sync/atomic. Each
// is one yield point and then runs to completion before any other thread
// moves, so it is indivisible, unlike a Load followed by a Store.

// Swap stores v and returns the old value, as atomic.Value.Swap. It is one
// yield point.
func (x *Var[T]) Swap(v T) (old T) {
	x.w.point("swap "+x.name(), nil)
	if x.w.race != nil {
		x.atomically(true, 1)
	}
	old, x.v = x.v, v
	return old
}

// name is the variable's name, recovered from its load label so that Var
// stays the size it was.
func (x *Var[T]) name() string { return x.loadLabel[len("load "):] }

// Integer is the set of types the atomic Add works on.
type Integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

// AddVar adds delta to x and returns the new value, as atomic.AddInt64. It
// is one yield point. (A function, not a method: Go methods cannot narrow
// Var's type parameter.)
func AddVar[T Integer](x *Var[T], delta T) (new T) {
	x.w.point("add "+x.name(), nil)
	if x.w.race != nil {
		x.atomically(true, 1)
	}
	x.v += delta
	return x.v
}

// CompareAndSwapVar stores new in x if it holds old and reports whether it
// did, as atomic.CompareAndSwapInt64. It is one yield point.
func CompareAndSwapVar[T comparable](x *Var[T], old, new T) (swapped bool) {
	x.w.point("cas "+x.name(), nil)
	if x.w.race != nil {
		x.atomically(true, 1)
	}
	if x.v != old {
		return false
	}
	x.v = new
	return true
}

// Int32 is a simulated atomic.Int32; every method is one yield point.
type Int32 struct{ v *Var[int32] }

// Int64 is a simulated atomic.Int64; every method is one yield point.
type Int64 struct{ v *Var[int64] }

// Uint32 is a simulated atomic.Uint32; every method is one yield point.
type Uint32 struct{ v *Var[uint32] }

// Uint64 is a simulated atomic.Uint64; every method is one yield point.
type Uint64 struct{ v *Var[uint64] }

// NewInt32 returns an Int32 holding v; name appears in logs.
func NewInt32(w *World, name string, v int32) *Int32 { return &Int32{NewVar(w, name, v)} }

// NewInt64 returns an Int64 holding v; name appears in logs.
func NewInt64(w *World, name string, v int64) *Int64 { return &Int64{NewVar(w, name, v)} }

// NewUint32 returns a Uint32 holding v; name appears in logs.
func NewUint32(w *World, name string, v uint32) *Uint32 { return &Uint32{NewVar(w, name, v)} }

// NewUint64 returns a Uint64 holding v; name appears in logs.
func NewUint64(w *World, name string, v uint64) *Uint64 { return &Uint64{NewVar(w, name, v)} }

// Load returns the value.
func (a *Int32) Load() int32 { return a.v.atomicLoad() }

// Store sets the value.
func (a *Int32) Store(v int32) { a.v.atomicStore(v) }

// Swap stores v and returns the old value.
func (a *Int32) Swap(v int32) int32 { return a.v.Swap(v) }

// Add adds delta and returns the new value.
func (a *Int32) Add(delta int32) int32 { return AddVar(a.v, delta) }

// CompareAndSwap stores new if the value is old and reports whether it did.
func (a *Int32) CompareAndSwap(old, new int32) bool { return CompareAndSwapVar(a.v, old, new) }

// Load returns the value.
func (a *Int64) Load() int64 { return a.v.atomicLoad() }

// Store sets the value.
func (a *Int64) Store(v int64) { a.v.atomicStore(v) }

// Swap stores v and returns the old value.
func (a *Int64) Swap(v int64) int64 { return a.v.Swap(v) }

// Add adds delta and returns the new value.
func (a *Int64) Add(delta int64) int64 { return AddVar(a.v, delta) }

// CompareAndSwap stores new if the value is old and reports whether it did.
func (a *Int64) CompareAndSwap(old, new int64) bool { return CompareAndSwapVar(a.v, old, new) }

// Load returns the value.
func (a *Uint32) Load() uint32 { return a.v.atomicLoad() }

// Store sets the value.
func (a *Uint32) Store(v uint32) { a.v.atomicStore(v) }

// Swap stores v and returns the old value.
func (a *Uint32) Swap(v uint32) uint32 { return a.v.Swap(v) }

// Add adds delta and returns the new value; as in sync/atomic, adding
// ^uint32(0) subtracts one.
func (a *Uint32) Add(delta uint32) uint32 { return AddVar(a.v, delta) }

// CompareAndSwap stores new if the value is old and reports whether it did.
func (a *Uint32) CompareAndSwap(old, new uint32) bool { return CompareAndSwapVar(a.v, old, new) }

// Load returns the value.
func (a *Uint64) Load() uint64 { return a.v.atomicLoad() }

// Store sets the value.
func (a *Uint64) Store(v uint64) { a.v.atomicStore(v) }

// Swap stores v and returns the old value.
func (a *Uint64) Swap(v uint64) uint64 { return a.v.Swap(v) }

// Add adds delta and returns the new value.
func (a *Uint64) Add(delta uint64) uint64 { return AddVar(a.v, delta) }

// CompareAndSwap stores new if the value is old and reports whether it did.
func (a *Uint64) CompareAndSwap(old, new uint64) bool { return CompareAndSwapVar(a.v, old, new) }

// Bool is a simulated atomic.Bool; every method is one yield point.
type Bool struct{ v *Var[bool] }

// NewBool returns a Bool holding v; name appears in logs.
func NewBool(w *World, name string, v bool) *Bool { return &Bool{NewVar(w, name, v)} }

// Load returns the value.
func (a *Bool) Load() bool { return a.v.atomicLoad() }

// Store sets the value.
func (a *Bool) Store(v bool) { a.v.atomicStore(v) }

// Swap stores v and returns the old value.
func (a *Bool) Swap(v bool) bool { return a.v.Swap(v) }

// CompareAndSwap stores new if the value is old and reports whether it did.
func (a *Bool) CompareAndSwap(old, new bool) bool { return CompareAndSwapVar(a.v, old, new) }

// Pointer is a simulated atomic.Pointer[T]; every method is one yield point.
type Pointer[T any] struct{ v *Var[*T] }

// NewPointer returns a Pointer holding p; name appears in logs.
func NewPointer[T any](w *World, name string, p *T) *Pointer[T] {
	return &Pointer[T]{NewVar(w, name, p)}
}

// Load returns the pointer.
func (a *Pointer[T]) Load() *T { return a.v.atomicLoad() }

// Store sets the pointer.
func (a *Pointer[T]) Store(p *T) { a.v.atomicStore(p) }

// Swap stores p and returns the old pointer.
func (a *Pointer[T]) Swap(p *T) *T { return a.v.Swap(p) }

// CompareAndSwap stores new if the pointer is old and reports whether it did.
func (a *Pointer[T]) CompareAndSwap(old, new *T) bool { return CompareAndSwapVar(a.v, old, new) }

// Value is a simulated atomic.Value: it holds nil until the first Store,
// after which every stored value must have the first one's type. Misuse
// panics with sync/atomic's own texts.
type Value struct{ v *Var[any] }

// NewValue returns an empty Value; name appears in logs.
func NewValue(w *World, name string) *Value { return &Value{NewVar[any](w, name, nil)} }

// Load returns the value stored last, or nil before the first Store.
func (a *Value) Load() any { return a.v.atomicLoad() }

// Store sets the value. Storing nil, or a value of another type than the
// first, panics as atomic.Value does.
func (a *Value) Store(v any) {
	a.v.w.point("store "+a.v.name(), nil)
	if a.v.w.race != nil {
		a.v.atomically(true, 1)
	}
	a.check(v, "store")
	a.v.v = v
}

// Swap stores v and returns the old value, panicking as Store does.
func (a *Value) Swap(v any) (old any) {
	a.v.w.point("swap "+a.v.name(), nil)
	if a.v.w.race != nil {
		a.v.atomically(true, 1)
	}
	a.check(v, "swap")
	old, a.v.v = a.v.v, v
	return old
}

// CompareAndSwap stores new if the value is old and reports whether it
// did, panicking as atomic.Value.CompareAndSwap does.
func (a *Value) CompareAndSwap(old, new any) (swapped bool) {
	a.v.w.point("cas "+a.v.name(), nil)
	if a.v.w.race != nil {
		a.v.atomically(true, 1)
	}
	if new == nil {
		panic("sync/atomic: compare and swap of nil value into Value")
	}
	if old != nil && reflect.TypeOf(old) != reflect.TypeOf(new) {
		panic("sync/atomic: compare and swap of inconsistently typed values")
	}
	a.check(new, "compare and swap")
	if a.v.v != old {
		return false
	}
	a.v.v = new
	return true
}

// check panics with sync/atomic's text when v may not go into the Value.
func (a *Value) check(v any, op string) {
	if v == nil {
		panic("sync/atomic: " + op + " of nil value into Value")
	}
	if a.v.v != nil && reflect.TypeOf(a.v.v) != reflect.TypeOf(v) {
		panic("sync/atomic: " + op + " of inconsistently typed value into Value")
	}
}
