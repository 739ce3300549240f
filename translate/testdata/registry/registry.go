// Package registry is Djblets' Registry (djblets/registries/registry.py;
// racelab's impl/registry, seed 001) written again in plain Go: sync, no
// sim.Runtime, no explicit yield points. Two forms: Buggy (5fb05c7e,
// before r/13802: the populated flag is set before the defaults are
// registered, and the lazy accessor checks its instance without a lock)
// and Fixed (populate and lazy creation under a lock, as impl/registry's
// Fixed). `racelab test` explores its tests unmodified; impl/registry is
// the same system against racelab's API, explored by the catalogue.
package registry

import (
	"errors"
	"sync"
)

// Item is a registered item.
type Item struct {
	ID   int
	Name string
}

// ErrAlreadyRegistered is returned by Register for an id in use.
var ErrAlreadyRegistered = errors.New("registry: already_registered")

// Registry holds items and registers its defaults on first use.
type Registry struct {
	fixed    bool
	defaults []Item

	mu        sync.Mutex
	populated bool // Buggy: set before the defaults are in
	ready     bool // Fixed: set after
	items     []Item
	byID      map[int]Item
}

// New returns an empty registry with these defaults.
func New(fixed bool, defaults []Item) *Registry {
	return &Registry{fixed: fixed, defaults: defaults, byID: map[int]Item{}}
}

func (r *Registry) populate() error {
	if !r.fixed {
		r.mu.Lock()
		done := r.populated
		r.populated = true // the bug: "populated" before anything is
		r.mu.Unlock()
		if done {
			return nil
		}
		for _, d := range r.defaults {
			if err := r.Register(d); err != nil {
				return err
			}
		}
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.populateLocked()
}

func (r *Registry) populateLocked() error {
	if r.ready {
		return nil
	}
	r.ready = true
	for _, d := range r.defaults {
		if err := r.registerLocked(d); err != nil {
			return err
		}
	}
	return nil
}

func (r *Registry) registerLocked(it Item) error {
	if _, ok := r.byID[it.ID]; ok {
		return ErrAlreadyRegistered
	}
	r.byID[it.ID] = it
	r.items = append(r.items, it)
	return nil
}

// Register adds an item, populating the defaults first.
func (r *Registry) Register(it Item) error {
	if !r.fixed {
		if err := r.populate(); err != nil {
			return err
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.registerLocked(it)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.populateLocked(); err != nil {
		return err
	}
	return r.registerLocked(it)
}

// Len is the number of items, the defaults included.
func (r *Registry) Len() (int, error) {
	if err := r.populate(); err != nil {
		return 0, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.items), nil
}

// Get returns the item with this id.
func (r *Registry) Get(id int) (Item, bool, error) {
	if err := r.populate(); err != nil {
		return Item{}, false, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	it, ok := r.byID[id]
	return it, ok, nil
}

// Lazy is lazy_import_registry: the registry is built on first use.
type Lazy struct {
	fixed   bool
	build   func() *Registry
	mu      sync.Mutex // Fixed: guards wrapped
	wrapped *Registry
}

// importLock stands for Python's import lock, which the factory takes: it
// serialises two builds but does not stop the second.
var importLock sync.Mutex

// NewLazy returns a lazy accessor for build's registry.
func NewLazy(fixed bool, build func() *Registry) *Lazy { return &Lazy{fixed: fixed, build: build} }

// Registry returns the one instance.
func (l *Lazy) Registry() *Registry {
	if l.fixed {
		l.mu.Lock()
		defer l.mu.Unlock()
	}
	if l.wrapped == nil {
		importLock.Lock()
		r := l.build()
		importLock.Unlock()
		l.wrapped = r
	}
	return l.wrapped
}
