package leasequeue

import (
	"fmt"

	"github.com/racelab/racelab/sim/db"
)

// The fixed release path: requesters queue a command and schedule an update
// task; a worker consumes commands under the object's named lock.

// RequestRelease queues a release of the lease the caller holds a copy of
// (the web and CLI controllers, and the destructor), and schedules its
// update worker. canRelease looks at the caller's copy, as the real code
// does: a stale copy only queues a command the worker will find moot.
func (d *Drydock) RequestRelease(c *db.Conn, l *Lease, by string) (Outcome, error) {
	if l.Status == Released {
		return OutNotReleasable, nil
	}
	if err := d.queueCommand(c, l.ID, by); err != nil {
		return "", err
	}
	return OutQueued, d.schedule(c, "lease", l.ID)
}

func (d *Drydock) queueCommand(c *db.Conn, target, by string) error {
	key := fmt.Sprintf("%06d", d.DB.NextID(Commands))
	return c.Auto().Insert(Commands, key, db.Row{"key": key, "target": target, "command": "release", "consumed": false, "by": by})
}

// schedule records a task and starts a worker thread for it. The worker
// tries its task up to Attempts times, RetryDelay apart; a task whose
// worker crashed stays recorded, and Sweep runs it again (as a task whose
// lease expired is, in Phabricator's queue).
func (d *Drydock) schedule(c *db.Conn, kind, target string) error {
	key := fmt.Sprintf("%06d", d.DB.NextID(Tasks))
	if err := c.Auto().Insert(Tasks, key, db.Row{"key": key, "kind": kind, "target": target, "done": false}); err != nil {
		return err
	}
	d.RT.Go(fmt.Sprintf("%s-update-%s", kind, target), func() { d.work(key, kind, target) })
	return nil
}

// work runs one task on a connection of its own until it is done.
func (d *Drydock) work(task, kind, target string) {
	c := d.DB.Open(fmt.Sprintf("worker%d", d.DB.NextID("connections")))
	defer c.Close()
	for range d.Attempts {
		var out Outcome
		var err error
		if kind == "lease" {
			out, err = d.UpdateLease(c, target)
		} else {
			out, err = d.UpdateResource(c, target)
		}
		if err == nil && out != OutBusy {
			c.Auto().Update(Tasks, task, db.Row{"done": true})
			return
		}
		if !c.Alive() {
			c.Reconnect()
		}
		d.RT.Sleep(d.RetryDelay)
	}
}

// Sweep runs every task not marked done, as the daemon does once their
// leases expire. The harness calls it after the workers are quiet.
func (d *Drydock) Sweep(c *db.Conn) error {
	var tasks []db.Row
	var err error
	for range d.Attempts {
		if !c.Alive() {
			c.Reconnect()
		}
		if tasks, err = c.Auto().Scan(Tasks, db.Eq("done", false)); err == nil {
			break
		}
	}
	if err != nil {
		return err
	}
	for _, t := range tasks {
		d.work(t["key"].(string), t["kind"].(string), t["target"].(string))
	}
	return nil
}

// lockFor is the object's global lock ("drydock.lease:<hash>").
func lockFor(kind, id string) string { return "drydock." + kind + ":" + id }

// consume is the update workers' skeleton: under the object's lock,
// reload whether it is live, and consume its unconsumed commands in id
// order only while it is. release applies one command in a transaction;
// marking the command consumed is a second write, and a crash between them
// leaves a command the next run finds moot (the object is no longer live).
// after, if set, runs once a command is consumed.
func (d *Drydock) consume(c *db.Conn, kind, id string, live func() (bool, error), release func(tx *db.Tx, cmd db.Row) error, after func() error) (Outcome, error) {
	lock := lockFor(kind, id)
	ok, err := c.Lock(lock, d.LockWait)
	if err != nil || !ok {
		return OutBusy, err
	}
	defer c.Unlock(lock)
	alive, err := live()
	if err != nil {
		return "", err
	}
	cmds, err := c.Auto().Scan(Commands, db.Eq("target", id), db.Eq("consumed", false))
	if err != nil {
		return "", err
	}
	out := OutNoop
	for _, cmd := range cmds {
		if !alive {
			break // the rest stay unconsumed
		}
		iso := db.ReadCommitted
		if kind == "resource" {
			iso = db.Serializable
		}
		if err := inTx(c, iso, func(tx *db.Tx) error { return release(tx, cmd) }); err != nil {
			return "", err
		}
		alive, out = false, OutReleased
		if _, err := c.Auto().Update(Commands, cmd["key"].(string), db.Row{"consumed": true}); err != nil {
			return out, err
		}
		if after != nil {
			if err := after(); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// inTx runs body in a transaction and commits it, or rolls it back.
func inTx(c *db.Conn, iso db.Isolation, body func(*db.Tx) error) error {
	tx := c.Begin(iso)
	if err := body(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// UpdateLease is DrydockLeaseUpdateWorker: release the lease while it is
// ACTIVE.
func (d *Drydock) UpdateLease(c *db.Conn, id string) (Outcome, error) {
	return d.consume(c, "lease", id,
		func() (bool, error) {
			l, err := d.Load(c, id)
			return err == nil && l.Status == Active, err
		},
		func(tx *db.Tx, cmd db.Row) error { return d.releaseEffects(tx, id, cmd["by"].(string)) },
		nil)
}

// ReleaseResource queues a release of a resource and schedules its worker.
func (d *Drydock) ReleaseResource(c *db.Conn, res, by string) (Outcome, error) {
	if err := d.queueCommand(c, res, by); err != nil {
		return "", err
	}
	return OutQueued, d.schedule(c, "resource", res)
}

// UpdateResource is DrydockResourceUpdateWorker: close the resource
// (while OPEN) and release its slot locks, then queue a release command for
// each of its live leases instead of writing them itself. AtomicClose
// queues them in the close's own transaction.
func (d *Drydock) UpdateResource(c *db.Conn, res string) (Outcome, error) {
	if d.Variant == AtomicClose {
		return d.closeAtomically(c, res)
	}
	return d.consume(c, "resource", res,
		func() (bool, error) {
			r, _, err := c.Auto().Get(Resources, res)
			return err == nil && r["status"] == Open, err
		},
		func(tx *db.Tx, _ db.Row) error {
			if _, err := tx.Update(Resources, res, db.Row{"status": Closed}); err != nil {
				return err
			}
			_, err := tx.DeleteWhere(SlotLocks, db.Eq("owner", res))
			return err
		},
		func() error {
			leases, err := c.Auto().Scan(Leases, db.Eq("resource", res), db.In("status", Pending, Acquired, Active))
			if err != nil {
				return err
			}
			for _, l := range leases {
				if err := d.queueCommand(c, l["id"].(string), "resource-close"); err != nil {
					return err
				}
				if err := d.schedule(c, "lease", l["id"].(string)); err != nil {
					return err
				}
			}
			return nil
		})
}

// didActivate schedules the lease's worker when commands were queued while
// it was pending, so a release requested before activation is not lost.
func (d *Drydock) didActivate(c *db.Conn, lease string) error {
	cmds, err := c.Auto().Scan(Commands, db.Eq("target", lease), db.Eq("consumed", false))
	if err != nil || len(cmds) == 0 {
		return err
	}
	return d.schedule(c, "lease", lease)
}

// closeAtomically is the close of AtomicClose: the status, the slot locks,
// and a release command and a task for each live lease commit together;
// only starting the tasks' workers comes after, and a task whose worker
// never started is run by the daemon's sweep.
func (d *Drydock) closeAtomically(c *db.Conn, res string) (Outcome, error) {
	var tasks [][2]string // task key, lease
	out, err := d.consume(c, "resource", res,
		func() (bool, error) {
			r, _, err := c.Auto().Get(Resources, res)
			return err == nil && r["status"] == Open, err
		},
		func(tx *db.Tx, _ db.Row) error {
			tasks = nil
			if _, err := tx.Update(Resources, res, db.Row{"status": Closed}); err != nil {
				return err
			}
			if _, err := tx.DeleteWhere(SlotLocks, db.Eq("owner", res)); err != nil {
				return err
			}
			leases, err := tx.Scan(Leases, db.Eq("resource", res), db.In("status", Pending, Acquired, Active))
			if err != nil {
				return err
			}
			for _, l := range leases {
				id := l["id"].(string)
				key := fmt.Sprintf("%06d", d.DB.NextID(Commands))
				if err := tx.Insert(Commands, key, db.Row{"key": key, "target": id, "command": "release", "consumed": false, "by": "resource-close"}); err != nil {
					return err
				}
				task := fmt.Sprintf("%06d", d.DB.NextID(Tasks))
				if err := tx.Insert(Tasks, task, db.Row{"key": task, "kind": "lease", "target": id, "done": false}); err != nil {
					return err
				}
				tasks = append(tasks, [2]string{task, id})
			}
			return nil
		},
		func() error {
			for _, t := range tasks {
				d.RT.Go("lease-update-"+t[1], func() { d.work(t[0], "lease", t[1]) })
			}
			return nil
		})
	return out, err
}
