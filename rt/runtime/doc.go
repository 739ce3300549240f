// Package runtime holds the two scheduling calls of package runtime that
// translated code calls through racelab (imported as rtruntime): Gosched,
// a yield point under a World, and NumGoroutine, which counts the World's
// goroutines. Every other runtime call of the program stays the standard
// one.
//
// # Reproducing a failure
//
// Under a World every operation here is a decision or an event of the run,
// so the run replays from its trace: racetest.RunTranslated prints the line
// that replays a failing schedule.
package runtime
