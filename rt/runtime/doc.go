// Package runtime holds the two scheduling calls of package runtime that
// translated code calls through racelab (imported as rtruntime): Gosched,
// a yield point under a World, and NumGoroutine, which counts the World's
// goroutines. Every other runtime call of the program stays the standard
// one.
package runtime
