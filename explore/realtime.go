package explore

import "time"

// The exploration engine itself runs in real time on real goroutines: it
// measures wall time for its budgets and reports, and runs independent
// schedules on a pool of watched workers (watchdog.go). Nothing here runs inside a simulated
// World; every schedule is a sim.Run seeded from (seed, index), so what it
// finds does not depend on the pool (TestResultsDoNotDependOnTheNumberOfWorkers).

// realNow is the engine's wall clock.
func realNow() time.Time { return time.Now() }

// realSince is the wall time since t.
func realSince(t time.Time) time.Duration { return time.Since(t) }
