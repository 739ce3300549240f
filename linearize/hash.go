package linearize

import (
	"math"
	"reflect"
	"slices"

	"github.com/anishathalye/porcupine"
)

// hashPartition hashes a partition's history with call and return steps
// replaced by their ranks, so that the same history recorded at other
// absolute steps hashes alike. Linearizability depends only on the order of
// calls and returns, so the cache stays exact.
//
// Inputs and outputs are hashed by walking their values (type, then
// fields), not by printing them: formatting with %v called every String
// method and was most of the checker's cost on a cache hit. Two values hash
// alike only if they are of one type and hold equal data, which is what
// the cache needs (a String method may print two different values alike).
func hashPartition(ops []porcupine.Operation) uint64 {
	times := make([]int64, 0, 2*len(ops))
	for _, op := range ops {
		times = append(times, op.Call, op.Return)
	}
	slices.Sort(times)
	rank := func(t int64) uint64 {
		i, _ := slices.BinarySearch(times, t)
		return uint64(i)
	}
	h := hasher(fnvOffset)
	for _, op := range ops {
		h.uint(uint64(op.ClientId))
		h.uint(rank(op.Call))
		h.uint(rank(op.Return))
		h.value(reflect.ValueOf(op.Input))
		h.value(reflect.ValueOf(op.Output))
	}
	return uint64(h)
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hasher is FNV-1a folded a word or a string at a time.
type hasher uint64

func (h *hasher) uint(x uint64) {
	for range 8 {
		*h = (*h ^ hasher(x&0xff)) * fnvPrime
		x >>= 8
	}
}

func (h *hasher) string(s string) {
	h.uint(uint64(len(s)))
	for i := 0; i < len(s); i++ {
		*h = (*h ^ hasher(s[i])) * fnvPrime
	}
}

// value folds v's type and contents into h. A map's entries are combined
// in an order-independent way, so iteration order does not matter.
func (h *hasher) value(v reflect.Value) {
	if !v.IsValid() {
		h.uint(0)
		return
	}
	h.string(v.Type().String())
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			h.uint(1)
		} else {
			h.uint(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.uint(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		h.uint(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		h.uint(math.Float64bits(real(c)))
		h.uint(math.Float64bits(imag(c)))
	case reflect.String:
		h.string(v.String())
	case reflect.Struct:
		for i := range v.NumField() {
			h.value(v.Field(i))
		}
	case reflect.Array, reflect.Slice:
		if v.Kind() == reflect.Slice && v.IsNil() {
			h.uint(math.MaxUint64)
			return
		}
		h.uint(uint64(v.Len()))
		for i := range v.Len() {
			h.value(v.Index(i))
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			h.uint(math.MaxUint64)
			return
		}
		h.value(v.Elem())
	case reflect.Map:
		var sum uint64
		iter := v.MapRange()
		for iter.Next() {
			e := hasher(fnvOffset)
			e.value(iter.Key())
			e.value(iter.Value())
			sum += uint64(e)
		}
		h.uint(uint64(v.Len()))
		h.uint(sum)
	default: // chan, func, unsafe pointer: only identity is comparable
		h.uint(uint64(v.Pointer()))
	}
}
