// Package rttest holds what the drop-ins' tests share: running a function
// as the main thread of a World, and across many seeds.
package rttest

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/sim"
)

// Run runs main as the main thread of a World with a random source seeded
// by seed.
func Run(seed uint64, main func()) *sim.Result {
	return sim.Run(sim.Options{Source: sim.Random(seed)}, func(*sim.World) { main() })
}

// Clean runs main under a World and fails t if the run found anything.
func Clean(t testing.TB, main func()) *sim.Result {
	t.Helper()
	res := Run(1, main)
	if res.Failed() {
		t.Fatalf("unexpected finding: %v %v", res.Findings, res.Err)
	}
	return res
}

// Seeds runs main under seeds 1..n and returns how many runs failed, and
// the first finding.
func Seeds(n int, main func()) (failed int, first string) {
	for seed := 1; seed <= n; seed++ {
		res := Run(uint64(seed), main)
		if res.Failed() {
			failed++
			if first == "" {
				if len(res.Findings) > 0 {
					first = res.Findings[0].String()
				} else {
					first = fmt.Sprint(res.Err)
				}
			}
		}
	}
	return failed, first
}

// Finding runs main under a World and returns its first finding, "" when
// clean.
func Finding(main func()) string {
	res := Run(1, main)
	if len(res.Findings) == 0 {
		return ""
	}
	return res.Findings[0].String()
}

// Both runs f outside any World (real goroutines, the standard library)
// and then as the main thread of a World, and returns what each returned:
// the two halves of a differential test.
func Both[T any](f func() T) (real, simulated T) {
	real = f()
	Run(1, func() { simulated = f() })
	return real, simulated
}
