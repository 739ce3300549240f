package model

import "fmt"

// Drydock's leases (shared/systems.md 3.4), per lease: each is independent,
// so the history is partitioned by lease. The model sees what callers see:
// a release returns "released" at most once per lease, since a released
// lease can never be released again.

// LeaseCall names a call on a lease.
type LeaseCall uint8

const (
	LeaseAcquire        LeaseCall = iota // the allocator activates it
	LeaseRelease                         // buggy: a synchronous release
	LeaseReleaseAsDtor                   // buggy: the destructor's release (acquired too)
	LeaseRequestRelease                  // fixed: queue a release command
)

var leaseCallNames = [...]string{"acquire", "release", "destructor release", "request release"}

// LeaseInput is one call on lease L.
type LeaseInput struct {
	Call  LeaseCall
	Lease string
	By    string
}

// String reads "web: release(L1)".
func (in LeaseInput) String() string {
	return fmt.Sprintf("%s: %s(%s)", in.By, leaseCallNames[in.Call], in.Lease)
}

// LeaseState is a lease's status.
type LeaseState struct {
	Status string
}

func leaseStep(s LeaseState, in LeaseInput) []Outcome[LeaseState, string] {
	same := func(out string) Outcome[LeaseState, string] { return Outcome[LeaseState, string]{Out: out, Next: s} }
	to := func(out, status string) Outcome[LeaseState, string] {
		return Outcome[LeaseState, string]{Out: out, Next: LeaseState{Status: status}}
	}
	switch in.Call {
	case LeaseAcquire:
		if s.Status == "pending" {
			return []Outcome[LeaseState, string]{to("activated", "active"), same("unavailable")}
		}
		return []Outcome[LeaseState, string]{same("unavailable")}
	case LeaseRelease, LeaseReleaseAsDtor:
		if s.Status == "active" || (in.Call == LeaseReleaseAsDtor && s.Status == "acquired") {
			return []Outcome[LeaseState, string]{to("released", "released")}
		}
		return []Outcome[LeaseState, string]{same("not-active")}
	case LeaseRequestRelease:
		// The caller decides on its own copy, which may be stale either
		// way, and the workers that release are not client calls: both
		// answers are legal, and releasing once is checked on the
		// release log instead.
		return []Outcome[LeaseState, string]{same("queued"), same("not-releasable")}
	}
	return nil
}

// NewLeaseModel returns the model of leases starting in the given statuses
// (by lease id; "pending" for any other).
func NewLeaseModel(initial map[string]string) *Model[LeaseState, LeaseInput, string] {
	return &Model[LeaseState, LeaseInput, string]{
		Name: "leasequeue",
		// Init is per partition; a partition's first operation names its
		// lease, so Step starts from the seeded status on first sight.
		Init: func() LeaseState { return LeaseState{} },
		Step: func(s LeaseState, in LeaseInput) []Outcome[LeaseState, string] {
			if s.Status == "" {
				s.Status = "pending"
				if st, ok := initial[in.Lease]; ok {
					s.Status = st
				}
			}
			return leaseStep(s, in)
		},
		Key:               func(in LeaseInput) string { return in.Lease },
		EqualStates:       func(a, b LeaseState) bool { return a == b },
		EqualOutputs:      func(a, b string) bool { return a == b },
		DescribeOperation: func(in LeaseInput, out string) string { return fmt.Sprintf("%v -> %s", in, out) },
		DescribeState: func(s LeaseState) string {
			if s.Status == "" {
				return "as seeded"
			}
			return s.Status
		},
	}
}
