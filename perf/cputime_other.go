//go:build !unix

package perf

import "time"

func cpuTime() time.Duration { return 0 }

func loadAverage() string { return "" }
