package jobqueue

import (
	"github.com/racelab/racelab/sim/db"
)

// Jobs is the table of jobs: id, state, owner.
const Jobs = "jobs"

// Job states.
const (
	Queued  = "queued"
	Running = "running"
)

// Variant is how workers claim a job.
type Variant uint8

const (
	// Buggy reads a queued job, then updates it unconditionally.
	Buggy Variant = iota
	// Conditional updates a queued job only while it is still queued.
	Conditional
	// SkipLocked locks the first queued job no one else holds (FOR UPDATE
	// SKIP LOCKED LIMIT 1), then takes it.
	SkipLocked
)

// Queue is a job queue in a database.
type Queue struct {
	DB      *db.DB
	Variant Variant
}

// Enqueue seeds a queued job, for a scenario's setup.
func (q *Queue) Enqueue(id string) {
	q.DB.Seed(Jobs, id, db.Row{"id": id, "state": Queued, "owner": ""})
}

// Claim takes one queued job for the worker on c, in one READ COMMITTED
// transaction, and returns its id, or "" when it took none. An error says
// the claim rolled back, except ErrCommitUnknown.
func (q *Queue) Claim(c *db.Conn, worker string) (string, error) {
	tx := c.Begin(db.ReadCommitted)
	id, err := q.claim(tx, worker)
	if err != nil || id == "" {
		tx.Rollback()
		return "", err
	}
	if err := tx.Commit(); err != nil {
		return "", err
	}
	return id, nil
}

func (q *Queue) claim(tx *db.Tx, worker string) (string, error) {
	take := db.Row{"state": Running, "owner": worker}
	switch q.Variant {
	case SkipLocked:
		rows, err := tx.Select(db.Query{Table: Jobs, Where: []db.Pred{db.Eq("state", Queued)}, Lock: db.ForUpdate | db.SkipLocked, Limit: 1})
		if err != nil || len(rows) == 0 {
			return "", err
		}
		id := rows[0]["id"].(string)
		_, err = tx.Update(Jobs, id, take)
		return id, err
	case Conditional:
		rows, err := tx.Scan(Jobs, db.Eq("state", Queued))
		if err != nil {
			return "", err
		}
		for _, r := range rows {
			id := r["id"].(string)
			n, err := tx.Update(Jobs, id, take, db.Eq("state", Queued))
			if err != nil {
				return "", err
			}
			if n == 1 {
				return id, nil
			}
		}
		return "", nil
	default:
		rows, err := tx.Scan(Jobs, db.Eq("state", Queued))
		if err != nil || len(rows) == 0 {
			return "", err
		}
		id := rows[0]["id"].(string)
		_, err = tx.Update(Jobs, id, take)
		return id, err
	}
}
