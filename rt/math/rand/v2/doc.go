// Package rand is math/rand/v2 for translated code, with the same rule as
// rt/math/rand: under a World, a bounded draw of at most 64 values is one
// decision of the World and every other draw comes from a generator of the
// World seeded by one decision; outside a World the standard functions.
// The types and constructors (New, NewPCG, NewChaCha8, NewZipf) are the
// standard ones.
//
// # Reproducing a failure
//
// Under a World every operation here is a decision or an event of the run,
// so the run replays from its trace: racetest.RunTranslated prints the line
// that replays a failing schedule.
package rand
