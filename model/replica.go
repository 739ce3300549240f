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
	PushOK     = "ok"
	PushFrozen = "frozen" // refused: a write was left incomplete
	// PushFrozenRacing is a refusal while another push was in flight: that
	// push may have lost its lock with its connection and left its write
	// marked for a while, then recovered (spec 4.5: "after the drop, B's
	// push is ErrFrozen ... a later recovery unfreezes"), which no single
	// linearization point of the other push shows.
	PushFrozenRacing = "frozen (racing a push)"
	PushTimeout      = "timeout"     // the write lock could not be had
	PushInterrupted  = "interrupted" // written, not recorded: now frozen
	// PushError is a push that failed before it wrote (its connection was
	// lost): the client is told, nothing changed.
	PushError  = "error"
	FetchError = "error"
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
		// Spec 4.5: "frozen" only while frozen (or racing a push that may
		// have frozen it for a while), "ok" only while not; a timeout or an
		// error before the write has no effect and is always legal; an
		// interrupted write freezes the repository with its commit in
		// doubt. What must hold is that an acknowledged push is never lost
		// and that no push is refused for nothing.
		outs := []Outcome[ReplicaState, string]{same(PushFrozenRacing), same(PushTimeout), same(PushError),
			{Out: PushInterrupted, Next: ReplicaState{Hist: s.Hist, InDoubt: in.Commit, Frozen: true}}}
		if s.Frozen {
			outs = append(outs, same(PushFrozen))
		} else {
			outs = append(outs, Outcome[ReplicaState, string]{Out: PushOK, Next: ReplicaState{Hist: append(slices.Clone(s.Hist), in.Commit)}})
		}
		return outs
	case ReplicaFetch:
		// Spec 4.2's read guarantee: "any time you do a read, you always
		// read the most recently acknowledged write": the history, and
		// after it maybe writes not acknowledged (yet, or ever), which git
		// serves from the writing device's disk (an in-doubt commit, or a
		// push of another session on the device still in flight).
		return []Outcome[ReplicaState, string]{same(fetchAnswer(s.Hist)), same(FetchError)}
	}
	// Thaw: the in-doubt write is discarded (demote), or kept when the
	// other devices caught up from the interrupted one before it was
	// demoted, which is the spec's Thaw(promote).
	outs := []Outcome[ReplicaState, string]{{Out: PushOK, Next: ReplicaState{Hist: s.Hist}}}
	if s.InDoubt != "" {
		outs = append(outs, Outcome[ReplicaState, string]{Out: PushOK, Next: ReplicaState{Hist: append(slices.Clone(s.Hist), s.InDoubt)}})
	}
	return outs
}

// fetchAnswer is the model's answer to a fetch: the acknowledged history,
// marked so that replicaOutputsMatch reads it as a prefix.
func fetchAnswer(hist []string) string { return fetchMark + strings.Join(hist, " ") }

const fetchMark = "\x00"

// replicaOutputsMatch compares a model's output with a recorded one. A
// fetch matches a read that is the history or starts with all of it.
func replicaOutputsMatch(model, recorded string) bool {
	h, isFetch := strings.CutPrefix(model, fetchMark)
	switch {
	case !isFetch:
		return model == recorded
	case recorded == FetchError:
		return false
	}
	return recorded == h || h == "" || strings.HasPrefix(recorded, h+" ")
}

// Replica is the model of one replicated repository.
var Replica = &Model[ReplicaState, ReplicaInput, string]{
	Name: "replica",
	Init: func() ReplicaState { return ReplicaState{} },
	Step: replicaStep,
	EqualStates: func(a, b ReplicaState) bool {
		return a.InDoubt == b.InDoubt && a.Frozen == b.Frozen && slices.Equal(a.Hist, b.Hist)
	},
	EqualOutputs:      replicaOutputsMatch,
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
