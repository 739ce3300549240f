// Package rand is math/rand for translated code. Under a World
// (sim.Current() != nil) the top-level functions draw from the World: a
// bounded draw of at most 64 values (Intn(3)) is one decision of the World,
// so it replays, shrinks towards 0 and is explored fully by dfs; every
// other draw comes from a generator of the World seeded by one decision
// among 256. Outside a World they are the standard functions. The types
// and New, NewSource and NewZipf are the standard ones: a generator the
// program seeds itself stays its own.
//
// # Reproducing a failure
//
// Under a World every operation here is a decision or an event of the run,
// so the run replays from its trace: racetest.RunTranslated prints the line
// that replays a failing schedule.
package rand
