// Package world holds what the drop-in packages under rt keep per World:
// the count of goroutines started through rt/lang, the seeded random
// source of math/rand's top-level functions, and the names given to
// primitives. Translated code has no World in hand, so each drop-in asks
// [Get] for the World of the running thread (sim.Current) and its state.
//
// State is kept for one World at a time: the one the process is running,
// as sim.Current assumes; asking for another World replaces it.
//
// # Reproducing a failure
//
// Under a World every operation here is a decision or an event of the run,
// so the run replays from its trace: racetest.RunTranslated prints the line
// that replays a failing schedule.
package world
