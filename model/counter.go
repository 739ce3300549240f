package model

import "fmt"

// CounterInput is a counter operation: an increment, or a read.
type CounterInput struct {
	Incr bool
}

// String reads "incr()" or "get()".
func (in CounterInput) String() string {
	if in.Incr {
		return "incr()"
	}
	return "get()"
}

// Counter is a counter starting at 0: an increment returns the new value, a
// read returns the value.
var Counter = &Model[int, CounterInput, int]{
	Name: "counter",
	Init: func() int { return 0 },
	Step: func(s int, in CounterInput) []Outcome[int, int] {
		if in.Incr {
			return []Outcome[int, int]{{Out: s + 1, Next: s + 1}}
		}
		return []Outcome[int, int]{{Out: s, Next: s}}
	},
	EqualStates:  func(a, b int) bool { return a == b },
	EqualOutputs: func(a, b int) bool { return a == b },
	DescribeOperation: func(in CounterInput, out int) string {
		return fmt.Sprintf("%v -> %d", in, out)
	},
	DescribeState: func(s int) string { return fmt.Sprint(s) },
}
