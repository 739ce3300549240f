// Package rand is math/rand/v2 for translated code, with the same rule as
// rt/math/rand: under a World, a bounded draw of at most 64 values is one
// decision of the World and every other draw comes from a generator of the
// World seeded by one decision; outside a World the standard functions.
// The types and constructors (New, NewPCG, NewChaCha8, NewZipf) are the
// standard ones.
package rand
