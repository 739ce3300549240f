package db

import (
	"slices"
	"strconv"
)

// RowLock is the locking clause of a read: ForUpdate or ForShare, with
// SkipLocked optionally or-ed in.
type RowLock uint8

const (
	// ForUpdate is SELECT ... FOR UPDATE: an exclusive lock on each row
	// returned, waiting for other holders.
	ForUpdate RowLock = 1 << iota
	// ForShare is SELECT ... FOR SHARE (LOCK IN SHARE MODE).
	ForShare
	// SkipLocked skips, rather than waits for, rows another transaction
	// holds a conflicting lock on.
	SkipLocked
)

func (l RowLock) mode() lockMode {
	if l&ForShare != 0 {
		return shared
	}
	return exclusive
}

// String reads as the SQL clause.
func (l RowLock) String() string {
	s := "FOR UPDATE"
	if l&ForShare != 0 {
		s = "FOR SHARE"
	}
	if l&SkipLocked != 0 {
		s += " SKIP LOCKED"
	}
	return s
}

// Get returns the row under key and whether it exists.
func (tx *Tx) Get(table, key string) (row Row, ok bool, err error) {
	err = tx.run("get "+table+"/"+key, func(t *Tx) error {
		var err error
		row, ok, err = t.get(table, key)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return row.clone(), ok, nil
}

// GetFor reads the row under key with a locking clause (SELECT ... WHERE
// key = k FOR UPDATE): it locks the row, waiting for other holders (unless
// SkipLocked, which reports a locked row as absent), and returns its latest
// committed version.
func (tx *Tx) GetFor(lock RowLock, table, key string) (row Row, ok bool, err error) {
	err = tx.run("get "+table+"/"+key+" "+lock.String(), func(t *Tx) error {
		var err error
		row, ok, err = t.getFor(lock.mode(), lock&SkipLocked != 0, table, key)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return row.clone(), ok, nil
}

func (t *Tx) get(table, key string) (Row, bool, error) {
	if r, ok, mine := t.own(table, key); mine {
		return r, ok, nil
	}
	if t.lockingReads() {
		return t.getFor(shared, false, table, key)
	}
	r, ver, ok := t.view(table, key)
	if t.iso == Serializable {
		t.reads = append(t.reads, readRec{table: table, key: key, ver: ver})
	}
	return r, ok, nil
}

func (t *Tx) getFor(mode lockMode, skip bool, table, key string) (Row, bool, error) {
	if r, ok, mine := t.own(table, key); mine {
		return r, ok, nil
	}
	db := t.c.db
	var seen uint64
	if db.set.Dialect == PostgreSQL {
		_, ver, ok := t.view(table, key)
		if !ok {
			return nil, false, nil
		}
		seen = ver
	} else if _, _, ok := db.committed(table, key); !ok {
		// InnoDB above READ COMMITTED locks the gap where the key would
		// be, so that no one inserts it; the key's own lock stands for it.
		if !t.lockAll() {
			return nil, false, nil
		}
	}
	got, fresh, err := t.acquire(table, key, mode, skip)
	if err != nil || !got {
		return nil, false, err
	}
	r, ver, ok := db.committed(table, key)
	if t.snapshotWrites() && ver != seen {
		return nil, false, ErrSerialization
	}
	if !ok {
		if fresh && !t.lockAll() {
			t.release(table, key)
		}
		return nil, false, nil
	}
	return r, true, nil
}

// Query is a SELECT on one table: the rows matching every predicate of
// Where, in key order, at most Limit of them (0: no limit), with an
// optional locking clause.
type Query struct {
	Table string
	Where []Pred
	Lock  RowLock // 0: a plain read
	Limit int
	_     struct{}
}

// Scan returns the rows of table matching every predicate, in key order.
func (tx *Tx) Scan(table string, preds ...Pred) (rows []Row, err error) {
	return tx.Select(Query{Table: table, Where: preds})
}

// Select runs q. With a locking clause it locks each row it returns (and
// in the MySQL dialect every row it visits, see [Dialect]); with
// SkipLocked it passes over rows it cannot lock at once, so that Limit
// counts only rows it locked (a job queue's FOR UPDATE SKIP LOCKED LIMIT 1).
func (tx *Tx) Select(q Query) (rows []Row, err error) {
	label := "scan " + q.Table + " " + predsString(q.Where)
	if q.Lock != 0 {
		label += " " + q.Lock.String()
	}
	if q.Limit > 0 {
		label += " LIMIT " + strconv.Itoa(q.Limit)
	}
	err = tx.run(label, func(t *Tx) error {
		var err error
		switch {
		case q.Lock != 0:
			_, rows, err = t.lockScan(q.Table, q.Where, q.Lock.mode(), q.Lock&SkipLocked != 0, q.Limit)
		case t.lockingReads():
			_, rows, err = t.lockScan(q.Table, q.Where, shared, false, q.Limit)
		default:
			_, rows = t.scan(q.Table, q.Where, q.Limit)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		rows[i] = r.clone()
	}
	return rows, nil
}

// keys returns the keys of table's rows, committed in any version or
// written by t, in order.
func (t *Tx) keys(table string) []string {
	keys := t.c.db.sortedKeys(table)
	added := false
	for _, w := range t.writes {
		if w.table == table && !slices.Contains(keys, w.key) {
			keys, added = append(keys, w.key), true
		}
	}
	if added {
		slices.Sort(keys)
	}
	return keys
}

// scan is a plain read of the rows matching preds: the read view overlaid
// with the transaction's own writes.
func (t *Tx) scan(table string, preds []Pred, limit int) ([]string, []Row) {
	db := t.c.db
	if t.iso == Serializable {
		t.takeSnapshot()
		t.scans = append(t.scans, scanRec{table: table, preds: preds, seen: db.scanAt(table, preds, t.snap)})
	}
	var outK []string
	var outR []Row
	for _, k := range t.keys(table) {
		r, ok, mine := t.own(table, k)
		if !mine {
			r, _, ok = t.view(table, k)
		}
		if ok && matches(r, preds) {
			outK, outR = append(outK, k), append(outR, r)
			if limit > 0 && len(outK) == limit {
				break
			}
		}
	}
	return outK, outR
}

// lockScan is a locking read of the rows matching preds. PostgreSQL visits
// the rows its read view matches and re-checks each on the latest version
// once locked; InnoDB visits every row.
func (t *Tx) lockScan(table string, preds []Pred, mode lockMode, skip bool, limit int) ([]string, []Row, error) {
	db := t.c.db
	pg := db.set.Dialect == PostgreSQL
	if pg && t.iso == Serializable {
		t.takeSnapshot()
		t.scans = append(t.scans, scanRec{table: table, preds: preds, seen: db.scanAt(table, preds, t.snap)})
	}
	var outK []string
	var outR []Row
	full := true
	for _, k := range t.keys(table) {
		if limit > 0 && len(outK) == limit {
			full = false
			break
		}
		if r, ok, mine := t.own(table, k); mine {
			if ok && matches(r, preds) {
				outK, outR = append(outK, k), append(outR, r)
			}
			continue
		}
		var seen uint64
		if pg {
			r, ver, ok := t.view(table, k)
			if !ok || !matches(r, preds) {
				continue
			}
			seen = ver
		} else if _, _, ok := db.committed(table, k); !ok {
			continue
		}
		got, fresh, err := t.acquire(table, k, mode, skip)
		if err != nil {
			return nil, nil, err
		}
		if !got {
			continue
		}
		r, ver, ok := db.committed(table, k)
		if pg && t.snapshotWrites() && ver != seen {
			return nil, nil, ErrSerialization
		}
		if !ok || !matches(r, preds) {
			if fresh && !t.lockAll() {
				t.release(table, k)
			}
			continue
		}
		outK, outR = append(outK, k), append(outR, r)
	}
	if t.lockAll() && full {
		t.gapLock(table)
	}
	return outK, outR, nil
}

// Insert adds a row under key; an existing key is ErrDuplicate. It locks
// the key, present or not: a concurrent insert of the same key waits for
// this transaction to end, then fails with ErrDuplicate if it committed.
func (tx *Tx) Insert(table, key string, row Row) error {
	return tx.run("insert "+table+"/"+key, func(t *Tx) error {
		if _, ok, mine := t.own(table, key); mine {
			if ok {
				return ErrDuplicate
			}
			t.put(table, key, row.clone(), false)
			return nil
		}
		if err := t.insertIntention(table); err != nil {
			return err
		}
		db := t.c.db
		// A duplicate-key check waits for a writer of the key. InnoDB holds
		// a shared lock for it (two waiters that then both insert
		// deadlock); PostgreSQL only waits.
		if db.set.Dialect == MySQL {
			if _, _, err := t.acquire(table, key, shared, false); err != nil {
				return err
			}
		} else if err := t.waitFree(table, key, shared); err != nil {
			return err
		}
		if _, _, exists := db.committed(table, key); exists {
			return ErrDuplicate
		}
		if _, _, err := t.acquire(table, key, exclusive, false); err != nil {
			return err
		}
		if _, _, exists := db.committed(table, key); exists {
			return ErrDuplicate
		}
		t.put(table, key, row.clone(), false)
		return nil
	})
}

// Update sets the columns of set in the row under key if it exists and
// matches every predicate of cond, and returns the rows matched (0 or 1),
// as `UPDATE t SET ... WHERE key = k AND cond`. It locks the row, waiting
// for another writer; at ReadCommitted it then re-reads the latest
// committed row and re-checks cond (so a conditional UPDATE is a correct
// claim); in the PostgreSQL dialect above ReadCommitted a row changed since
// the snapshot fails it with ErrSerialization.
func (tx *Tx) Update(table, key string, set Row, cond ...Pred) (n int, err error) {
	err = tx.run("update "+table+"/"+key, func(t *Tx) error {
		var err error
		n, err = t.write(table, key, cond, func(r Row) (Row, bool) { return merge(r, set), false })
		return err
	})
	return n, err
}

// Delete removes the row under key and returns the rows affected, locking
// it as Update does.
func (tx *Tx) Delete(table, key string) (n int, err error) {
	err = tx.run("delete "+table+"/"+key, func(t *Tx) error {
		var err error
		n, err = t.write(table, key, nil, func(Row) (Row, bool) { return nil, true })
		return err
	})
	return n, err
}

// write is UPDATE or DELETE of one row by key: change returns the new row
// or a deletion.
func (t *Tx) write(table, key string, cond []Pred, change func(Row) (Row, bool)) (int, error) {
	if r, ok, mine := t.own(table, key); mine {
		if !ok || !matches(r, cond) {
			return 0, nil
		}
		nr, del := change(r)
		t.put(table, key, nr, del)
		return 1, nil
	}
	db := t.c.db
	var seen uint64
	if db.set.Dialect == PostgreSQL {
		r, ver, ok := t.view(table, key)
		if t.iso == Serializable {
			t.reads = append(t.reads, readRec{table: table, key: key, ver: ver})
		}
		if !ok || !matches(r, cond) {
			return 0, nil
		}
		seen = ver
	} else {
		// InnoDB reads the latest committed row; at READ COMMITTED a row
		// that does not match is passed over without waiting.
		r, _, ok := db.committed(table, key)
		if !ok || (!t.lockAll() && !matches(r, cond)) {
			return 0, nil
		}
	}
	_, fresh, err := t.acquire(table, key, exclusive, false)
	if err != nil {
		return 0, err
	}
	r, ver, ok := db.committed(table, key)
	if t.snapshotWrites() && ver != seen {
		return 0, ErrSerialization
	}
	if !ok || !matches(r, cond) {
		if fresh && !t.lockAll() {
			t.release(table, key)
		}
		return 0, nil
	}
	nr, del := change(r)
	t.put(table, key, nr, del)
	return 1, nil
}

// Upsert inserts row under key, or, when the key exists, sets the columns
// of set in its latest committed version (`INSERT ... ON CONFLICT DO
// UPDATE`, `ON DUPLICATE KEY UPDATE`). It reports whether it inserted. It
// locks the key: a concurrent upsert waits, then updates.
func (tx *Tx) Upsert(table, key string, row, set Row) (inserted bool, err error) {
	err = tx.run("upsert "+table+"/"+key, func(t *Tx) error {
		if r, ok, mine := t.own(table, key); mine {
			if ok {
				t.put(table, key, merge(r, set), false)
			} else {
				t.put(table, key, row.clone(), false)
				inserted = true
			}
			return nil
		}
		if err := t.insertIntention(table); err != nil {
			return err
		}
		if _, _, err := t.acquire(table, key, exclusive, false); err != nil {
			return err
		}
		r, ver, ok := t.c.db.committed(table, key)
		if !ok {
			t.put(table, key, row.clone(), false)
			inserted = true
			return nil
		}
		if t.snapshotWrites() {
			t.takeSnapshot()
			if ver > t.snap {
				return ErrSerialization
			}
		}
		t.put(table, key, merge(r, set), false)
		return nil
	})
	return inserted, err
}

// DeleteWhere removes every row of table matching preds and returns how
// many it removed, locking each as Delete does.
func (tx *Tx) DeleteWhere(table string, preds ...Pred) (n int, err error) {
	err = tx.run("delete "+table+" "+predsString(preds), func(t *Tx) error {
		keys, _, err := t.lockScan(table, preds, exclusive, false, 0)
		if err != nil {
			return err
		}
		for _, k := range keys {
			t.put(table, k, nil, true)
		}
		n = len(keys)
		return nil
	})
	return n, err
}
