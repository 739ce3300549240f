package leasequeue

import (
	"errors"
	"fmt"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
)

// Lease statuses (DrydockLeaseStatus; "destroyed" was EXPIRED at the fix).
const (
	Pending   = "pending"
	Acquired  = "acquired"
	Active    = "active"
	Released  = "released"
	Broken    = "broken"
	Destroyed = "destroyed"
)

// Resource statuses (DrydockResourceStatus).
const (
	Open   = "open"
	Closed = "closed"
)

// Tables.
const (
	Leases     = "drydock_lease"
	Resources  = "drydock_resource"
	SlotLocks  = "drydock_slotlock"
	Commands   = "drydock_command"
	Tasks      = "worker_task"
	ReleaseLog = "drydock_release_log"
)

// Variant selects the form of the code.
type Variant int

const (
	Buggy Variant = iota
	// Fixed is the shipped command queue (789df89c). Its resource close
	// commits, then queues a release for each of the resource's leases: a
	// worker that crashes in between leaves them active on a closed
	// resource, and its re-run finds the resource closed and queues nothing.
	Fixed
	// AtomicClose is Fixed with the close, its leases' release commands and
	// their tasks in one transaction, so no crash separates them.
	AtomicClose
)

// Outcome is what a release request or a worker run did.
type Outcome string

const (
	OutReleased      Outcome = "released"       // this call released the lease
	OutNotActive     Outcome = "not-active"     // buggy: the lease was not releasable
	OutQueued        Outcome = "queued"         // fixed: a command was queued
	OutNotReleasable Outcome = "not-releasable" // fixed: refused (already released)
	OutNoop          Outcome = "noop"           // a worker found nothing to do
	OutBusy          Outcome = "busy"           // a worker could not take the lock in time
	OutActivated     Outcome = "activated"      // the allocator activated the lease
	OutUnavailable   Outcome = "unavailable"    // the allocator found it not pending or the resource not open
)

// Drydock is the release logic over one database and runtime.
type Drydock struct {
	DB      *db.DB
	RT      sim.Runtime
	Variant Variant
	// LockWait is how long a worker waits for an object's lock (lock(1)).
	LockWait time.Duration
	// RetryDelay is how long the task queue waits before retrying a task
	// that failed (PhabricatorWorkerLeaseQuery: 5 minutes).
	RetryDelay time.Duration
	// Attempts bounds how often a worker thread tries its task before it
	// leaves it to the daemon's sweep.
	Attempts int
}

// New returns a Drydock with Phabricator's timings.
func New(d *db.DB, rt sim.Runtime, v Variant) *Drydock {
	return &Drydock{DB: d, RT: rt, Variant: v, LockWait: time.Second, RetryDelay: 5 * time.Minute, Attempts: 3}
}

// Lease is a caller's in-memory copy of a lease row.
type Lease struct {
	ID, Status, Resource string
}

// Load reads a lease: the copy a caller then holds, possibly for long.
func (d *Drydock) Load(c *db.Conn, id string) (*Lease, error) {
	row, ok, err := c.Auto().Get(Leases, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("leasequeue: no lease %s", id)
	}
	return &Lease{ID: id, Status: row["status"].(string), Resource: row["resource"].(string)}, nil
}

// releaseEffects is what releasing a lease does: its status, its slot
// locks, and the release log, which stands for the hooks and logs that the
// real code runs and that must not run twice.
func (d *Drydock) releaseEffects(tx *db.Tx, lease, by string) error {
	if _, err := tx.Update(Leases, lease, db.Row{"status": Released}); err != nil {
		return err
	}
	if _, err := tx.DeleteWhere(SlotLocks, db.Eq("owner", lease)); err != nil {
		return err
	}
	return tx.Insert(ReleaseLog, fmt.Sprintf("%06d", d.DB.NextID(ReleaseLog)), db.Row{"lease": lease, "by": by})
}

// Release is the buggy synchronous release: check the in-memory status,
// then write, each statement committed on its own. The destructor path
// allows acquired and active leases, the web, CLI and blueprint paths only
// active ones.
func (d *Drydock) Release(c *db.Conn, l *Lease, by string, destructor bool) (Outcome, error) {
	if !(l.Status == Active || (destructor && l.Status == Acquired)) {
		return OutNotActive, nil
	}
	// The window: another process releases between this check and the
	// writes ("Scatter some sleep()s", D14143).
	d.RT.Yield("release: status checked")
	if err := d.releaseEffects(c.Auto(), l.ID, by); err != nil {
		return "", err
	}
	l.Status = Released
	return OutReleased, nil
}

// CloseResource is the buggy close, which its own source comment calls
// "super broken" and racing "other lease writers": one transaction, no row
// locks; pending leases become broken, active ones released; then the
// resource closes.
func (d *Drydock) CloseResource(c *db.Conn, res string) error {
	return inTx(c, db.ReadCommitted, func(tx *db.Tx) error {
		leases, err := tx.Scan(Leases, db.Eq("resource", res), db.In("status", Pending, Active))
		if err != nil {
			return err
		}
		d.RT.Yield("close: leases loaded")
		for _, l := range leases {
			id := l["id"].(string)
			if l["status"] == Pending {
				_, err = tx.Update(Leases, id, db.Row{"status": Broken})
			} else {
				err = d.releaseEffects(tx, id, "close")
			}
			if err != nil {
				return err
			}
		}
		if _, err := tx.Update(Resources, res, db.Row{"status": Closed}); err != nil {
			return err
		}
		_, err = tx.DeleteWhere(SlotLocks, db.Eq("owner", res))
		return err
	})
}

// Acquire is the allocator activating a pending lease on an open resource
// and taking its slot lock. Buggy: read, then write, each on its own.
// Fixed: one SERIALIZABLE transaction, retried, and then didActivate:
// commands queued while the lease was pending are processed now.
func (d *Drydock) Acquire(c *db.Conn, lease string) (Outcome, error) {
	if d.Variant == Buggy {
		l, err := d.Load(c, lease)
		if err != nil {
			return "", err
		}
		r, _, err := c.Auto().Get(Resources, l.Resource)
		if err != nil {
			return "", err
		}
		if l.Status != Pending || r["status"] != Open {
			return OutUnavailable, nil
		}
		d.RT.Yield("acquire: checked")
		if _, err := c.Auto().Update(Leases, lease, db.Row{"status": Active}); err != nil {
			return "", err
		}
		return OutActivated, c.Auto().Insert(SlotLocks, "slot:"+l.Resource, db.Row{"owner": lease})
	}
	out, err := d.retry(c, func(tx *db.Tx) (Outcome, error) {
		l, _, err := tx.Get(Leases, lease)
		if err != nil {
			return "", err
		}
		r, _, err := tx.Get(Resources, l["resource"].(string))
		if err != nil {
			return "", err
		}
		if l["status"] != Pending || r["status"] != Open {
			return OutUnavailable, nil
		}
		if _, err := tx.Update(Leases, lease, db.Row{"status": Active}); err != nil {
			return "", err
		}
		return OutActivated, tx.Insert(SlotLocks, "slot:"+l["resource"].(string), db.Row{"owner": lease})
	})
	if err == nil && out == OutActivated {
		err = d.didActivate(c, lease)
	}
	return out, err
}

// retry runs a SERIALIZABLE transaction until it commits or fails other
// than by a serialization conflict.
func (d *Drydock) retry(c *db.Conn, body func(*db.Tx) (Outcome, error)) (Outcome, error) {
	for {
		tx := c.Begin(db.Serializable)
		out, err := body(tx)
		if err == nil {
			err = tx.Commit()
		} else {
			tx.Rollback()
		}
		if !errors.Is(err, db.ErrSerialization) {
			return out, err
		}
	}
}

// AddResource seeds a resource row, for a scenario's setup.
func (d *Drydock) AddResource(id, status string) {
	d.DB.Seed(Resources, id, db.Row{"id": id, "status": status})
}

// AddLease seeds a lease on a resource; an active or acquired lease holds
// the resource's slot lock.
func (d *Drydock) AddLease(id, resource, status string) {
	d.DB.Seed(Leases, id, db.Row{"id": id, "resource": resource, "status": status})
	if status == Active || status == Acquired {
		d.DB.Seed(SlotLocks, "slot:"+resource, db.Row{"owner": id})
	}
}
