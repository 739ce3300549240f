package model

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/anishathalye/porcupine"
)

// Outcome is one legal result of applying an input to a state.
type Outcome[S, O any] struct {
	Out  O
	Next S
}

// Unknown is the output of an operation whose outcome is unknown. Its
// operation may have taken effect with any legal output, or not at all.
type Unknown struct{}

// String returns "?".
func (Unknown) String() string { return "?" }

// Model is a sequential specification with state S, inputs I and outputs O.
// Step must be pure: it returns new states and never changes s.
type Model[S, I, O any] struct {
	// Name names the system, for reports.
	Name string
	// Init returns the initial state of one partition.
	Init func() S
	// Step returns every legal output of in from s with the state after
	// it; none when in cannot be applied in s.
	Step func(s S, in I) []Outcome[S, O]
	// Key returns the partition of an input: operations with different
	// keys are independent, and each key starts from Init. Nil: one
	// partition.
	Key func(in I) string
	// EqualStates and EqualOutputs default to reflect.DeepEqual.
	EqualStates  func(a, b S) bool
	EqualOutputs func(a, b O) bool
	// DescribeOperation and DescribeState make reports read naturally;
	// they default to %v.
	DescribeOperation func(in I, out O) string
	DescribeState     func(s S) string
	_                 struct{}
}

// Apply runs in from s and returns the next states whose output equals out;
// an Unknown out also keeps s itself (no effect). It is the heart of the
// porcupine model and is exported for tests that check a model by hand.
func (m *Model[S, I, O]) Apply(s S, in I, out any) []S {
	var next []S
	outcomes := m.Step(s, in)
	if _, unknown := out.(Unknown); unknown {
		next = append(next, s)
		for _, o := range outcomes {
			next = append(next, o.Next)
		}
		return next
	}
	o, ok := out.(O)
	if !ok {
		return nil
	}
	for _, c := range outcomes {
		if m.equalOutputs(c.Out, o) {
			next = append(next, c.Next)
		}
	}
	return next
}

func (m *Model[S, I, O]) equalStates(a, b S) bool {
	if m.EqualStates != nil {
		return m.EqualStates(a, b)
	}
	return reflect.DeepEqual(a, b)
}

func (m *Model[S, I, O]) equalOutputs(a, b O) bool {
	if m.EqualOutputs != nil {
		return m.EqualOutputs(a, b)
	}
	return reflect.DeepEqual(a, b)
}

// merge removes duplicate states, keeping the first of each.
func (m *Model[S, I, O]) merge(states []S) []S {
	var out []S
	for _, s := range states {
		if !m.contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// contains reports whether states holds a state equal to s.
func (m *Model[S, I, O]) contains(states []S, s S) bool {
	for _, u := range states {
		if m.equalStates(s, u) {
			return true
		}
	}
	return false
}

// DescribeOp describes one operation; an Unknown output reads "?".
func (m *Model[S, I, O]) DescribeOp(in I, out any) string {
	if _, unknown := out.(Unknown); unknown || m.DescribeOperation == nil {
		return fmt.Sprintf("%v -> %v", in, out)
	}
	return m.DescribeOperation(in, out.(O))
}

// describeState describes one state.
func (m *Model[S, I, O]) describeState(s S) string {
	if m.DescribeState == nil {
		return fmt.Sprintf("%v", s)
	}
	return m.DescribeState(s)
}

// Porcupine returns the model as a porcupine.Model. Its states are sets of
// S (the states the history so far can have led to); a set of one reads as
// its single state, a larger one as "one of: a | b".
func (m *Model[S, I, O]) Porcupine() porcupine.Model {
	pm := porcupine.Model{
		Init: func() any { return []S{m.Init()} },
		Step: func(state, input, output any) (bool, any) {
			in, ok := input.(I)
			if !ok {
				return false, state
			}
			var next []S
			for _, s := range state.([]S) {
				next = append(next, m.Apply(s, in, output)...)
			}
			next = m.merge(next)
			return len(next) > 0, next
		},
		Equal: func(a, b any) bool {
			as, bs := a.([]S), b.([]S)
			if len(as) != len(bs) {
				return false
			}
			// Both sets are merged, so one inclusion suffices.
			for _, x := range as {
				if !m.contains(bs, x) {
					return false
				}
			}
			return true
		},
		DescribeOperation: func(input, output any) string {
			in, ok := input.(I)
			if !ok {
				return fmt.Sprintf("%v -> %v", input, output)
			}
			return m.DescribeOp(in, output)
		},
		DescribeState: func(state any) string {
			ss := state.([]S)
			if len(ss) == 1 {
				return m.describeState(ss[0])
			}
			parts := make([]string, len(ss))
			for i, s := range ss {
				parts[i] = m.describeState(s)
			}
			return "one of: " + strings.Join(parts, " | ")
		},
	}
	if m.Key != nil {
		pm.Partition = func(h []porcupine.Operation) [][]porcupine.Operation {
			return partitionBy(h, func(input any) string {
				if in, ok := input.(I); ok {
					return m.Key(in)
				}
				return ""
			})
		}
	}
	return pm
}

// partitionBy groups operations by key, keeping their order; partitions are
// sorted by key so the result does not depend on map order.
func partitionBy(h []porcupine.Operation, key func(any) string) [][]porcupine.Operation {
	groups := map[string][]porcupine.Operation{}
	for _, op := range h {
		k := key(op.Input)
		groups[k] = append(groups[k], op)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([][]porcupine.Operation, len(keys))
	for i, k := range keys {
		out[i] = groups[k]
	}
	return out
}
