package replica

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
)

// Variant selects the form of the code.
type Variant int

const (
	LockOnly Variant = iota
	Shipped
	Fixed
)

// Errors a push returns.
var (
	// ErrFrozen: "An incomplete write was previously performed to this
	// repository; refusing new writes."
	ErrFrozen = errors.New("replica: incomplete write; refusing new writes")
	// ErrLockTimeout: the write lock could not be taken in time.
	ErrLockTimeout = errors.New("replica: timed out waiting for the write lock")
	// ErrInterrupted: the write happened on this device but could not be
	// recorded; the repository is frozen until an operator thaws it.
	ErrInterrupted = errors.New("replica: write interrupted; the repository is frozen")
)

// Versions is the table of working copy versions.
const Versions = "repository_workingcopyversion"

// Cluster is one repository on several devices.
type Cluster struct {
	DB      *db.DB
	RT      sim.Runtime
	Variant Variant
	Repo    string
	// LockWait is how long a read or write waits for its lock (2 minutes).
	LockWait time.Duration
	// Retries and RetryDelay bound the fixed after-write's retry on a lost
	// connection (892a9a1f: up to 5 minutes, 1 s apart).
	Retries    int
	RetryDelay time.Duration

	mu     sync.Mutex // guards copies on real goroutines
	copies map[string][]string
}

// New returns a cluster of devices with empty working copies.
func New(d *db.DB, rt sim.Runtime, v Variant, repo string, devices ...string) *Cluster {
	c := &Cluster{DB: d, RT: rt, Variant: v, Repo: repo, LockWait: 2 * time.Minute, Retries: 5, RetryDelay: time.Second,
		copies: map[string][]string{}}
	for _, dev := range devices {
		c.copies[dev] = nil
	}
	return c
}

// Copy returns a device's working copy (its commits, in order).
func (c *Cluster) Copy(dev string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.copies[dev])
}

func (c *Cluster) setCopy(dev string, commits []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.copies[dev] = slices.Clone(commits)
}

func (c *Cluster) key(dev string) string { return c.Repo + "/" + dev }

func (c *Cluster) readLock(dev string) string { return fmt.Sprintf("repo.read(%s, %s)", c.Repo, dev) }
func (c *Cluster) writeLock() string          { return fmt.Sprintf("repo.write(%s)", c.Repo) }

// versions loads every device's version row (forced to the master).
func (c *Cluster) versions(conn *db.Conn) ([]db.Row, error) {
	return conn.Auto().Scan(Versions, db.Eq("repo", c.Repo))
}

// Device is one device's session with the database.
type Device struct {
	c    *Cluster
	name string
	conn *db.Conn
}

// Device returns a device's handle, with a database connection of its own.
func (c *Cluster) Device(name string) *Device {
	return &Device{c: c, name: name, conn: c.DB.Open(name)}
}

// alive reconnects a dropped connection, as the next request's new
// connection would.
func (d *Device) alive() {
	if !d.conn.Alive() {
		d.conn.Reconnect()
	}
}

// syncBeforeRead catches this device up with the leader under its read
// lock, and returns the newest version.
func (d *Device) syncBeforeRead() (int64, error) {
	c := d.c
	ok, err := d.conn.Lock(c.readLock(d.name), c.LockWait)
	if err != nil || !ok {
		return 0, errors.Join(ErrLockTimeout, err)
	}
	defer d.conn.Unlock(c.readLock(d.name))
	rows, err := c.versions(d.conn)
	if err != nil {
		return 0, err
	}
	var mine, newest int64
	leader := ""
	for _, r := range rows {
		v := r["version"].(int64)
		if r["device"] == d.name {
			mine = v
		}
		if v > newest {
			newest, leader = v, r["device"].(string)
		}
	}
	if newest > mine {
		// git fetch from the leader: its refs replace ours (force update),
		// which is how a write made on a diverged copy gets lost.
		c.RT.Yield("fetch from " + leader)
		c.setCopy(d.name, c.Copy(leader))
		row := db.Row{"repo": c.Repo, "device": d.name, "version": newest, "writing": false}
		if _, err := d.conn.Auto().Upsert(Versions, c.key(d.name), row, db.Row{"version": newest}); err != nil {
			return 0, err
		}
	}
	return newest, nil
}

// Fetch serves a read on this device: catch up, then return the copy.
func (d *Device) Fetch() ([]string, error) {
	d.alive()
	if _, err := d.syncBeforeRead(); err != nil {
		return nil, err
	}
	return d.c.Copy(d.name), nil
}

// Push writes a commit through this device: take the write lock, refuse if
// a write was interrupted (but LockOnly), catch up, mark the write, write,
// record the new version, release the lock.
func (d *Device) Push(commit string) error {
	c := d.c
	d.alive()
	ok, err := d.conn.Lock(c.writeLock(), c.LockWait)
	if err != nil || !ok {
		return errors.Join(ErrLockTimeout, err)
	}
	if c.Variant != Shipped {
		defer d.conn.Unlock(c.writeLock())
	}
	err = d.write(commit)
	if c.Variant == Shipped && err == nil {
		// Shipped has no try/finally: only a write that got through
		// releases the lock; an error leaves it held until the connection
		// ends (368d2d1d added the release).
		d.conn.Unlock(c.writeLock())
	}
	return err
}

// write is the part of a push under the write lock.
func (d *Device) write(commit string) error {
	c := d.c
	rows, err := c.versions(d.conn)
	if err != nil {
		return err
	}
	if c.Variant != LockOnly {
		for _, r := range rows {
			if r["writing"] == true {
				return ErrFrozen
			}
		}
	}
	old, err := d.syncBeforeRead()
	if err != nil {
		return err
	}
	if c.Variant != LockOnly {
		// willWrite: INSERT (version, isWriting=1) ON DUPLICATE KEY
		// UPDATE isWriting=1; the shipped first insert says version 1.
		first := int64(0)
		if c.Variant == Shipped {
			first = 1
		}
		row := db.Row{"repo": c.Repo, "device": d.name, "version": first, "writing": true}
		if _, err := d.conn.Auto().Upsert(Versions, c.key(d.name), row, db.Row{"writing": true}); err != nil {
			return err
		}
	}
	// git-receive-pack: the write happens on this device's disk, while the
	// database connection sits idle (a ping is where it can be lost).
	c.setCopy(d.name, append(c.Copy(d.name), commit))
	d.conn.Auto().Get("ping", "1") // a lost connection takes the write lock with it
	return d.afterWrite(old)
}

// afterWrite records the new version: didWrite, conditional on the old
// version and isWriting in the checked variants. A lost connection is
// reconnected; Fixed retries a bounded number of times, then reports the
// write interrupted (the repository stays frozen).
func (d *Device) afterWrite(old int64) error {
	c := d.c
	version := c.DB.NextID("push_events") // the newest push event's id
	attempts := 1
	if c.Variant == Fixed {
		attempts = c.Retries
	}
	for range attempts {
		d.alive()
		var err error
		if c.Variant == LockOnly {
			row := db.Row{"repo": c.Repo, "device": d.name, "version": version, "writing": false}
			_, err = d.conn.Auto().Upsert(Versions, c.key(d.name), row, db.Row{"version": version})
		} else {
			// didWrite. When the row changed under us it updates nothing,
			// and the write stays marked: the repository freezes, silently
			// (shipped's first push).
			_, err = d.conn.Auto().Update(Versions, c.key(d.name), db.Row{"version": version, "writing": false},
				db.Eq("version", old), db.Eq("writing", true))
		}
		if err == nil {
			return nil
		}
		c.RT.Sleep(c.RetryDelay)
	}
	return ErrInterrupted
}

// Frozen reports whether a write was left marked, and by which device.
func (c *Cluster) Frozen() (string, bool) {
	for _, r := range c.DB.PeekScan(Versions, db.Eq("repo", c.Repo), db.Eq("writing", true)) {
		return r["device"].(string), true
	}
	return "", false
}

// Thaw is the operator's bin/repository thaw: demote the interrupted
// device (its unacknowledged write is discarded: it catches up from the
// others on its next read) and clear every isWriting flag.
func (c *Cluster) Thaw(conn *db.Conn, demote string) error {
	rows, err := c.versions(conn)
	if err != nil {
		return err
	}
	for _, r := range rows {
		dev := r["device"].(string)
		set := db.Row{"writing": false}
		if dev == demote {
			set["version"] = int64(-1) // behind every other copy
		}
		if _, err := conn.Auto().Update(Versions, c.key(dev), set); err != nil {
			return err
		}
	}
	if demote != "" {
		c.setCopy(demote, nil)
	}
	return nil
}
