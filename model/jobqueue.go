package model

import (
	"fmt"
	"slices"
	"strings"
)

// JobClaim is a worker's claim of one job from a queue.
type JobClaim struct {
	Worker string
	// SkipLocked says the claim passes over jobs other workers hold
	// (FOR UPDATE SKIP LOCKED): only such a claim may find nothing while
	// jobs are still queued, and only while another claim is in flight.
	SkipLocked bool
}

// String reads "claim(w1)".
func (in JobClaim) String() string { return fmt.Sprintf("claim(%s)", in.Worker) }

// The outputs of a claim other than a job's id.
const (
	// ClaimNone: the claim took nothing, with no error.
	ClaimNone = "none"
	// ClaimNoneContended: the same, while another claim was in flight.
	ClaimNoneContended = "none, contended"
	// ClaimFailed: the claim rolled back on an injected fault (a dropped
	// connection, a lock wait timed out).
	ClaimFailed = "failed"
)

// NewJobQueue returns the model of a job queue holding jobs. A claim takes
// one queued job, which no later claim may return; fails with no effect
// (ClaimFailed: the workload reports only injected faults so); or takes
// nothing: ClaimNone only when no job is queued, ClaimNoneContended also
// when the claim skips locked jobs (another worker's claim holds each). A
// claim that found nothing with jobs queued and nobody else claiming, or
// that swallowed its error, has no legal outcome. The state is the sorted
// ids still queued, joined by spaces.
func NewJobQueue(jobs ...string) *Model[string, JobClaim, string] {
	init := slices.Sorted(slices.Values(jobs))
	return &Model[string, JobClaim, string]{
		Name: "jobqueue",
		Init: func() string { return strings.Join(init, " ") },
		Step: func(s string, in JobClaim) []Outcome[string, string] {
			out := []Outcome[string, string]{{Out: ClaimFailed, Next: s}}
			if s == "" {
				out = append(out, Outcome[string, string]{Out: ClaimNone, Next: s}, Outcome[string, string]{Out: ClaimNoneContended, Next: s})
			} else if in.SkipLocked {
				out = append(out, Outcome[string, string]{Out: ClaimNoneContended, Next: s})
			}
			queued := strings.Fields(s)
			for i, id := range queued {
				rest := slices.Delete(slices.Clone(queued), i, i+1)
				out = append(out, Outcome[string, string]{Out: id, Next: strings.Join(rest, " ")})
			}
			return out
		},
		EqualStates:  func(a, b string) bool { return a == b },
		EqualOutputs: func(a, b string) bool { return a == b },
		DescribeOperation: func(in JobClaim, out string) string {
			return fmt.Sprintf("%v -> %s", in, out)
		},
		DescribeState: func(s string) string { return "queued [" + s + "]" },
	}
}
