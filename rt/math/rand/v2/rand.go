package rand

import (
	"math/rand/v2"

	"github.com/racelab/racelab/rt/internal/world"
)

// The standard types and constructors, passed through.
type (
	Rand    = rand.Rand
	Source  = rand.Source
	PCG     = rand.PCG
	ChaCha8 = rand.ChaCha8
	Zipf    = rand.Zipf
)

var (
	New        = rand.New
	NewPCG     = rand.NewPCG
	NewChaCha8 = rand.NewChaCha8
	NewZipf    = rand.NewZipf
)

type genKey struct{}

// gen returns the World's generator, or nil outside a World.
func gen() *rand.Rand {
	w, st := world.Get()
	if w == nil {
		return nil
	}
	if g, ok := st.Values[genKey{}]; ok {
		return g.(*rand.Rand)
	}
	g := rand.New(rand.NewPCG(st.Seed(), 0x9e3779b97f4a7c15))
	st.Values[genKey{}] = g
	return g
}

// draw is m of the World's generator under a World, else std.
func draw[R any](m func(*rand.Rand) R, std func() R) R {
	if g := gen(); g != nil {
		return m(g)
	}
	return std()
}

// small draws from [0, n) as one decision of the World when n is small.
func small(n uint64) (uint64, bool) {
	w, _ := world.Get()
	if w == nil || n == 0 || n > world.SmallN {
		return 0, false
	}
	return uint64(w.Intn(int(n))), true
}

// IntN returns a value in [0, n); it panics if n <= 0. Under a World a
// small n is one decision of the World.
func IntN(n int) int {
	if n <= 0 {
		panic("invalid argument to IntN")
	}
	if v, ok := small(uint64(n)); ok {
		return int(v)
	}
	if g := gen(); g != nil {
		return g.IntN(n)
	}
	return rand.IntN(n)
}

// Int64N returns a value in [0, n); it panics if n <= 0.
func Int64N(n int64) int64 {
	if n <= 0 {
		panic("invalid argument to Int64N")
	}
	if v, ok := small(uint64(n)); ok {
		return int64(v)
	}
	if g := gen(); g != nil {
		return g.Int64N(n)
	}
	return rand.Int64N(n)
}

// Int32N returns a value in [0, n); it panics if n <= 0.
func Int32N(n int32) int32 {
	if n <= 0 {
		panic("invalid argument to Int32N")
	}
	return int32(Int64N(int64(n)))
}

// UintN returns a value in [0, n); it panics if n == 0.
func UintN(n uint) uint {
	if n == 0 {
		panic("invalid argument to UintN")
	}
	return uint(Uint64N(uint64(n)))
}

// Uint64N returns a value in [0, n); it panics if n == 0.
func Uint64N(n uint64) uint64 {
	if n == 0 {
		panic("invalid argument to Uint64N")
	}
	if v, ok := small(n); ok {
		return v
	}
	if g := gen(); g != nil {
		return g.Uint64N(n)
	}
	return rand.Uint64N(n)
}

// Uint32N returns a value in [0, n); it panics if n == 0.
func Uint32N(n uint32) uint32 {
	if n == 0 {
		panic("invalid argument to Uint32N")
	}
	return uint32(Uint64N(uint64(n)))
}

// N returns a value in [0, n) of any integer type (time.Duration too); it
// panics if n <= 0.
func N[Int intType](n Int) Int {
	if n <= 0 {
		panic("invalid argument to N")
	}
	return Int(Uint64N(uint64(n)))
}

type intType interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

// Int returns a non-negative int.
func Int() int { return draw((*rand.Rand).Int, rand.Int) }

// Int64 returns a non-negative int64.
func Int64() int64 { return draw((*rand.Rand).Int64, rand.Int64) }

// Int32 returns a non-negative int32.
func Int32() int32 { return draw((*rand.Rand).Int32, rand.Int32) }

// Uint returns a uint.
func Uint() uint { return draw((*rand.Rand).Uint, rand.Uint) }

// Uint64 returns a uint64.
func Uint64() uint64 { return draw((*rand.Rand).Uint64, rand.Uint64) }

// Uint32 returns a uint32.
func Uint32() uint32 { return draw((*rand.Rand).Uint32, rand.Uint32) }

// Float64 returns a value in [0.0, 1.0).
func Float64() float64 { return draw((*rand.Rand).Float64, rand.Float64) }

// Float32 returns a value in [0.0, 1.0).
func Float32() float32 { return draw((*rand.Rand).Float32, rand.Float32) }

// ExpFloat64 returns an exponentially distributed float64 of rate 1.
func ExpFloat64() float64 { return draw((*rand.Rand).ExpFloat64, rand.ExpFloat64) }

// NormFloat64 returns a normally distributed float64 (mean 0, stddev 1).
func NormFloat64() float64 { return draw((*rand.Rand).NormFloat64, rand.NormFloat64) }

// Perm returns a permutation of [0, n).
func Perm(n int) []int {
	if g := gen(); g != nil {
		return g.Perm(n)
	}
	return rand.Perm(n)
}

// Shuffle shuffles n elements with swap; it panics if n < 0.
func Shuffle(n int, swap func(i, j int)) {
	if g := gen(); g != nil {
		g.Shuffle(n, swap)
		return
	}
	rand.Shuffle(n, swap)
}
