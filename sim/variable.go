package sim

// Var is a plain shared variable whose every Load and Store is a yield
// point, as Loom's cells: a lost `x++` (Load, then Store) or a check-then-act
// on a plain field becomes reachable by the scheduler.
type Var[T any] struct {
	w                     *World
	v                     T
	loadLabel, storeLabel string
}

// NewVar returns a variable holding v. name appears in logs.
func NewVar[T any](w *World, name string, v T) *Var[T] {
	return &Var[T]{w: w, v: v, loadLabel: "load " + name, storeLabel: "store " + name}
}

// Load returns the value. It is a yield point.
func (x *Var[T]) Load() T {
	x.w.point(x.loadLabel, nil)
	return x.v
}

// Store sets the value. It is a yield point.
func (x *Var[T]) Store(v T) {
	x.w.point(x.storeLabel, nil)
	x.v = v
}

// Peek returns the value without a yield point, for checks made after the
// run or by the main thread once the others are done.
func (x *Var[T]) Peek() T { return x.v }
