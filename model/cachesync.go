package model

import (
	"fmt"
	"strings"
)

// The cache generation synchronizer of Djblets (shared/systems.md 2.6).
//
// The shared generation is tracked as a token (Epoch, Incr): a generation
// created by an add gets a new epoch, an increment bumps Incr. With a clock
// whose values never equal a stored generation, two concrete generations
// are equal exactly when their tokens are, so the model needs no
// timestamps. A process's own generation is None (never fetched), a token,
// or Fresh: a value that equals no stored generation (what the fixed code
// records after a failed add).
//
// Faults travel in the output: Failed names the cache call that failed
// during the operation ("" for none), so the model can say what each case
// allows: a faulted expiry check may only answer "expired".

// SyncOp names a synchronizer operation.
type SyncOp uint8

const (
	SyncNew         SyncOp = iota // a new instance: fetch or create
	SyncIsExpired                 // is the instance's data expired?
	SyncRefresh                   // fetch or create again
	SyncMarkUpdated               // increment (or create) the generation
	SyncClear                     // delete the generation
)

var syncOpNames = [...]string{"new", "is_expired", "refresh", "mark_updated", "clear"}

// SyncInput is an operation of instance Inst (0 to MaxSyncInstances-1).
type SyncInput struct {
	Op   SyncOp
	Inst int
}

// String reads "p1.is_expired()".
func (in SyncInput) String() string { return fmt.Sprintf("p%d.%s()", in.Inst, syncOpNames[in.Op]) }

// SyncOutput is what an operation returned, and which cache call failed.
type SyncOutput struct {
	Expired bool
	Failed  string // "", "add", "get", "incr" or "delete"
}

// MaxSyncInstances is the number of instances the model tracks.
const MaxSyncInstances = 4

// genToken is a generation as the model knows it.
type genToken struct{ Epoch, Incr int }

// localGen is an instance's own generation.
type localGen struct {
	Kind uint8 // localNone, localGen, localFresh
	Gen  genToken
}

const (
	localNone uint8 = iota
	localToken
	localFresh
)

// SyncState is the shared generation and every instance's own.
type SyncState struct {
	Present   bool
	Gen       genToken
	NextEpoch int
	Local     [MaxSyncInstances]localGen
}

// fetchOrCreate is a fault-free fetch-or-create by inst.
func (s SyncState) fetchOrCreate(inst int) SyncState {
	if !s.Present {
		s.Present, s.Gen = true, genToken{Epoch: s.NextEpoch}
		s.NextEpoch++
	}
	s.Local[inst] = localGen{Kind: localToken, Gen: s.Gen}
	return s
}

func (s SyncState) expired(inst int) bool {
	l := s.Local[inst]
	return !s.Present || l.Kind != localToken || l.Gen != s.Gen
}

func syncStep(s SyncState, in SyncInput) []Outcome[SyncState, SyncOutput] {
	i := in.Inst
	ok := func(next SyncState) Outcome[SyncState, SyncOutput] {
		return Outcome[SyncState, SyncOutput]{Next: next}
	}
	failed := func(call string, next SyncState) Outcome[SyncState, SyncOutput] {
		return Outcome[SyncState, SyncOutput]{Out: SyncOutput{Failed: call}, Next: next}
	}
	fresh := s
	fresh.Local[i] = localGen{Kind: localFresh}
	switch in.Op {
	case SyncNew, SyncRefresh:
		out := []Outcome[SyncState, SyncOutput]{ok(s.fetchOrCreate(i)), failed("add", fresh)}
		if s.Present {
			out = append(out, failed("get", s)) // add found it, the get failed
		}
		return out
	case SyncIsExpired:
		return []Outcome[SyncState, SyncOutput]{
			{Out: SyncOutput{Expired: s.expired(i)}, Next: s},
			{Out: SyncOutput{Expired: true, Failed: "get"}, Next: s}, // only "expired" is legal
		}
	case SyncMarkUpdated:
		if s.Present {
			next := s
			next.Gen.Incr++
			next.Local[i] = localGen{Kind: localToken, Gen: next.Gen}
			// The incr may have found the key missing (a Clear) and its
			// fallback fetch-or-create lost its add to a concurrent create:
			// then it adopts the stored generation (spec 2.2: mark_updated
			// "on ValueError call _fetch_or_create_sync_gen()"), or, if that
			// get failed, leaves sync_gen unchanged: no effect.
			return []Outcome[SyncState, SyncOutput]{ok(next), failed("incr", s), ok(s.fetchOrCreate(i)), failed("get", s)}
		}
		return []Outcome[SyncState, SyncOutput]{ok(s.fetchOrCreate(i)), failed("incr", s), failed("add", fresh)}
	case SyncClear:
		next := s
		next.Present = false
		return []Outcome[SyncState, SyncOutput]{ok(next), failed("delete", s)}
	}
	return nil
}

func describeLocal(l localGen) string {
	switch l.Kind {
	case localToken:
		return fmt.Sprintf("g%d.%d", l.Gen.Epoch, l.Gen.Incr)
	case localFresh:
		return "fresh"
	}
	return "none"
}

// CacheSync is the model of a shared generation and its instances.
var CacheSync = &Model[SyncState, SyncInput, SyncOutput]{
	Name:         "cachesync",
	Init:         func() SyncState { return SyncState{} },
	Step:         syncStep,
	EqualStates:  func(a, b SyncState) bool { return a == b },
	EqualOutputs: func(a, b SyncOutput) bool { return a == b },
	DescribeOperation: func(in SyncInput, out SyncOutput) string {
		s := in.String()
		if in.Op == SyncIsExpired {
			s += fmt.Sprintf(" -> %v", out.Expired)
		}
		if out.Failed != "" {
			s += " (cache " + out.Failed + " failed)"
		}
		return s
	},
	DescribeState: func(s SyncState) string {
		gen := "absent"
		if s.Present {
			gen = describeLocal(localGen{Kind: localToken, Gen: s.Gen})
		}
		locals := make([]string, 0, MaxSyncInstances)
		for i, l := range s.Local {
			if l.Kind != localNone {
				locals = append(locals, fmt.Sprintf("p%d=%s", i, describeLocal(l)))
			}
		}
		return fmt.Sprintf("cache %s; %s", gen, strings.Join(locals, " "))
	},
}
