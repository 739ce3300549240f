package scenarios

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/impl/jobqueue"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
)

// A job queue whose workers claim rows (issue 19): the most common way
// services hand out work through a database.

var jobQueueModel = model.NewJobQueue("j1", "j2", "j3").Porcupine()

var jobQueueClaims = &explore.Scenario{
	Name: "jobqueue/claims",
	Doc:  "three workers claim three queued jobs, twice each, while connections drop and lock waits time out",
	Variants: []explore.Variant{
		{Name: "buggy", Expect: results.Violation, Note: "read a queued job, then update it: two workers take the same job"},
		{Name: "fixed-conditional", Expect: results.Clean, Note: "UPDATE ... WHERE state = 'queued' matches 0 rows for the loser, who tries the next job"},
		{Name: "fixed-skip-locked", Expect: results.Clean, Note: "SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1 never waits for another worker's job"},
	},
	Model: &jobQueueModel,
	Faults: sim.FaultPlan{Rules: []sim.FaultRule{
		{Kind: db.FaultDisconnect, Rate: 0.05, Budget: 2},
		{Kind: db.FaultLockTimeout, Rate: 0.3, Budget: 2},
	}},
	Budget: 500,
	Program: func(w *sim.World, variant string) {
		w.Protect()
		if problem := jobQueue(w.Runtime(), variant); problem != "" {
			w.Fail("invariant", "%s", problem)
		}
	},
	Native: jobQueue,
}

// jobQueue runs the workers and returns what went wrong beyond the
// history: a job whose stored owner is not the one worker that claimed it.
func jobQueue(rt sim.Runtime, variant string) string {
	v := map[string]jobqueue.Variant{"buggy": jobqueue.Buggy, "fixed-conditional": jobqueue.Conditional, "fixed-skip-locked": jobqueue.SkipLocked}[variant]
	d := db.New(rt, "app")
	d.Configure(db.Settings{LockTimeout: 2 * time.Second})
	q := &jobqueue.Queue{DB: d, Variant: v}
	for _, id := range []string{"j1", "j2", "j3"} {
		q.Enqueue(id)
	}
	claimed := map[string][]string{} // job -> workers that believe they own it
	var mu = rt.NewMutex("claimed")
	// Claims in flight and claims begun, to tell the model whether a claim
	// that found nothing had company (atomics: no yield point, and safe on
	// real goroutines).
	var open, begun atomic.Int32
	wg := rt.NewWaitGroup("workers")
	for i := range 3 {
		worker := fmt.Sprintf("w%d", i+1)
		goGroup(rt, wg, worker, func() {
			c := d.Open(worker)
			for range 2 {
				op := rt.Begin(i, model.JobClaim{Worker: worker, SkipLocked: v == jobqueue.SkipLocked})
				company, nth := open.Add(1) > 1, begun.Add(1)
				id, err := q.Claim(c, worker)
				company = company || begun.Load() != nth
				open.Add(-1)
				if errors.Is(err, db.ErrCommitUnknown) {
					c.Reconnect() // the claim may have committed: it stays open in the history
					continue
				}
				rt.End(op, claimOutput(id, err, company))
				if errors.Is(err, db.ErrDisconnected) {
					c.Reconnect()
				}
				if id != "" {
					mu.Lock()
					claimed[id] = append(claimed[id], worker)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	for _, id := range []string{"j1", "j2", "j3"} {
		r, _ := d.Peek(jobqueue.Jobs, id)
		if ws := claimed[id]; len(ws) > 1 || (len(ws) == 1 && r["owner"] != ws[0]) {
			return fmt.Sprintf("job %s is owned by %v in the database but claimed by %v", id, r["owner"], ws)
		}
	}
	return ""
}

// claimOutput is what the model sees of a claim: the job, nothing (with or
// without another claim in flight), a failure the fault plan caused, or any
// other error, which has no legal outcome.
func claimOutput(id string, err error, company bool) string {
	switch {
	case errors.Is(err, db.ErrDisconnected), errors.Is(err, db.ErrLockTimeout):
		return model.ClaimFailed
	case err != nil:
		return "error: " + err.Error()
	case id != "":
		return id
	case company:
		return model.ClaimNoneContended
	}
	return model.ClaimNone
}
