// Package sync is package sync for translated code: Mutex, RWMutex,
// WaitGroup (with Go), Once, OnceFunc, OnceValue, OnceValues, Cond, Map,
// Pool and Locker, with the standard API.
//
// # Contract
//
// Under a World (sim.Current() != nil) each primitive is the matching sim
// primitive of that World, so every operation is a yield point, a blocked
// goroutine records what it waits on (deadlock reports name the holders),
// and misuse is a finding with Go's message ("sync: unlock of unlocked
// mutex", "sync: negative WaitGroup counter", "sync: RUnlock of unlocked
// RWMutex"). Zero values are ready to use, as package-level variables and
// embedded fields: a primitive binds lazily to the World of its first use
// there, and starts afresh in each later World. A copy of a lock is a
// separate lock in the state the original had when copied, as in Go.
//
// Outside a World every type is the standard one, so translated code runs
// under plain go test.
//
// # Reproducing a failure
//
// Under a World every operation here is a decision or an event of the run,
// so the run replays from its trace: racetest.RunTranslated prints the line
// that replays a failing schedule.
package sync
