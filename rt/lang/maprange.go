package lang

import (
	"cmp"
	"fmt"
	"iter"
	"reflect"
	"slices"

	"github.com/racelab/racelab/sim"
)

// MapRange iterates over m as for k, v := range m. Under a World the order
// is a decision of the World: the keys in a base order that does not depend
// on the process (sorted, for keys of basic kinds; by their %v text for
// other keys, which is deterministic for structs and arrays of basic kinds
// but not for pointers or channels), then shuffled by draws of the World's
// source, so it replays and shrinks towards the base order. Outside a World
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
		sortKeys(keys)
		for i := len(keys) - 1; i > 0; i-- {
			j := w.Intn(i + 1)
			keys[i], keys[j] = keys[j], keys[i]
		}
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

// sortKeys puts keys in an order that is the same in every process.
func sortKeys[K comparable](keys []K) {
	if len(keys) < 2 {
		return
	}
	switch reflect.TypeFor[K]().Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b K) int { return cmp.Compare(reflect.ValueOf(a).Int(), reflect.ValueOf(b).Int()) })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		slices.SortFunc(keys, func(a, b K) int { return cmp.Compare(reflect.ValueOf(a).Uint(), reflect.ValueOf(b).Uint()) })
	case reflect.Float32, reflect.Float64:
		slices.SortFunc(keys, func(a, b K) int { return cmp.Compare(reflect.ValueOf(a).Float(), reflect.ValueOf(b).Float()) })
	case reflect.String:
		slices.SortFunc(keys, func(a, b K) int { return cmp.Compare(reflect.ValueOf(a).String(), reflect.ValueOf(b).String()) })
	case reflect.Bool:
		slices.SortFunc(keys, func(a, b K) int { return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	default:
		slices.SortStableFunc(keys, func(a, b K) int { return cmp.Compare(fmt.Sprintf("%T %#v", a, a), fmt.Sprintf("%T %#v", b, b)) })
	}
}
