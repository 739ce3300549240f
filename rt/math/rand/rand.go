package rand

import (
	"math/rand"

	"github.com/racelab/racelab/rt/internal/world"
)

// The standard types and constructors, passed through: a generator the
// program makes with New is its own, seeded as the program says.
type (
	Rand     = rand.Rand
	Source   = rand.Source
	Source64 = rand.Source64
	Zipf     = rand.Zipf
)

var (
	New       = rand.New
	NewSource = rand.NewSource
	NewZipf   = rand.NewZipf
)

type genKey struct{}

// gen returns the World's generator of the top-level functions, or nil
// outside a World.
func gen() *rand.Rand {
	w, st := world.Get()
	if w == nil {
		return nil
	}
	if g, ok := st.Values[genKey{}]; ok {
		return g.(*rand.Rand)
	}
	g := rand.New(rand.NewSource(int64(st.Seed())))
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

// small draws from [0, n) as one decision of the World when n is small;
// ok is false outside a World or for a large n.
func small(n int64) (int64, bool) {
	w, _ := world.Get()
	if w == nil || n <= 0 || n > world.SmallN {
		return 0, false
	}
	return int64(w.Intn(int(n))), true
}

// Intn returns a value in [0, n); it panics if n <= 0. Under a World a
// small n is one decision of the World, replayed and shrunk towards 0.
func Intn(n int) int {
	if n <= 0 {
		panic("invalid argument to Intn")
	}
	if v, ok := small(int64(n)); ok {
		return int(v)
	}
	if g := gen(); g != nil {
		return g.Intn(n)
	}
	return rand.Intn(n)
}

// Int63n returns a value in [0, n); it panics if n <= 0.
func Int63n(n int64) int64 {
	if n <= 0 {
		panic("invalid argument to Int63n")
	}
	if v, ok := small(n); ok {
		return v
	}
	if g := gen(); g != nil {
		return g.Int63n(n)
	}
	return rand.Int63n(n)
}

// Int31n returns a value in [0, n); it panics if n <= 0.
func Int31n(n int32) int32 {
	if n <= 0 {
		panic("invalid argument to Int31n")
	}
	if v, ok := small(int64(n)); ok {
		return int32(v)
	}
	if g := gen(); g != nil {
		return g.Int31n(n)
	}
	return rand.Int31n(n)
}

// Int returns a non-negative int.
func Int() int { return draw((*rand.Rand).Int, rand.Int) }

// Int63 returns a non-negative int64.
func Int63() int64 { return draw((*rand.Rand).Int63, rand.Int63) }

// Int31 returns a non-negative int32.
func Int31() int32 { return draw((*rand.Rand).Int31, rand.Int31) }

// Uint32 returns a uint32.
func Uint32() uint32 { return draw((*rand.Rand).Uint32, rand.Uint32) }

// Uint64 returns a uint64.
func Uint64() uint64 { return draw((*rand.Rand).Uint64, rand.Uint64) }

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

// Read fills p with random bytes; it always returns len(p), nil.
//
// Deprecated: as math/rand.Read, use crypto/rand.Read.
func Read(p []byte) (n int, err error) {
	if g := gen(); g != nil {
		return g.Read(p)
	}
	return rand.Read(p)
}

// Seed seeds the top-level generator outside a World; under one it does
// nothing, since the World's source decides.
//
// Deprecated: as math/rand.Seed.
func Seed(seed int64) {
	if g := gen(); g != nil {
		return
	}
	rand.Seed(seed)
}
