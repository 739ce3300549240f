package model

import (
	"fmt"
	"slices"
	"strings"
)

// JobClaim is a worker's claim of one job from a queue.
type JobClaim struct {
	Worker string
}

// String reads "claim(w1)".
func (in JobClaim) String() string { return fmt.Sprintf("claim(%s)", in.Worker) }

// NewJobQueue returns the model of a job queue holding jobs: a claim takes
// one queued job, which no later claim may return, or returns "" (none was
// available to it: with SKIP LOCKED a job another worker is claiming is
// not available, so "" is allowed whatever is queued). The state is the
// sorted ids still queued, joined by spaces.
func NewJobQueue(jobs ...string) *Model[string, JobClaim, string] {
	init := slices.Sorted(slices.Values(jobs))
	return &Model[string, JobClaim, string]{
		Name: "jobqueue",
		Init: func() string { return strings.Join(init, " ") },
		Step: func(s string, in JobClaim) []Outcome[string, string] {
			out := []Outcome[string, string]{{Out: "", Next: s}}
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
			if out == "" {
				return fmt.Sprintf("%v -> none", in)
			}
			return fmt.Sprintf("%v -> %s", in, out)
		},
		DescribeState: func(s string) string { return "queued [" + s + "]" },
	}
}
