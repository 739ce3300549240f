package race

// Cell is a plain shared variable whose Load and Store report to a
// Detector, without being yield points: the race check of a field without
// the cost (and the extra schedules) of a scheduling point at each access.
// A Cell made with a nil Detector is a plain variable. Like the Detector, a
// Cell is not safe for concurrent use; the simulator runs one thread at a
// time. A Cell must not be copied after first use.
type Cell[T any] struct {
	d           *Detector
	cur         func() Thread
	v           T
	s           Shadow
	load, store Site
}

// NewCell returns a cell holding v that reports to d, with cur returning
// the thread running now. name identifies its accesses in reports: its
// loads are the site "load name", its stores "store name".
func NewCell[T any](d *Detector, cur func() Thread, name string, v T) *Cell[T] {
	return &Cell[T]{d: d, cur: cur, v: v, load: Site{Label: "load " + name}, store: Site{Label: "store " + name}}
}

// Load returns the value, as a read of the cell by the current thread.
func (c *Cell[T]) Load() T {
	if c.d != nil {
		c.d.ReadShadow(c.cur(), &c.s, &c.load)
	}
	return c.v
}

// Store sets the value, as a write of the cell by the current thread.
func (c *Cell[T]) Store(v T) {
	if c.d != nil {
		c.d.WriteShadow(c.cur(), &c.s, &c.store)
	}
	c.v = v
}

// Peek returns the value without reporting an access, for checks made
// outside the program under test (after the run).
func (c *Cell[T]) Peek() T { return c.v }
