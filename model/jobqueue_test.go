package model

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// outs lists the outputs the job queue model allows for in from state s.
func outs(s string, in JobClaim) []string {
	var out []string
	for _, o := range NewJobQueue().Step(s, in) {
		out = append(out, o.Out)
	}
	slices.Sort(out)
	return out
}

func TestJobQueueAllowsNothingTakenOnlyWhenEmptyOrSkippingLockedJobs(t *testing.T) {
	plain, skip := JobClaim{Worker: "w1"}, JobClaim{Worker: "w1", SkipLocked: true}
	assert.Equal(t, []string{ClaimFailed, "j1", "j2"}, outs("j1 j2", plain), "a plain claim with jobs queued takes one or fails")
	assert.Equal(t, []string{ClaimFailed, "j1", ClaimNoneContended}, outs("j1", skip), "SKIP LOCKED may pass over a job another claim holds")
	assert.Equal(t, []string{ClaimFailed, ClaimNone, ClaimNoneContended}, outs("", plain), "an empty queue gives nothing")
	assert.NotContains(t, outs("j1", skip), ClaimNone, "nothing taken, jobs queued and nobody else claiming: never")
	for _, o := range NewJobQueue().Step("j1 j2", plain) {
		if o.Out == "j1" {
			assert.Equal(t, "j2", o.Next, "a claimed job leaves the queue")
		}
		if o.Out == ClaimFailed {
			assert.Equal(t, "j1 j2", o.Next, "a failed claim has no effect")
		}
	}
}
