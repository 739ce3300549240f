package lang

import (
	"iter"

	"github.com/racelab/racelab/rt/internal/world"
	"github.com/racelab/racelab/sim"
)

// MapRange iterates over m as for k, v := range m. Under a World the order
// is a decision of the World: the keys in a base order that does not depend
// on the process (sorted, for keys of basic kinds; by their %v text for
// other keys, which is deterministic for structs and arrays of basic kinds
// but not for pointers or channels), then rotated by an offset the World
// draws (Go's own iteration starts at a random place), so it replays and
// shrinks towards the base order, and any two keys come in either order. Outside a World
// it is Go's own range.
//
// As in Go, an entry deleted before it is reached is not produced and a
// value updated before it is reached is produced updated; an entry added
// during the iteration is not produced (Go may or may not produce it).
func MapRange[M ~map[K]V, K comparable, V any](m M) iter.Seq2[K, V] {
	w := sim.Current()
	if w == nil {
		return func(yield func(K, V) bool) {
			for k, v := range m {
				if !yield(k, v) {
					return
				}
			}
		}
	}
	return func(yield func(K, V) bool) {
		keys := make([]K, 0, len(m))
		var odd []V // values of keys that are not equal to themselves (NaN)
		for k := range m {
			keys = append(keys, k)
		}
		world.SortKeys(keys)
		world.Rotate(w, keys)
		for k, v := range m {
			if k != k {
				odd = append(odd, v)
			}
		}
		for _, k := range keys {
			v, ok := m[k]
			if k != k && len(odd) > 0 {
				v, ok, odd = odd[0], true, odd[1:]
			}
			if ok && !yield(k, v) {
				return
			}
		}
	}
}
