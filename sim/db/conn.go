package db

import (
	"fmt"
	"slices"

	"github.com/racelab/racelab/sim"
)

// Isolation is a transaction's isolation level.
type Isolation uint8

const (
	ReadCommitted Isolation = iota
	Serializable
)

// String returns the level's SQL name.
func (i Isolation) String() string {
	if i == Serializable {
		return "SERIALIZABLE"
	}
	return "READ COMMITTED"
}

// Conn is one client connection. It is meant to be used by one thread at a
// time, as a database session is.
type Conn struct {
	db      *DB
	name    string
	dead    bool // dropped by a fault or a crash; Reconnect revives it
	closed  bool
	tx      *Tx
	locks   []string // named locks held, in the order taken
	threads []string // threads whose crash drops this connection
	auto    *Tx
}

// Open returns a new connection named name (names appear in logs and lock
// reports).
func (db *DB) Open(name string) *Conn {
	db.conns++
	c := &Conn{db: db, name: name}
	c.auto = &Tx{c: c, auto: true}
	return c
}

// Name returns the connection's name.
func (c *Conn) Name() string { return c.name }

// Alive reports whether the connection can run statements.
func (c *Conn) Alive() bool { return !c.dead && !c.closed }

// bind makes the current thread's crash drop this connection, once per
// thread.
func (c *Conn) bind() {
	t := c.db.w.Thread()
	if !slices.Contains(c.threads, t) {
		c.threads = append(c.threads, t)
		c.db.w.OnCrash(c.drop)
	}
}

// point is a statement's yield and fault point. It returns the fault that
// fired among kinds, after applying a disconnect, or an error when the
// connection cannot run statements.
func (c *Conn) point(label string, kinds ...sim.FaultKind) (sim.FaultKind, error) {
	if c.closed {
		return "", ErrClosed
	}
	c.bind()
	f := c.db.w.FaultPoint(fmt.Sprintf("%s %s: %s", c.db.name, c.name, label), kinds...)
	if c.closed {
		return "", ErrClosed
	}
	if f == FaultDisconnect {
		c.drop()
	}
	if c.dead {
		return "", ErrDisconnected
	}
	return f, nil
}

// drop loses the connection: its transaction rolls back and its named
// locks are released. It runs in a thread or, after a crash, on the
// scheduler; it never yields.
func (c *Conn) drop() {
	c.dead = true
	c.end()
}

// end rolls back the open transaction and releases every named lock.
func (c *Conn) end() {
	if c.tx != nil {
		c.tx.done = true
		c.tx = nil
	}
	for _, name := range c.locks {
		c.db.locks[name].release()
	}
	c.locks = nil
}

// Reconnect revives a dropped connection as a new session: no transaction
// and no locks. It is a yield point.
func (c *Conn) Reconnect() {
	c.db.w.Yield(fmt.Sprintf("%s %s: reconnect", c.db.name, c.name))
	c.dead = false
}

// Close ends the session, rolling back and releasing its locks. It is a
// yield point.
func (c *Conn) Close() {
	c.db.w.Yield(fmt.Sprintf("%s %s: close", c.db.name, c.name))
	c.end()
	c.closed = true
}

// Begin starts a transaction; a transaction already open on the connection
// is rolled back first, as a new BEGIN does. It is not a yield point: the
// first statement is.
func (c *Conn) Begin(iso Isolation) *Tx {
	if c.tx != nil {
		c.tx.done = true
	}
	c.tx = &Tx{c: c, iso: iso}
	return c.tx
}

// Auto returns the connection's autocommit handle: each statement run on
// it is its own ReadCommitted transaction, committed at once.
func (c *Conn) Auto() *Tx { return c.auto }

// Kill drops the connection from outside, as a server-side KILL or a
// database restart does: same effects as a FaultDisconnect. It is not a
// yield point and may be called from any thread.
func (c *Conn) Kill() { c.drop() }
