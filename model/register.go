package model

import "fmt"

// RegisterInput is a register operation: a write of Value, or a read.
type RegisterInput struct {
	Write bool
	Value int
}

// String reads "write(3)" or "read()".
func (in RegisterInput) String() string {
	if in.Write {
		return fmt.Sprintf("write(%d)", in.Value)
	}
	return "read()"
}

// Register is a single integer register, initially 0: a write sets it and
// returns 0, a read returns it.
var Register = &Model[int, RegisterInput, int]{
	Name: "register",
	Init: func() int { return 0 },
	Step: func(s int, in RegisterInput) []Outcome[int, int] {
		if in.Write {
			return []Outcome[int, int]{{Out: 0, Next: in.Value}}
		}
		return []Outcome[int, int]{{Out: s, Next: s}}
	},
	EqualStates:  func(a, b int) bool { return a == b },
	EqualOutputs: func(a, b int) bool { return a == b },
	DescribeOperation: func(in RegisterInput, out int) string {
		if in.Write {
			return in.String()
		}
		return fmt.Sprintf("read() -> %d", out)
	},
	DescribeState: func(s int) string { return fmt.Sprint(s) },
}
