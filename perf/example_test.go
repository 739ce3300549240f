package perf_test

import (
	"fmt"

	"github.com/racelab/racelab/perf"
)

// Table renders measured rows, each beside its goal; perf.Measure makes
// them (racelab bench prints its table this way).
func ExampleTable() {
	fmt.Print(perf.Table([]perf.Row{
		{Measure: "BenchmarkStep / BenchmarkCoroutineFloor", Value: "1.62x", Goal: "<= 1.5x", Met: false, Detail: "Step 275 ns / CoroutineFloor 170 ns"},
	}))
	// Output:
	// | measure | measured | goal | met | from |
	// |---|---|---|---|---|
	// | BenchmarkStep / BenchmarkCoroutineFloor | 1.62x | <= 1.5x | no | Step 275 ns / CoroutineFloor 170 ns |
}
