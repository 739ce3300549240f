package registry

import (
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/racelab/racelab/sim"
)

// Variant selects the form of the code.
type Variant int

const (
	Buggy Variant = iota
	Shipped
	Fixed
)

// Item is a registered item, looked up by its id and its name. An empty
// name is a missing attribute.
type Item struct {
	ID   int
	Name string
}

// Error is a registry error, with the code of DEFAULT_ERRORS.
type Error struct{ Code string }

func (e *Error) Error() string { return "registry: " + e.Code }

// Error codes.
const (
	AlreadyRegistered   = "already_registered"
	AttributeRegistered = "attribute_registered"
	MissingAttribute    = "missing_attribute"
	InvalidAttribute    = "invalid_attribute"
	Unregister          = "unregister"
	NotRegistered       = "not_registered"
)

// The lookup attributes, in order.
var Attrs = []string{"id", "name"}

func (it Item) attr(a string) (any, bool) {
	switch a {
	case "id":
		return it.ID, true
	case "name":
		return it.Name, it.Name != ""
	}
	return nil, false
}

// Hooks counts the calls of each hook, for the checks the fix promises.
type Hooks struct {
	Populating, Populated, Registering, Registered, Unregistering, Unregistered, Resetting, Reset atomic.Int32
}

const (
	pending = iota
	populating
	ready
)

// Registry is a registry of items with default items.
type Registry struct {
	ID       int // which instance, for the lazy accessor's checks
	Hooks    Hooks
	rt       sim.Runtime
	variant  Variant
	ordered  bool
	defaults []Item
	gil      sim.Locker // one primitive operation at a time (Buggy, Shipped)
	lock     sim.Locker // the reentrant registry lock (Shipped, Fixed)

	populated bool // Buggy
	state     int  // Shipped, Fixed
	items     []Item
	byAttr    map[string]map[any]Item
	keyOrder  []Item // ordered registries: the iteration order

	// The race detector's view of the fields above (nil unless it runs):
	// items and byAttr change together, so they are one location.
	rPopulated, rState, rItems, rOrder *sim.Shared
}

// New returns an empty registry; ordered registries iterate in
// registration order.
func New(rt sim.Runtime, v Variant, ordered bool, defaults []Item, id int) *Registry {
	r := &Registry{ID: id, rt: rt, variant: v, ordered: ordered, defaults: defaults,
		gil: rt.NewMutex("gil"), lock: rt.NewReentrantMutex("registry"), byAttr: map[string]map[any]Item{},
		rPopulated: sim.NewShared(rt, "registry.populated"), rState: sim.NewShared(rt, "registry.state"),
		rItems: sim.NewShared(rt, "registry.items"), rOrder: sim.NewShared(rt, "registry.keyOrder")}
	for _, a := range Attrs {
		r.byAttr[a] = map[any]Item{}
	}
	return r
}

// step runs one primitive operation atomically, as the GIL does, and
// returns after it.
func (r *Registry) step(f func()) {
	r.gil.Lock()
	defer r.gil.Unlock()
	f()
}

// --- populate -------------------------------------------------------------

// Populate registers the defaults if they are not yet.
func (r *Registry) Populate() error {
	switch r.variant {
	case Buggy:
		var done bool
		r.step(func() { r.rPopulated.Write(); done, r.populated = r.populated, true }) // set BEFORE the defaults
		if done {
			return nil
		}
		r.rt.Yield("populate: flag set")
		for _, d := range r.defaults {
			if err := r.Register(d); err != nil {
				return err
			}
		}
		return nil
	case Shipped:
		var st int
		r.step(func() { r.rState.Read(); st = r.state })
		if st == ready {
			return nil
		}
	}
	r.lock.Lock()
	defer r.lock.Unlock()
	return r.populateLocked()
}

// populateLocked populates under the lock; a reentrant call while
// populating returns at once.
func (r *Registry) populateLocked() error {
	var st int
	r.step(func() {
		r.rState.Read()
		if st = r.state; st == pending {
			r.rState.Write()
			r.state = populating
		}
	})
	if st != pending {
		return nil
	}
	r.Hooks.Populating.Add(1)
	for _, d := range r.defaults {
		if err := r.registerLocked(d); err != nil {
			if r.variant == Fixed {
				r.step(func() { r.rState.Write(); r.state = pending }) // the fix of 1.6.4: never stuck POPULATING
			}
			return err
		}
	}
	r.Hooks.Populated.Add(1)
	r.step(func() { r.rState.Write(); r.state = ready })
	return nil
}

// ensure is what every operation does first: Shipped calls populate
// before taking the lock, Fixed under it (1.6.3).
func (r *Registry) ensure() error {
	if r.variant == Fixed {
		return nil // done under the lock by each operation
	}
	return r.Populate()
}

// --- register ---------------------------------------------------------------

// Register adds an item.
func (r *Registry) Register(it Item) error {
	if err := r.ensure(); err != nil {
		return err
	}
	if r.variant == Buggy {
		return r.registerBuggy(it)
	}
	return r.locked(func() error { return r.registerLocked(it) })
}

// locked runs f under the registry lock; Fixed populates there first, so
// that no reset can slip in between (1.6.3).
func (r *Registry) locked(f func() error) error {
	r.lock.Lock()
	defer r.lock.Unlock()
	if r.variant == Fixed {
		if err := r.populateLocked(); err != nil {
			return err
		}
	}
	return f()
}

// check validates an item: not registered, every attribute present and
// free.
func (r *Registry) check(it Item) error {
	r.rItems.Read()
	if slices.Contains(r.items, it) {
		return &Error{AlreadyRegistered}
	}
	for _, a := range Attrs {
		v, ok := it.attr(a)
		if !ok {
			return &Error{MissingAttribute}
		}
		if _, taken := r.byAttr[a][v]; taken {
			return &Error{AttributeRegistered}
		}
	}
	return nil
}

func (r *Registry) add(it Item) {
	r.rItems.Write()
	for _, a := range Attrs {
		v, _ := it.attr(a)
		r.byAttr[a][v] = it
	}
	r.items = append(r.items, it)
}

func (r *Registry) registerLocked(it Item) error {
	var known bool
	r.step(func() { r.rItems.Read(); known = slices.Contains(r.items, it) })
	if known {
		return &Error{AlreadyRegistered}
	}
	r.Hooks.Registering.Add(1)
	var err error
	r.step(func() {
		if err = r.check(it); err == nil {
			r.add(it)
		}
	})
	if err != nil {
		return err
	}
	r.Hooks.Registered.Add(1)
	if r.ordered {
		r.step(func() { r.rOrder.Write(); r.keyOrder = append(r.keyOrder, it) }) // in on_item_registered, under the lock
	}
	return nil
}

func (r *Registry) registerBuggy(it Item) error {
	var err error
	r.step(func() { err = r.check(it) })
	if err != nil {
		return err
	}
	r.rt.Yield("register: checked")
	r.step(func() { r.add(it) })
	if r.ordered {
		r.rt.Yield("register: before key order") // OrderedRegistry's bookkeeping, outside
		r.step(func() { r.rOrder.Write(); r.keyOrder = append(r.keyOrder, it) })
	}
	return nil
}

// --- unregister -------------------------------------------------------------

// Unregister removes an item.
func (r *Registry) Unregister(it Item) error {
	if err := r.ensure(); err != nil {
		return err
	}
	if r.variant == Buggy {
		var err error
		r.step(func() { err = r.remove(it) })
		if err == nil && r.ordered {
			r.rt.Yield("unregister: before key order")
			r.step(func() {
				r.rOrder.Write()
				r.keyOrder = slices.DeleteFunc(r.keyOrder, func(x Item) bool { return x == it })
			})
		}
		return err
	}
	return r.locked(func() error { return r.unregisterLocked(it) })
}

func (r *Registry) remove(it Item) error {
	r.rItems.Write()
	i := slices.Index(r.items, it)
	if i < 0 {
		return &Error{Unregister}
	}
	r.items = slices.Delete(r.items, i, i+1)
	for _, a := range Attrs {
		v, _ := it.attr(a)
		delete(r.byAttr[a], v)
	}
	return nil
}

func (r *Registry) unregisterLocked(it Item) error {
	r.Hooks.Unregistering.Add(1) // before the check, as shipped
	var err error
	r.step(func() { err = r.remove(it) })
	if err != nil {
		return err
	}
	r.Hooks.Unregistered.Add(1)
	if r.ordered {
		r.step(func() {
			r.rOrder.Write()
			r.keyOrder = slices.DeleteFunc(r.keyOrder, func(x Item) bool { return x == it })
		})
	}
	return nil
}

// --- reads --------------------------------------------------------------------

// read runs a read after populating: unlocked (one GIL step) in Buggy and
// Shipped, under the lock in Fixed (1.6.1).
func (r *Registry) read(f func()) error {
	if r.variant == Fixed {
		return r.locked(func() error { r.step(f); return nil })
	}
	if err := r.ensure(); err != nil {
		return err
	}
	r.step(f)
	return nil
}

// Get returns the item whose attribute a has value v.
func (r *Registry) Get(a string, v any) (Item, error) {
	var it Item
	var gerr error
	err := r.read(func() {
		r.rItems.Read()
		m, ok := r.byAttr[a]
		switch {
		case !ok:
			gerr = &Error{InvalidAttribute}
		default:
			var found bool
			if it, found = m[v]; !found {
				gerr = &Error{NotRegistered}
			}
		}
	})
	if err != nil {
		return Item{}, err
	}
	return it, gerr
}

// Len returns the number of items.
func (r *Registry) Len() (int, error) {
	n := 0
	err := r.read(func() { r.rItems.Read(); n = len(r.items) })
	return n, err
}

// Contains reports whether the item is registered.
func (r *Registry) Contains(it Item) (bool, error) {
	var ok bool
	err := r.read(func() { r.rItems.Read(); ok = slices.Contains(r.items, it) })
	return ok, err
}

// Items returns a snapshot: registration order for an ordered registry
// (its key order), ordered by id otherwise (a set has no order; 1.6.2).
func (r *Registry) Items() ([]Item, error) {
	var out []Item
	err := r.read(func() {
		if r.ordered {
			r.rOrder.Read()
			out = slices.Clone(r.keyOrder)
			return
		}
		r.rItems.Read()
		out = slices.Clone(r.items)
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	})
	return out, err
}

// --- reset ----------------------------------------------------------------------

// Reset unregisters every item and goes back to PENDING, when populated.
func (r *Registry) Reset() error {
	if r.variant == Buggy {
		var populated bool
		var items []Item
		r.step(func() { r.rPopulated.Read(); r.rItems.Read(); populated, items = r.populated, slices.Clone(r.items) })
		if !populated {
			return nil
		}
		for _, it := range items {
			if err := r.Unregister(it); err != nil {
				return err
			}
		}
		r.step(func() { r.rPopulated.Write(); r.populated = false })
		return nil
	}
	r.lock.Lock()
	defer r.lock.Unlock()
	var st int
	var items []Item
	r.step(func() { r.rState.Read(); r.rItems.Read(); st, items = r.state, slices.Clone(r.items) })
	if st != ready {
		return nil
	}
	r.Hooks.Resetting.Add(1)
	for _, it := range items {
		if err := r.unregisterLocked(it); err != nil {
			return err
		}
	}
	r.Hooks.Reset.Add(1)
	r.step(func() { r.rState.Write(); r.state = pending })
	return nil
}

// --- the lazy accessor ------------------------------------------------------------

// Lazy is lazy_import_registry wrapped in Django's SimpleLazyObject: the
// registry is built on first use.
type Lazy struct {
	rt      sim.Runtime
	variant Variant
	make    func(id int) *Registry
	wrapped atomic.Pointer[Registry] // _wrapped: one GIL step to read or write
	lock    sim.Locker               // _import_lock (Shipped, Fixed)
	mu      sync.Mutex               // guards made on real goroutines
	made    int
}

// NewLazy returns an accessor that builds its registry with make.
func NewLazy(rt sim.Runtime, v Variant, make func(id int) *Registry) *Lazy {
	return &Lazy{rt: rt, variant: v, make: make, lock: rt.NewMutex("import lock")}
}

func (l *Lazy) build() *Registry {
	l.rt.Yield("lazy: import module") // the import and the factory call take a while
	l.mu.Lock()
	l.made++
	id := l.made
	l.mu.Unlock()
	return l.make(id)
}

// Get returns the registry, building it if it is not yet. Buggy and
// Shipped check _wrapped without a lock, so two callers can build two
// registries: Shipped's lock only serialises the two builds (1.6.5).
func (l *Lazy) Get() *Registry {
	if r := l.wrapped.Load(); r != nil {
		return r
	}
	switch l.variant {
	case Buggy:
		r := l.build()
		l.wrapped.Store(r)
		return r
	case Shipped:
		l.lock.Lock()
		r := l.build()
		l.lock.Unlock()
		l.wrapped.Store(r) // the last assignment wins
		return r
	}
	l.lock.Lock()
	defer l.lock.Unlock()
	if r := l.wrapped.Load(); r != nil {
		return r
	}
	r := l.build()
	l.wrapped.Store(r)
	return r
}
