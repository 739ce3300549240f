// Package time is package time for translated code: Sleep, Now, Since,
// Until, After, Tick, NewTimer, NewTicker, AfterFunc, and Timer and Ticker
// with Stop and Reset, with Go 1.23+ timer semantics. Under a World
// (sim.Current() != nil) they run on the World's virtual clock, which
// starts at sim.Epoch and jumps to the next timer when no goroutine can
// run, so Sleep(time.Hour) costs no wall time; outside one they are the
// standard library's.
//
// Duration, Time, Month, Weekday and Location are aliases of the standard
// types, and the pure functions (Parse, ParseDuration, Date, Unix, ...) are
// the standard ones, so values pass freely to code that was not translated.
//
// Timer.C and Ticker.C are rt/lang channels: the translator rewrites
// receives from them as from any channel.
//
// # Reproducing a failure
//
// Under a World every operation here is a decision or an event of the run,
// so the run replays from its trace: racetest.RunTranslated prints the line
// that replays a failing schedule.
package time
