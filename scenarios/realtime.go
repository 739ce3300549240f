package scenarios

import "time"

// Native harnesses run on real goroutines (sim.RunNative), where waiting for
// a leaked worker means waiting in real time. Nothing here runs inside a
// simulated World.

// realTimeout fires after d of real time, for harnesses on real goroutines.
func realTimeout(d time.Duration) <-chan time.Time { return time.After(d) }
