package perf

import "time"

// Measuring speed is perf's purpose, so it reads the wall clock; nothing
// here runs inside a simulated World.

func realNow() time.Time { return time.Now() }

func realSince(t time.Time) time.Duration { return time.Since(t) }
