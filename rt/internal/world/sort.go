package world

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
)

// SortKeys puts keys in an order that is the same in every process: sorted
// for keys of basic kinds, by their %#v text (with the type) otherwise,
// which is deterministic for structs and arrays of basic kinds but not for
// pointers or channels.
func SortKeys[K comparable](keys []K) {
	if len(keys) < 2 {
		return
	}
	switch kindOf(keys) {
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

// kindOf is the kind of the keys: of K, or for interface keys of the
// dynamic type when all keys share one (else Interface, sorted by text).
func kindOf[K comparable](keys []K) reflect.Kind {
	k := reflect.TypeFor[K]()
	if k.Kind() != reflect.Interface {
		return k.Kind()
	}
	t := reflect.TypeOf(keys[0])
	for _, x := range keys[1:] {
		if reflect.TypeOf(x) != t {
			return reflect.Interface
		}
	}
	if t == nil {
		return reflect.Interface
	}
	return t.Kind()
}
