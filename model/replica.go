package model

import (
	"fmt"
	"slices"
	"strings"
)

// Phabricator's replicated repository (shared/systems.md 4.5): one
// linearizable, append-only history with an in-doubt slot for a write that
// was interrupted, and a frozen flag.

// ReplicaOp names an operation.
type ReplicaOp uint8

const (
	ReplicaPush ReplicaOp = iota
	ReplicaFetch
	ReplicaThaw // the operator demotes the interrupted device
)

// ReplicaInput is one operation on device Dev.
type ReplicaInput struct {
	Op     ReplicaOp
	Dev    string
	Commit string
}

// String reads "A: push(X)", "B: fetch()" or "thaw(demote A)".
func (in ReplicaInput) String() string {
	switch in.Op {
	case ReplicaPush:
		return fmt.Sprintf("%s: push(%s)", in.Dev, in.Commit)
	case ReplicaFetch:
		return in.Dev + ": fetch()"
	}
	return "thaw(demote " + in.Dev + ")"
}

// Push outputs; a fetch outputs the commits it saw, joined by spaces.
const (
	PushOK          = "ok"
	PushFrozen      = "frozen"      // refused: a write was left incomplete
	PushTimeout     = "timeout"     // the write lock could not be had
	PushInterrupted = "interrupted" // written, not recorded: now frozen
	FetchError      = "error"
)

// ReplicaState is the acknowledged history, the in-doubt commit of an
// interrupted write, and whether writes are frozen.
type ReplicaState struct {
	Hist    []string
	InDoubt string
	Frozen  bool
}

func replicaStep(s ReplicaState, in ReplicaInput) []Outcome[ReplicaState, string] {
	same := func(out string) Outcome[ReplicaState, string] {
		return Outcome[ReplicaState, string]{Out: out, Next: s}
	}
	switch in.Op {
	case ReplicaPush:
		// A refusal or a timeout has no effect and is always legal: a
		// concurrent write in flight or interrupted also refuses. What
		// must hold is that an acknowledged push is never lost.
		outs := []Outcome[ReplicaState, string]{same(PushFrozen), same(PushTimeout),
			{Out: PushInterrupted, Next: ReplicaState{Hist: s.Hist, InDoubt: in.Commit, Frozen: true}}}
		if !s.Frozen {
			outs = append(outs, Outcome[ReplicaState, string]{Out: PushOK, Next: ReplicaState{Hist: append(slices.Clone(s.Hist), in.Commit)}})
		}
		return outs
	case ReplicaFetch:
		outs := []Outcome[ReplicaState, string]{same(strings.Join(s.Hist, " ")), same(FetchError)}
		if s.InDoubt != "" {
			outs = append(outs, same(strings.Join(append(slices.Clone(s.Hist), s.InDoubt), " ")))
		}
		return outs
	}
	return []Outcome[ReplicaState, string]{{Out: PushOK, Next: ReplicaState{Hist: s.Hist}}}
}

// Replica is the model of one replicated repository.
var Replica = &Model[ReplicaState, ReplicaInput, string]{
	Name: "replica",
	Init: func() ReplicaState { return ReplicaState{} },
	Step: replicaStep,
	EqualStates: func(a, b ReplicaState) bool {
		return a.InDoubt == b.InDoubt && a.Frozen == b.Frozen && slices.Equal(a.Hist, b.Hist)
	},
	EqualOutputs:      func(a, b string) bool { return a == b },
	DescribeOperation: func(in ReplicaInput, out string) string { return fmt.Sprintf("%v -> [%s]", in, out) },
	DescribeState: func(s ReplicaState) string {
		d := "history [" + strings.Join(s.Hist, " ") + "]"
		if s.InDoubt != "" {
			d += ", in doubt " + s.InDoubt
		}
		if s.Frozen {
			d += ", frozen"
		}
		return d
	},
}
