package db

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/racelab/racelab/sim"
)

// lockMode is a row lock's strength: shared (FOR SHARE, a duplicate-key
// check) or exclusive (a write, FOR UPDATE).
type lockMode uint8

const (
	shared lockMode = iota + 1
	exclusive
)

// rowLock is the lock on one key of a table, present or absent, held by
// transactions until they end. The entry table+"\x01" is the table's gap
// lock (MySQL only): shared by locking scans, it blocks other transactions'
// inserts.
type rowLock struct {
	name  string
	x     *Tx
	s     []*Tx
	queue []request // MySQL: the waiting requests, oldest first
	w     *waiters
}

// request is a waiting lock request. InnoDB grants in order: a new
// request also waits for the older conflicting ones (so a shared holder
// that asks for an exclusive lock behind another's waiting one deadlocks).
type request struct {
	tx   *Tx
	mode lockMode
}

// blockers returns the transactions t must wait for to get l in mode: the
// holders of conflicting locks and, in the MySQL dialect, the older
// waiting requests that conflict.
func (l *rowLock) blockers(t *Tx, mode lockMode) []*Tx {
	if l.x == t || (mode == shared && slices.Contains(l.s, t)) {
		return nil
	}
	out := l.conflicts(t, mode)
	if t.c.db.set.Dialect != MySQL {
		return out
	}
	for _, r := range l.queue {
		if r.tx == t {
			break
		}
		gone := r.tx.c.victim != nil || r.tx.c.dead // it will leave the queue when it runs
		if !gone && (r.mode == exclusive || mode == exclusive) && !slices.Contains(out, r.tx) {
			out = append(out, r.tx)
		}
	}
	return out
}

func (l *rowLock) dequeue(t *Tx) {
	l.queue = slices.DeleteFunc(l.queue, func(r request) bool { return r.tx == t })
}

func (db *DB) rowLock(k, name string) *rowLock {
	l := db.rows[k]
	if l == nil {
		l = &rowLock{name: name}
		l.w = db.newWaiters("row lock "+name, func() []*Conn { return conns(l.conflicts(nil, exclusive)) })
		db.rows[k] = l
	}
	return l
}

// conflicts returns the transactions other than tx whose hold on l
// conflicts with mode.
func (l *rowLock) conflicts(tx *Tx, mode lockMode) []*Tx {
	var out []*Tx
	if l.x != nil && l.x != tx {
		out = append(out, l.x)
	}
	if mode == exclusive {
		for _, o := range l.s {
			if o != tx {
				out = append(out, o)
			}
		}
	}
	return out
}

func (l *rowLock) holdsAny(tx *Tx) bool { return l.x == tx || slices.Contains(l.s, tx) }

func conns(txs []*Tx) []*Conn {
	var out []*Conn
	for _, t := range txs {
		if !slices.Contains(out, t.c) {
			out = append(out, t.c)
		}
	}
	return out
}

// acquire takes the lock on table/key in mode for t, waiting while other
// transactions hold a conflicting one, unless skip is set (SKIP LOCKED).
// It reports whether t got it and whether t held nothing there before.
func (t *Tx) acquire(table, key string, mode lockMode, skip bool) (got, fresh bool, err error) {
	db := t.c.db
	l := db.rowLock(table+"\x00"+key, table+"/"+key)
	var ws waitState
	defer l.dequeue(t)
	for {
		if len(l.blockers(t, mode)) == 0 {
			fresh = !l.holdsAny(t)
			t.grant(l, table+"\x00"+key, mode)
			return true, fresh, nil
		}
		if skip {
			return false, false, nil
		}
		if db.set.Dialect == MySQL && !slices.ContainsFunc(l.queue, func(r request) bool { return r.tx == t }) {
			l.queue = append(l.queue, request{t, mode})
		}
		if err := t.c.block(&ws, l.w, "row lock "+l.name, db.set.LockTimeout, func() []*Conn { return conns(l.blockers(t, mode)) }); err != nil {
			return false, false, err
		}
	}
}

// waitFree waits until no other transaction holds a lock on table/key that
// conflicts with mode, without taking one (PostgreSQL's insert waits for
// the inserting or deleting transaction to end).
func (t *Tx) waitFree(table, key string, mode lockMode) error {
	return t.waitFreeKey(table+"\x00"+key, table+"/"+key, mode)
}

func (t *Tx) waitFreeKey(k, name string, mode lockMode) error {
	db := t.c.db
	l := db.rowLock(k, name)
	var ws waitState
	for len(l.conflicts(t, mode)) > 0 {
		if err := t.c.block(&ws, l.w, "row lock "+l.name, db.set.LockTimeout, func() []*Conn { return conns(l.conflicts(t, mode)) }); err != nil {
			return err
		}
	}
	return nil
}

// gapLock takes table's gap lock, shared (MySQL's next-key locks of a scan
// that visited the whole table).
func (t *Tx) gapLock(table string) {
	l := t.c.db.rowLock(table+"\x01", table+" (gap)")
	t.grant(l, table+"\x01", shared)
}

// insertIntention waits, in the MySQL dialect, until no other transaction
// holds table's gap lock.
func (t *Tx) insertIntention(table string) error {
	if t.c.db.set.Dialect != MySQL || t.c.db.rows[table+"\x01"] == nil {
		return nil
	}
	return t.waitFreeKey(table+"\x01", table+" (gap)", exclusive)
}

func (t *Tx) grant(l *rowLock, k string, mode lockMode) {
	if l.x == t || (mode == shared && slices.Contains(l.s, t)) {
		return
	}
	if mode == exclusive {
		l.x = t
		l.s = slices.DeleteFunc(l.s, func(o *Tx) bool { return o == t })
	} else {
		l.s = append(l.s, t)
	}
	if !slices.Contains(t.held, k) {
		t.held = append(t.held, k)
	}
}

// release gives back t's lock on table/key (a row a statement locked but
// did not touch, which READ COMMITTED does not keep).
func (t *Tx) release(table, key string) {
	k := table + "\x00" + key
	t.unlock(k)
	t.held = slices.DeleteFunc(t.held, func(h string) bool { return h == k })
}

func (t *Tx) unlock(k string) {
	l := t.c.db.rows[k]
	if l.x == t {
		l.x = nil
	}
	l.s = slices.DeleteFunc(l.s, func(o *Tx) bool { return o == t })
	l.w.notify()
}

// releaseAll gives back every row lock t holds and wakes their waiters.
func (t *Tx) releaseAll() {
	for _, k := range t.held {
		t.unlock(k)
	}
	t.held = nil
}

// waitState is one statement's wait for one lock, across wake-ups.
type waitState struct {
	named   bool // a wait for a named lock
	started bool
	start   time.Time
	checked bool // PostgreSQL: the deadlock check ran
}

// block is one step of a wait for a lock held by holders: on the first
// step a lock-timeout fault point; then, when due, a deadlock check; then
// a wait until the lock is released or a timeout is due. It returns nil
// when the caller should look at the lock again, or why the wait failed.
// The caller holds db.mu; timeout <= 0 means no limit.
func (c *Conn) block(ws *waitState, w *waiters, what string, timeout time.Duration, holders func() []*Conn) error {
	db := c.db
	if !ws.started {
		ws.started, ws.start = true, db.env.Now()
		var f sim.FaultKind
		db.unlocked(func() {
			f = db.env.FaultPoint(db.name+" "+c.name+": wait for "+what, FaultLockTimeout)
		})
		if f == FaultLockTimeout {
			return ErrLockTimeout
		}
		return c.woken()
	}
	now := db.env.Now()
	d := time.Duration(-1)
	if timeout > 0 {
		left := ws.start.Add(timeout).Sub(now)
		if left <= 0 {
			return ErrLockTimeout
		}
		d = left
	}
	detect := db.set.Dialect == MySQL
	if !detect && !ws.checked {
		left := ws.start.Add(db.set.DeadlockTimeout).Sub(now)
		if left <= 0 {
			ws.checked, detect = true, true
		} else if d < 0 || left < d {
			d = left
		}
	}
	if detect {
		if cycle := db.cycle(c, holders(), ws.named); cycle != nil {
			// c still waits while it reports the cycle (a yield point):
			// another waiter's check then sees it, as in a real server,
			// where breaking a cycle does not end the finder's wait.
			c.waiting, c.waitHolders, c.waitNamed = w, holders, ws.named
			err := db.breakCycle(c, cycle)
			c.waiting, c.waitHolders = nil, nil
			return err
		}
	}
	c.waiting, c.waitHolders, c.waitNamed = w, holders, ws.named
	db.wait(w, fmt.Sprintf("%s (held by %s)", what, names(holders())), d)
	c.waiting, c.waitHolders = nil, nil
	return c.woken()
}

// woken says why a woken statement cannot go on, or nil.
func (c *Conn) woken() error {
	if err := c.victim; err != nil {
		c.victim = nil
		return err
	}
	if c.closed {
		return ErrClosed
	}
	if c.dead {
		return ErrDisconnected
	}
	return nil
}

func (db *DB) unlocked(f func()) {
	db.mu.Unlock()
	defer db.mu.Lock()
	f()
}

func names(cs []*Conn) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.name)
	}
	return b.String()
}

// cycle returns the connections of a wait-for cycle through c, which is
// about to wait for holders, starting with c; nil when there is none. The
// graph's nodes are connections (a connection runs one statement at a
// time), its edges lead from a waiting statement to the holders of the row
// lock or named lock it waits for. MySQL sees a cycle only within one kind
// of lock (InnoDB's row locks, or the metadata locks behind GET_LOCK): a
// cycle through both waits until a timeout.
func (db *DB) cycle(c *Conn, holders []*Conn, named bool) []*Conn {
	seen := map[*Conn]bool{}
	var path []*Conn
	var visit func(x *Conn) bool
	visit = func(x *Conn) bool {
		if x == c {
			return true
		}
		if seen[x] || x.waiting == nil || x.victim != nil || x.dead || (db.set.Dialect == MySQL && x.waitNamed != named) {
			return false
		}
		seen[x] = true
		path = append(path, x)
		for _, h := range x.waitHolders() {
			if visit(h) {
				return true
			}
		}
		path = path[:len(path)-1]
		return false
	}
	for _, h := range holders {
		if visit(h) {
			return append([]*Conn{c}, path...)
		}
	}
	return nil
}

// breakCycle fails one transaction of the cycle with ErrDeadlock. The
// victim is a decision of the World (option 0 is the connection that found
// the cycle, as both servers usually choose), so it replays and shrinks;
// the cycle and the victim are logged as a yield point of the finder.
func (db *DB) breakCycle(c *Conn, cycle []*Conn) error {
	if db.set.Dialect == MySQL {
		// InnoDB rolls back the lightest transaction (rows changed and
		// locks held), the one that found the cycle on a tie.
		light := 0
		for i, x := range cycle {
			if weight(x) < weight(cycle[light]) {
				light = i
			}
		}
		cycle = append([]*Conn{cycle[light]}, slices.Delete(slices.Clone(cycle), light, light+1)...)
	}
	victim := cycle[0]
	if db.world != nil {
		victim = cycle[db.world.Intn(len(cycle))]
	}
	if t := victim.current(); t != nil {
		t.fail(ErrDeadlock)
	}
	if victim != c {
		victim.victim = ErrDeadlock
		if victim.waiting != nil {
			victim.waiting.notify()
		}
	}
	label := fmt.Sprintf("%s deadlock: %s wait for each other; victim %s", db.name, names(cycle), victim.name)
	db.unlocked(func() { db.env.Yield(label) })
	if victim == c {
		return ErrDeadlock
	}
	return c.woken()
}

func weight(c *Conn) int {
	t := c.current()
	if t == nil {
		return 0
	}
	return len(t.writes) + len(t.held)
}
