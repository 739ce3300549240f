package sim

import "github.com/racelab/racelab/sim/race"

// Var is a plain shared variable whose every Load and Store is a yield
// point, as Loom's cells: a lost `x++` (Load, then Store) or a check-then-act
// on a plain field becomes reachable by the scheduler. With Options.Race
// every access is also checked by the race detector, after its yield point,
// where the scheduler put it.
type Var[T any] struct {
	w                     *World
	v                     T
	loadLabel, storeLabel string
	shadow                race.Shadow
	loadSite, storeSite   race.Site
	atomic                race.Clock // orders the atomic operations on it (atomic.go)
}

// NewVar returns a variable holding v. name appears in logs.
func NewVar[T any](w *World, name string, v T) *Var[T] {
	x := &Var[T]{w: w, v: v, loadLabel: "load " + name, storeLabel: "store " + name}
	x.loadSite.Label, x.storeSite.Label = x.loadLabel, x.storeLabel
	return x
}

// Load returns the value. It is a yield point.
func (x *Var[T]) Load() T {
	x.w.point(x.loadLabel, nil)
	if x.w.race != nil {
		x.w.race.ReadShadow(x.w.raceID(), &x.shadow, x.w.callerSite(&x.loadSite, 3))
	}
	return x.v
}

// Store sets the value. It is a yield point.
func (x *Var[T]) Store(v T) {
	x.w.point(x.storeLabel, nil)
	if x.w.race != nil {
		x.w.race.WriteShadow(x.w.raceID(), &x.shadow, x.w.callerSite(&x.storeSite, 3))
	}
	x.v = v
}

// atomically records an atomic access of x by the running thread, as
// sync/atomic's are: sequentially consistent (ordered after every earlier
// atomic operation on x and before every later one) and checked against
// the plain accesses of x. skip is the number of frames above it to the
// caller that names the site.
func (x *Var[T]) atomically(write bool, skip int) {
	d, id := x.w.race, x.w.raceID()
	x.atomic.Name = "atomic " + x.name()
	d.Acquire(id, &x.atomic)
	if write {
		d.WriteShadow(id, &x.shadow, x.w.callerSite(&x.storeSite, skip+1))
	} else {
		d.ReadShadow(id, &x.shadow, x.w.callerSite(&x.loadSite, skip+1))
	}
	d.Release(id, &x.atomic)
}

// atomicLoad is Load as an atomic operation.
func (x *Var[T]) atomicLoad() T {
	x.w.point(x.loadLabel, nil)
	if x.w.race != nil {
		x.atomically(false, 2)
	}
	return x.v
}

// atomicStore is Store as an atomic operation.
func (x *Var[T]) atomicStore(v T) {
	x.w.point(x.storeLabel, nil)
	if x.w.race != nil {
		x.atomically(true, 2)
	}
	x.v = v
}

// Peek returns the value without a yield point, for checks made after the
// run or by the main thread once the others are done.
func (x *Var[T]) Peek() T { return x.v }
