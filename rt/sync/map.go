package sync

import (
	"sync"

	"github.com/racelab/racelab/rt/internal/world"
	"github.com/racelab/racelab/sim"
)

// Map is sync.Map for translated code. Its contents are a real sync.Map,
// kept across Worlds as any program state is; under a World every method
// is one yield point before the operation, and Range visits the entries in
// an order the World decides (see rt/lang.MapRange for the base order).
type Map struct {
	m sync.Map
}

func point(label string) {
	if w := sim.Current(); w != nil {
		w.Yield(label)
	}
}

// Load returns the value stored for key, or nil; ok reports whether one was.
func (m *Map) Load(key any) (value any, ok bool) { point("sync.Map.Load"); return m.m.Load(key) }

// Store sets the value for key.
func (m *Map) Store(key, value any) { point("sync.Map.Store"); m.m.Store(key, value) }

// Clear deletes all the entries.
func (m *Map) Clear() { point("sync.Map.Clear"); m.m.Clear() }

// LoadOrStore returns the existing value for key if present; otherwise it
// stores and returns value. loaded reports whether the value was loaded.
func (m *Map) LoadOrStore(key, value any) (actual any, loaded bool) {
	point("sync.Map.LoadOrStore")
	return m.m.LoadOrStore(key, value)
}

// LoadAndDelete deletes the value for key, returning the previous value.
func (m *Map) LoadAndDelete(key any) (value any, loaded bool) {
	point("sync.Map.LoadAndDelete")
	return m.m.LoadAndDelete(key)
}

// Delete deletes the value for key.
func (m *Map) Delete(key any) { point("sync.Map.Delete"); m.m.Delete(key) }

// Swap swaps the value for key and returns the previous value, if any.
func (m *Map) Swap(key, value any) (previous any, loaded bool) {
	point("sync.Map.Swap")
	return m.m.Swap(key, value)
}

// CompareAndSwap swaps the old and new values for key if the value stored
// is equal to old.
func (m *Map) CompareAndSwap(key, old, new any) (swapped bool) {
	point("sync.Map.CompareAndSwap")
	return m.m.CompareAndSwap(key, old, new)
}

// CompareAndDelete deletes the entry for key if its value is equal to old.
func (m *Map) CompareAndDelete(key, old any) (deleted bool) {
	point("sync.Map.CompareAndDelete")
	return m.m.CompareAndDelete(key, old)
}

// Range calls f for each key and value until f returns false. As in Go, it
// does not correspond to a consistent snapshot: an entry stored or deleted
// during the Range may or may not be visited. Under a World each visit is
// a yield point and the order is decided by the World.
func (m *Map) Range(f func(key, value any) bool) {
	w := sim.Current()
	if w == nil {
		m.m.Range(f)
		return
	}
	w.Yield("sync.Map.Range")
	var keys []any
	m.m.Range(func(k, _ any) bool { keys = append(keys, k); return true })
	world.SortKeys(keys)
	world.Rotate(w, keys)
	for _, k := range keys {
		v, ok := m.m.Load(k)
		if !ok {
			continue
		}
		if !f(k, v) {
			return
		}
		w.Yield("sync.Map.Range")
	}
}
