package db

import (
	"slices"

	"github.com/racelab/racelab/sim"
)

// Isolation is a transaction's isolation level.
type Isolation uint8

const (
	// ReadCommitted: each statement sees the latest committed data.
	ReadCommitted Isolation = iota
	// RepeatableRead: reads see a snapshot taken at the transaction's first
	// statement (MySQL: its first plain read).
	RepeatableRead
	// Serializable: committed transactions are equivalent to some serial
	// order; see the package documentation for how each dialect gets there.
	Serializable
)

// String returns the level's SQL name.
func (i Isolation) String() string {
	switch i {
	case Serializable:
		return "SERIALIZABLE"
	case RepeatableRead:
		return "REPEATABLE READ"
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
	stmt    *Tx // the transaction of the statement running now

	waiting     *waiters       // what the running statement waits on
	waitHolders func() []*Conn // whom it waits for
	waitNamed   bool           // it waits for a named lock
	victim      error          // set when another breaks a deadlock by failing this statement
}

// Open returns a new connection named name (names appear in logs and lock
// reports).
func (db *DB) Open(name string) *Conn {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.conns++
	c := &Conn{db: db, name: name}
	c.auto = &Tx{c: c, auto: true}
	return c
}

// Name returns the connection's name.
func (c *Conn) Name() string { return c.name }

// Alive reports whether the connection can run statements.
func (c *Conn) Alive() bool {
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	return !c.dead && !c.closed
}

// bind makes the current thread's crash drop this connection, once per
// thread; under the simulator only (a real goroutine cannot be crashed).
// The caller must not hold db.mu: the World may refuse the calls (a thread
// that is unwinding) by panicking, which would leave db.mu locked.
func (c *Conn) bind() {
	w := c.db.world
	if w == nil {
		return
	}
	t := w.Thread()
	c.db.mu.Lock()
	known := slices.Contains(c.threads, t)
	if !known {
		c.threads = append(c.threads, t)
	}
	c.db.mu.Unlock()
	if !known {
		w.OnCrash(c.Kill)
	}
}

// point is a statement's yield and fault point. It returns holding db.mu,
// with the fault that fired among kinds (a disconnect already applied), or
// an error when the connection cannot run statements.
func (c *Conn) point(label string, kinds ...sim.FaultKind) (sim.FaultKind, error) {
	db := c.db
	c.bind()
	db.mu.Lock()
	closed := c.closed
	db.mu.Unlock()
	if closed {
		db.mu.Lock()
		return "", ErrClosed
	}
	// Concatenated, not formatted: this label is built at every statement,
	// logged or not (the log's hash covers it).
	f := db.env.FaultPoint(db.name+" "+c.name+": "+label, kinds...)
	db.mu.Lock()
	switch {
	case c.closed:
		return "", ErrClosed
	case f == FaultDisconnect:
		c.drop()
	}
	if c.dead {
		return "", ErrDisconnected
	}
	return f, nil
}

// drop loses the connection: its transaction rolls back and its named
// locks are released. The caller holds db.mu; it never yields.
func (c *Conn) drop() {
	c.dead = true
	c.end()
}

// end rolls back the open transaction and the running statement,
// releasing their row locks, releases every named lock, and wakes the
// connection's own waiting statement.
func (c *Conn) end() {
	if c.tx != nil {
		c.tx.end()
	}
	c.auto.discard()
	c.auto.releaseAll()
	if c.waiting != nil {
		c.waiting.notify()
	}
	for _, name := range c.locks {
		c.db.locks[name].release()
	}
	c.locks = nil
}

// Reconnect revives a dropped connection as a new session: no transaction
// and no locks. It is a yield point.
func (c *Conn) Reconnect() {
	c.db.env.Yield(c.db.name + " " + c.name + ": reconnect")
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	c.dead = false
	// A statement of a crashed thread may have unwound mid-wait.
	c.stmt, c.waiting, c.waitHolders, c.victim = nil, nil, nil, nil
}

// Close ends the session, rolling back and releasing its locks. It is a
// yield point.
func (c *Conn) Close() {
	c.db.env.Yield(c.db.name + " " + c.name + ": close")
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	c.end()
	c.closed = true
}

// Begin starts a transaction; a transaction already open on the connection
// is rolled back first, as a new BEGIN does. It is not a yield point: the
// first statement is.
func (c *Conn) Begin(iso Isolation) *Tx {
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	if c.tx != nil {
		c.tx.end()
	}
	c.tx = &Tx{c: c, iso: iso}
	return c.tx
}

// Auto returns the connection's autocommit handle: each statement run on
// it is its own ReadCommitted transaction, committed at once.
func (c *Conn) Auto() *Tx { return c.auto }

// current returns the transaction whose statement runs now, or the open
// one.
func (c *Conn) current() *Tx {
	if c.stmt != nil {
		return c.stmt
	}
	return c.tx
}

// Kill drops the connection from outside, as a server-side KILL or a
// database restart does: same effects as a FaultDisconnect. It is not a
// yield point and may be called from any thread, or from a crash callback.
func (c *Conn) Kill() {
	c.db.mu.Lock()
	defer c.db.mu.Unlock()
	c.drop()
}
