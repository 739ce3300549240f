package sim

import (
	"fmt"
	"math"
	"strconv"
)

// OpID names a client operation begun with [World.Begin].
type OpID int

// Op is one recorded client operation: who called it with what, what it
// returned, and when, in logical steps. An operation still open when the run
// ended (its thread crashed, or its outcome is unknown) has Return
// math.MaxInt64 and Indeterminate set; a checker must accept any output for
// it and let it take effect or not.
type Op struct {
	Client        int
	Thread        string
	Input         any
	Output        any
	Call          int64
	Return        int64
	Indeterminate bool
}

// Begin records that client calls an operation with input and returns its
// id for End. It is not a yield point. Inputs and outputs must print
// deterministically with %v (the log hashes them).
func (w *World) Begin(client int, input any) OpID {
	t := w.running("Begin")
	w.event(t, EvBegin, "op "+strconv.Itoa(len(w.history)), sprint(input))
	w.history = append(w.history, Op{Client: client, Thread: t.name, Input: input, Call: w.step, Return: -1})
	return OpID(len(w.history) - 1)
}

// End records the output of operation id. Ending an operation twice, or one
// that was never begun, panics.
func (w *World) End(id OpID, output any) {
	t := w.running("End")
	if int(id) < 0 || int(id) >= len(w.history) || w.history[id].Return >= 0 {
		panic(fmt.Sprintf("sim: End of operation %d that is not open", id))
	}
	w.event(t, EvEnd, "op "+strconv.Itoa(int(id)), sprint(output))
	w.history[id].Output, w.history[id].Return = output, w.step
}

// closeHistory closes the operations still open at the end of the run.
func (w *World) closeHistory() []Op {
	for i := range w.history {
		if w.history[i].Return < 0 {
			w.history[i].Return, w.history[i].Indeterminate = math.MaxInt64, true
		}
	}
	return w.history
}

// sprint is fmt.Sprint(v), the same string, without fmt's machinery for
// the common kinds of inputs and outputs: it runs twice per operation,
// logged or not (the log's hash covers it).
func sprint(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	case fmt.Formatter, error: // fmt prefers these to String
		return fmt.Sprint(v)
	case fmt.Stringer:
		return stringOf(v)
	}
	return fmt.Sprint(v)
}

// stringOf is v.String(), or what fmt prints when it panics (a nil
// pointer receiver prints "<nil>" there).
func stringOf(v fmt.Stringer) (s string) {
	defer func() {
		if recover() != nil {
			s = fmt.Sprint(v)
		}
	}()
	return v.String()
}
