package db

import (
	"fmt"
	"slices"

	"github.com/racelab/racelab/sim"
)

// Tx is a transaction, or a connection's autocommit handle ([Conn.Auto]).
// Its statements are yield points and fault points.
type Tx struct {
	c    *Conn
	iso  Isolation
	auto bool
	done bool

	writes []write
	idx    map[string]int // table+"\x00"+key -> index in writes
	reads  []readRec      // Serializable only: rows read from committed data
	scans  []scanRec      // Serializable only: scans of committed data
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
func (tx *Tx) run(label string, body func()) error {
	kinds := statementFaults
	if tx.auto {
		kinds = commitFaults
	}
	f, err := tx.c.point(label, kinds...)
	defer tx.c.db.mu.Unlock()
	if err != nil {
		return err
	}
	if tx.auto {
		tx.reset()
	} else if err := tx.usable(); err != nil {
		return err
	}
	body()
	if tx.auto {
		return tx.commit(f)
	}
	return nil
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
	}
	return nil
}

func (tx *Tx) reset() {
	tx.writes, tx.idx, tx.reads, tx.scans, tx.done = nil, nil, nil, nil, false
}

// Commit applies the transaction's writes atomically, unless a fault or
// (Serializable) a conflict fails it; either way the transaction ends.
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
		return err
	}
	return tx.commit(f)
}

// Rollback discards the transaction's writes. It is not a yield point.
func (tx *Tx) Rollback() {
	tx.c.db.mu.Lock()
	defer tx.c.db.mu.Unlock()
	tx.end()
}

func (tx *Tx) end() {
	tx.done = true
	if tx.c.tx == tx {
		tx.c.tx = nil
	}
}

func (tx *Tx) commit(f sim.FaultKind) error {
	defer tx.end()
	if f == FaultSerialization || (tx.iso == Serializable && !tx.valid()) {
		return ErrSerialization
	}
	db := tx.c.db
	if len(tx.writes) > 0 {
		db.commits++
		for _, w := range tx.writes {
			db.table(w.table)[w.key] = &version{row: w.row, ver: db.commits, deleted: w.del}
		}
	}
	if f == FaultCommitUnknown {
		tx.c.drop()
		return ErrCommitUnknown
	}
	return nil
}

// valid reports whether everything the transaction read from committed data
// is still as it was: no row changed, no scan would find other rows.
func (tx *Tx) valid() bool {
	db := tx.c.db
	for _, r := range tx.reads {
		if _, ver, _ := db.committed(r.table, r.key); ver != r.ver {
			return false
		}
	}
	for _, s := range tx.scans {
		if !slices.Equal(s.seen, db.scanCommitted(s.table, s.preds)) {
			return false
		}
	}
	return true
}

func (db *DB) scanCommitted(table string, preds []Pred) []readRec {
	var out []readRec
	for _, k := range db.sortedKeys(table) {
		if r, ver, ok := db.committed(table, k); ok && matches(r, preds) {
			out = append(out, readRec{table: table, key: k, ver: ver})
		}
	}
	return out
}

// lookup reads one row: the transaction's own write, or committed data.
func (tx *Tx) lookup(table, key string) (Row, bool) {
	if i, ok := tx.idx[table+"\x00"+key]; ok {
		w := tx.writes[i]
		return w.row, !w.del
	}
	r, ver, ok := tx.c.db.committed(table, key)
	if tx.iso == Serializable {
		tx.reads = append(tx.reads, readRec{table: table, key: key, ver: ver})
	}
	return r, ok
}

func (tx *Tx) put(table, key string, row Row, del bool) {
	k := table + "\x00" + key
	if tx.idx == nil {
		tx.idx = map[string]int{}
	}
	if i, ok := tx.idx[k]; ok {
		tx.writes[i].row, tx.writes[i].del = row, del
		return
	}
	tx.idx[k] = len(tx.writes)
	tx.writes = append(tx.writes, write{table: table, key: key, row: row, del: del})
}

// scan returns the keys and rows matching preds, committed data overlaid
// with the transaction's own writes, in key order.
func (tx *Tx) scan(table string, preds []Pred) ([]string, []Row) {
	db := tx.c.db
	if tx.iso == Serializable {
		tx.scans = append(tx.scans, scanRec{table: table, preds: preds, seen: db.scanCommitted(table, preds)})
	}
	keys := db.sortedKeys(table)
	for _, w := range tx.writes {
		if w.table == table && !slices.Contains(keys, w.key) {
			keys = append(keys, w.key)
		}
	}
	slices.Sort(keys)
	var outK []string
	var outR []Row
	for _, k := range keys {
		var r Row
		var ok bool
		if i, mine := tx.idx[table+"\x00"+k]; mine {
			r, ok = tx.writes[i].row, !tx.writes[i].del
		} else {
			r, _, ok = db.committed(table, k)
		}
		if ok && matches(r, preds) {
			outK, outR = append(outK, k), append(outR, r.clone())
		}
	}
	return outK, outR
}

// Get returns the row under key and whether it exists.
func (tx *Tx) Get(table, key string) (row Row, ok bool, err error) {
	err = tx.run(fmt.Sprintf("get %s/%s", table, key), func() {
		r, found := tx.lookup(table, key)
		row, ok = r.clone(), found
	})
	if err != nil {
		return nil, false, err
	}
	return row, ok, nil
}

// Scan returns the rows of table matching every predicate, in key order.
func (tx *Tx) Scan(table string, preds ...Pred) (rows []Row, err error) {
	err = tx.run(fmt.Sprintf("scan %s %v", table, preds), func() { _, rows = tx.scan(table, preds) })
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// Insert adds a row under key; an existing key is ErrDuplicate.
func (tx *Tx) Insert(table, key string, row Row) error {
	dup := false
	err := tx.run(fmt.Sprintf("insert %s/%s", table, key), func() {
		if _, exists := tx.lookup(table, key); exists {
			dup = true
			return
		}
		tx.put(table, key, row.clone(), false)
	})
	if err == nil && dup {
		err = ErrDuplicate
	}
	return err
}

// Update sets the columns of set in the row under key if it exists and
// matches every predicate of cond, and returns the rows affected (0 or 1),
// as `UPDATE t SET ... WHERE key = k AND cond`.
func (tx *Tx) Update(table, key string, set Row, cond ...Pred) (n int, err error) {
	err = tx.run(fmt.Sprintf("update %s/%s", table, key), func() {
		r, ok := tx.lookup(table, key)
		if !ok || !matches(r, cond) {
			return
		}
		nr := r.clone()
		for k, v := range set {
			nr[k] = v
		}
		tx.put(table, key, nr, false)
		n = 1
	})
	return n, err
}

// Upsert inserts row under key, or, when the key exists, sets the columns
// of set in it (`INSERT ... ON DUPLICATE KEY UPDATE`). It reports whether it
// inserted.
func (tx *Tx) Upsert(table, key string, row, set Row) (inserted bool, err error) {
	err = tx.run(fmt.Sprintf("upsert %s/%s", table, key), func() {
		r, ok := tx.lookup(table, key)
		if !ok {
			tx.put(table, key, row.clone(), false)
			inserted = true
			return
		}
		nr := r.clone()
		for k, v := range set {
			nr[k] = v
		}
		tx.put(table, key, nr, false)
	})
	return inserted, err
}

// Delete removes the row under key and returns the rows affected.
func (tx *Tx) Delete(table, key string) (n int, err error) {
	err = tx.run(fmt.Sprintf("delete %s/%s", table, key), func() {
		if _, ok := tx.lookup(table, key); ok {
			tx.put(table, key, nil, true)
			n = 1
		}
	})
	return n, err
}

// DeleteWhere removes every row of table matching preds and returns how
// many it removed.
func (tx *Tx) DeleteWhere(table string, preds ...Pred) (n int, err error) {
	err = tx.run(fmt.Sprintf("delete %s %v", table, preds), func() {
		keys, _ := tx.scan(table, preds)
		for _, k := range keys {
			tx.put(table, k, nil, true)
		}
		n = len(keys)
	})
	return n, err
}
