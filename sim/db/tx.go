package db

import (
	"errors"

	"github.com/racelab/racelab/sim"
)

// Tx is a transaction, or a connection's autocommit handle ([Conn.Auto]).
// Its statements are yield points and fault points. It holds the row locks
// its statements take until it ends.
type Tx struct {
	c    *Conn
	iso  Isolation
	auto bool
	done bool
	// aborted: a statement failed (PostgreSQL); ended: the server rolled
	// the transaction back after a deadlock (MySQL), so later statements
	// run as autocommit statements.
	aborted, ended bool

	hasSnap bool
	snap    uint64 // the last commit the snapshot sees

	writes []write
	idx    map[string]int // table+"\x00"+key -> index in writes
	reads  []readRec      // PostgreSQL Serializable: rows read
	scans  []scanRec      // PostgreSQL Serializable: scans
	held   []string       // row locks held
}

type write struct {
	table, key string
	row        Row
	del        bool
}

type readRec struct {
	table, key string
	ver        uint64
}

type scanRec struct {
	table string
	preds []Pred
	seen  []readRec
}

var (
	statementFaults = []sim.FaultKind{FaultDisconnect}
	commitFaults    = []sim.FaultKind{FaultDisconnect, FaultSerialization, FaultCommitUnknown}
)

// run is every statement: its fault point, its body, and for the
// autocommit handle its commit.
func (tx *Tx) run(label string, body func(t *Tx) error) error {
	kinds := statementFaults
	if tx.auto {
		kinds = commitFaults
	}
	f, err := tx.c.point(label, kinds...)
	defer tx.c.db.mu.Unlock()
	if err != nil {
		return err
	}
	t := tx
	if !tx.auto {
		if err := tx.usable(); err != nil {
			return err
		}
		if tx.ended {
			t = tx.c.auto
		}
	}
	if t.auto {
		t.reset()
	}
	if t.iso >= RepeatableRead && t.c.db.set.Dialect == PostgreSQL {
		t.takeSnapshot()
	}
	t.c.stmt = t
	err = body(t)
	t.c.stmt = nil
	if err != nil {
		t.fail(err)
		return err
	}
	if t.auto {
		return t.commit(f)
	}
	return nil
}

// fail undoes what a failed statement did, as the dialect does.
func (t *Tx) fail(err error) {
	if errors.Is(err, ErrDisconnected) || errors.Is(err, ErrClosed) {
		return // the connection's end rolled back already
	}
	switch {
	case t.auto:
		t.discard()
		t.releaseAll()
	case t.c.db.set.Dialect == PostgreSQL:
		t.discard()
		t.releaseAll()
		t.aborted = true
	case err == ErrDeadlock || err == ErrSerialization:
		t.discard()
		t.releaseAll()
		t.ended = true
	}
}

// usable says why a statement cannot run in the transaction: the
// connection's state first, since that is what the client sees.
func (tx *Tx) usable() error {
	switch {
	case tx.c.closed:
		return ErrClosed
	case tx.c.dead:
		return ErrDisconnected
	case tx.done:
		return ErrTxDone
	case tx.aborted:
		return ErrAborted
	}
	return nil
}

func (tx *Tx) reset() {
	tx.writes, tx.idx, tx.reads, tx.scans, tx.done, tx.hasSnap = nil, nil, nil, nil, false, false
}

func (tx *Tx) discard() { tx.writes, tx.idx = nil, nil }

func (tx *Tx) takeSnapshot() {
	if !tx.hasSnap {
		tx.hasSnap, tx.snap = true, tx.c.db.commits
	}
}

// Commit applies the transaction's writes atomically, unless a fault or
// (Serializable) a conflict fails it; either way the transaction ends and
// its locks are released. The Commit of an aborted transaction rolls it
// back and returns ErrAborted.
func (tx *Tx) Commit() error {
	if tx.auto {
		return nil
	}
	f, err := tx.c.point("commit", commitFaults...)
	defer tx.c.db.mu.Unlock()
	if err != nil {
		return err
	}
	if err := tx.usable(); err != nil {
		if err == ErrAborted {
			tx.end()
		}
		return err
	}
	if tx.ended {
		tx.end()
		return nil
	}
	return tx.commit(f)
}

// Rollback discards the transaction's writes and releases its locks. It
// is not a yield point.
func (tx *Tx) Rollback() {
	tx.c.db.mu.Lock()
	defer tx.c.db.mu.Unlock()
	tx.end()
}

func (tx *Tx) end() {
	tx.discard()
	tx.releaseAll()
	tx.done = true
	if tx.c.tx == tx {
		tx.c.tx = nil
	}
}

func (tx *Tx) commit(f sim.FaultKind) error {
	defer tx.end()
	if f == FaultSerialization || (tx.iso == Serializable && tx.c.db.set.Dialect == PostgreSQL && len(tx.writes) > 0 && !tx.valid()) {
		return ErrSerialization
	}
	db := tx.c.db
	if len(tx.writes) > 0 {
		db.commits++
		for _, w := range tx.writes {
			db.install(w.table, w.key, w.row, w.del, tx.iso == Serializable)
		}
	}
	if f == FaultCommitUnknown {
		tx.c.drop()
		return ErrCommitUnknown
	}
	return nil
}

// valid reports whether everything the transaction read is still as it
// was in its snapshot, as far as other Serializable transactions go: no row
// it read was written by one that committed since, no scan would find
// other rows because of one. A transaction that wrote commits only if so,
// which places it in the serial order of the Serializable transactions at
// its commit; a read-only one is placed at its snapshot. Writes of
// transactions at other levels are not checked, as PostgreSQL's SSI does
// not track them.
func (tx *Tx) valid() bool {
	db := tx.c.db
	for _, r := range tx.reads {
		if db.serWriteSince(r.table, r.key, r.ver, nil) {
			return false
		}
	}
	for _, s := range tx.scans {
		for _, k := range db.sortedKeys(s.table) {
			if db.serWriteSince(s.table, k, tx.snap, s.preds) {
				return false
			}
		}
	}
	return true
}

// serWriteSince reports whether a Serializable transaction committed a
// version of table/key after commit since; with preds, one of a row that
// matched them before or after it (a scan read it, or would now).
func (db *DB) serWriteSince(table, key string, since uint64, preds []Pred) bool {
	c := db.table(table)[key]
	if c == nil {
		return false
	}
	match := func(i int) bool { return i >= 0 && !c.vs[i].deleted && matches(c.vs[i].row, preds) }
	for i := len(c.vs) - 1; i >= 0 && c.vs[i].ver > since; i-- {
		if c.vs[i].ser && (preds == nil || match(i) || match(i-1)) {
			return true
		}
	}
	return false
}

// scanAt returns the rows of table matching preds as of commit snap.
func (db *DB) scanAt(table string, preds []Pred, snap uint64) []readRec {
	var out []readRec
	for _, k := range db.sortedKeys(table) {
		if r, ver, ok := db.visible(table, k, snap); ok && matches(r, preds) {
			out = append(out, readRec{table: table, key: k, ver: ver})
		}
	}
	return out
}

// own returns the transaction's own write of table/key, if it has one.
func (t *Tx) own(table, key string) (row Row, exists, mine bool) {
	if i, ok := t.idx[table+"\x00"+key]; ok {
		w := t.writes[i]
		return w.row, !w.del, true
	}
	return nil, false, false
}

// view reads committed data as a plain read does: the snapshot at
// RepeatableRead and above, else the latest.
func (t *Tx) view(table, key string) (Row, uint64, bool) {
	if t.iso >= RepeatableRead {
		t.takeSnapshot()
		return t.c.db.visible(table, key, t.snap)
	}
	return t.c.db.committed(table, key)
}

// lockingReads reports whether plain reads take shared locks (MySQL's
// SERIALIZABLE inside a transaction).
func (t *Tx) lockingReads() bool {
	return t.iso == Serializable && !t.auto && t.c.db.set.Dialect == MySQL
}

// snapshotWrites reports whether a write must fail when its row changed
// since the snapshot (PostgreSQL's REPEATABLE READ and SERIALIZABLE).
func (t *Tx) snapshotWrites() bool {
	return t.iso >= RepeatableRead && t.c.db.set.Dialect == PostgreSQL
}

// lockAll reports whether a locking statement keeps the locks of rows it
// visited but did not match (InnoDB above READ COMMITTED).
func (t *Tx) lockAll() bool { return t.iso >= RepeatableRead && t.c.db.set.Dialect == MySQL }

func (t *Tx) put(table, key string, row Row, del bool) {
	k := table + "\x00" + key
	if t.idx == nil {
		t.idx = map[string]int{}
	}
	if i, ok := t.idx[k]; ok {
		t.writes[i].row, t.writes[i].del = row, del
		return
	}
	t.idx[k] = len(t.writes)
	t.writes = append(t.writes, write{table: table, key: key, row: row, del: del})
}
