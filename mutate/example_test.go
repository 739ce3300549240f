package mutate_test

import (
	"fmt"

	"github.com/racelab/racelab/mutate"
)

// Generate a package's mutants by two operators; Run would build and
// explore each of them.
func ExampleGenerate() {
	ops, err := mutate.SelectOperators("remove-lock,drop-retry")
	if err != nil {
		panic(err)
	}
	mutants, err := mutate.Generate("testdata/fixture", ops)
	if err != nil {
		panic(err)
	}
	for _, m := range mutants {
		fmt.Printf("%s %s %s:%d %s\n", m.ID, m.Operator, m.File, m.Line, m.Desc)
	}
	// Output:
	// M1 remove-lock fixture.go:35 removes s.mu.Lock() and its Unlock
	// M2 remove-lock fixture.go:45 removes s.mu.Lock() and its Unlock
	// M3 remove-lock fixture.go:52 removes c.Lock("k", time.Second) and its Unlock
	// M4 drop-retry fixture.go:64 tries once instead of 5 times
}
