package model

import (
	"fmt"
	"strings"
)

// Pbench's dataset operation Sync (shared/systems.md 5.6), partitioned by
// dataset. The model knows operations by index into OpNames, so that a
// dataset's state is a small comparable array.

// OpNames are the operation names, in the order of the state's array.
var OpNames = []string{"BACKUP", "DELETE", "INDEX", "REINDEX", "TOOLINDEX", "UNPACK", "UPDATE", "UPLOAD"}

// OpSyncCall names a Sync call.
type OpSyncCall uint8

const (
	// OpListed is Next(Comp) as seen for one dataset: is DS in the list?
	// A Next call is recorded as one OpListed per dataset, with the call's
	// interval, which keeps datasets independent.
	OpListed OpSyncCall = iota
	OpUpdate
	OpError
)

// OpSyncInput is one call. State and Msg are "" when not given.
type OpSyncInput struct {
	Call    OpSyncCall
	Comp    string
	DS      string
	State   string
	Enabled []string
	Msg     string
}

// String reads like the Python call.
func (in OpSyncInput) String() string {
	switch in.Call {
	case OpListed:
		return fmt.Sprintf("Sync(%s).next() has %s", in.Comp, in.DS)
	case OpError:
		return fmt.Sprintf("Sync(%s).error(%s, %q)", in.Comp, in.DS, in.Msg)
	}
	args := []string{in.DS}
	if in.State != "" {
		args = append(args, "state="+in.State)
	}
	if len(in.Enabled) > 0 {
		args = append(args, "enabled=["+strings.Join(in.Enabled, ",")+"]")
	}
	if in.Msg != "" {
		args = append(args, fmt.Sprintf("message=%q", in.Msg))
	}
	return fmt.Sprintf("Sync(%s).update(%s)", in.Comp, strings.Join(args, ", "))
}

// OpSyncOutput is a call's result: a SyncSqlError, or (for OpListed)
// whether the dataset was listed. GaveUp says that an Update or Error
// failed every one of its attempts (spec 5.6: SyncSqlError "legal only if
// >=10 commit attempts failed"); the harness counts them.
type OpSyncOutput struct {
	Err    bool
	Listed bool
	GaveUp bool
}

// opRow is one operation's row of a dataset.
type opRow struct {
	Exists bool
	State  string
	Msg    string
}

// OpSyncState is one dataset's operation rows.
type OpSyncState [8]opRow

func opIndex(name string) int {
	for i, n := range OpNames {
		if n == name {
			return i
		}
	}
	return -1
}

// applyUpdate is the atomic effect of update (and of error, which is an
// update to FAILED with a message).
func (s OpSyncState) applyUpdate(in OpSyncInput) (OpSyncState, bool) {
	c := opIndex(in.Comp)
	if c < 0 {
		return s, false
	}
	if in.State != "" || in.Msg != "" {
		r := s[c]
		if !r.Exists {
			r = opRow{Exists: true, State: "FAILED"}
		}
		if in.State != "" {
			r.State = in.State
		}
		if in.Msg != "" {
			r.Msg = in.Msg
		}
		s[c] = r
	}
	for _, e := range in.Enabled {
		i := opIndex(e)
		if i < 0 {
			return s, false
		}
		if s[i].Exists {
			s[i].State = "READY"
		} else {
			s[i] = opRow{Exists: true, State: "READY"}
		}
	}
	return s, true
}

func opSyncStep(s OpSyncState, in OpSyncInput) []Outcome[OpSyncState, OpSyncOutput] {
	failed := Outcome[OpSyncState, OpSyncOutput]{Out: OpSyncOutput{Err: true}, Next: s} // an error has no effect
	switch in.Call {
	case OpListed:
		c := opIndex(in.Comp)
		if c < 0 {
			return nil
		}
		return []Outcome[OpSyncState, OpSyncOutput]{{Out: OpSyncOutput{Listed: s[c].Exists && s[c].State == "READY"}, Next: s}, failed}
	case OpError:
		in.State = "FAILED"
	}
	next, ok := s.applyUpdate(in)
	if !ok {
		return nil
	}
	// An Update or Error fails, with no effect, only once every retry has
	// failed: one that gives up early, or fails without trying, is wrong.
	gaveUp := Outcome[OpSyncState, OpSyncOutput]{Out: OpSyncOutput{Err: true, GaveUp: true}, Next: s}
	return []Outcome[OpSyncState, OpSyncOutput]{{Next: next}, gaveUp}
}

// OpSync is the model of a dataset's operations.
var OpSync = &Model[OpSyncState, OpSyncInput, OpSyncOutput]{
	Name:         "opsync",
	Init:         func() OpSyncState { return OpSyncState{} },
	Step:         opSyncStep,
	Key:          func(in OpSyncInput) string { return in.DS },
	EqualStates:  func(a, b OpSyncState) bool { return a == b },
	EqualOutputs: func(a, b OpSyncOutput) bool { return a == b },
	DescribeOperation: func(in OpSyncInput, out OpSyncOutput) string {
		switch {
		case out.Err && in.Call != OpListed && !out.GaveUp:
			return in.String() + " -> SyncSqlError before its retries were spent"
		case out.Err:
			return in.String() + " -> SyncSqlError"
		case in.Call == OpListed:
			return fmt.Sprintf("%s -> %v", in, out.Listed)
		}
		return in.String() + " -> ok"
	},
	DescribeState: func(s OpSyncState) string {
		var parts []string
		for i, r := range s {
			if r.Exists {
				p := OpNames[i] + "=" + r.State
				if r.Msg != "" {
					p += fmt.Sprintf("(%q)", r.Msg)
				}
				parts = append(parts, p)
			}
		}
		if len(parts) == 0 {
			return "no operations"
		}
		return strings.Join(parts, " ")
	},
}
