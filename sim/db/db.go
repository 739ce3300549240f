package db

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/racelab/racelab/sim"
)

// Fault kinds of the database.
const (
	FaultDisconnect    sim.FaultKind = "db.disconnect"
	FaultSerialization sim.FaultKind = "db.serialization"
	FaultCommitUnknown sim.FaultKind = "db.commit-unknown"
	// FaultLockTimeout makes a statement that has to wait for a row lock
	// or a named lock give up at once, as if the lock timeout had passed.
	FaultLockTimeout sim.FaultKind = "db.lock-timeout"
)

var (
	// ErrDisconnected is returned by a statement on a dropped connection.
	ErrDisconnected = errors.New("db: connection lost")
	// ErrCommitUnknown is returned by a commit whose connection dropped
	// after it was applied; errors.Is(err, ErrDisconnected) holds too.
	ErrCommitUnknown = fmt.Errorf("%w during commit: the outcome is unknown", ErrDisconnected)
	// ErrSerialization is a serialization failure (SQLSTATE 40001): the
	// transaction rolled back and may be retried.
	ErrSerialization = errors.New("db: serialization failure, retry the transaction")
	// ErrDeadlock is returned to the transaction chosen as the victim of a
	// lock cycle (SQLSTATE 40P01, MySQL 1213); it rolled back.
	ErrDeadlock = errors.New("db: deadlock detected")
	// ErrLockTimeout is returned by a statement that waited for a lock
	// longer than the lock timeout (SQLSTATE 55P03, MySQL 1205).
	ErrLockTimeout = errors.New("db: lock wait timeout")
	// ErrDuplicate is returned by Insert of an existing key (SQLSTATE
	// 23505, MySQL 1062). It is not a serialization failure.
	ErrDuplicate = errors.New("db: duplicate key")
	// ErrAborted is returned, in the PostgreSQL dialect, by every
	// statement of a transaction after one of its statements failed, and
	// by its Commit, which rolls it back (SQLSTATE 25P02).
	ErrAborted = errors.New("db: current transaction is aborted, commands ignored until end of transaction block")
	// ErrTxDone is returned by a statement on a committed or rolled-back
	// transaction.
	ErrTxDone = errors.New("db: transaction already ended")
	// ErrClosed is returned by a statement on a closed connection.
	ErrClosed = errors.New("db: connection closed")
)

// Row is one row: column name to value. Values used in predicates must be
// comparable; treat stored values as immutable (rows are copied, values are
// not).
type Row map[string]any

func (r Row) clone() Row {
	if r == nil {
		return nil
	}
	c := make(Row, len(r))
	for k, v := range r {
		c[k] = v
	}
	return c
}

// merge returns r with the columns of set replaced: an UPDATE changes only
// the columns it sets.
func merge(r, set Row) Row {
	nr := r.clone()
	if nr == nil {
		nr = Row{}
	}
	for k, v := range set {
		nr[k] = v
	}
	return nr
}

// Env is what a database needs from its runtime: fault points, yield
// points and a clock. *sim.World and sim.Runtime (simulated or native)
// provide it.
type Env interface {
	FaultPoint(label string, kinds ...sim.FaultKind) sim.FaultKind
	Yield(label string)
	Now() time.Time
}

// DB is one database server. It runs under the simulator or on real
// goroutines: every statement runs under mu, which is released only while
// a statement waits for a lock (under the simulator it is then never
// contended: one thread runs at a time and none parks holding it).
type DB struct {
	env     Env
	world   *sim.World // nil on real goroutines
	mu      sync.Mutex
	name    string
	tables  map[string]map[string]*chain
	commits uint64
	locks   map[string]*namedLock
	rows    map[string]*rowLock // table+"\x00"+key, and table+"\x01" for a table's gap lock
	ids     map[string]int64
	conns   int
	set     Settings
}

// chain is a row's committed versions, oldest first, kept so that a
// snapshot can read the version it saw.
type chain struct{ vs []version }

// version is a committed row: its value and the commit that wrote it.
type version struct {
	row     Row
	ver     uint64
	deleted bool
	ser     bool // written by a Serializable transaction
}

func (c *chain) latest() version { return c.vs[len(c.vs)-1] }

// at returns the newest version written at or before commit snap.
func (c *chain) at(snap uint64) (version, bool) {
	for i := len(c.vs) - 1; i >= 0; i-- {
		if c.vs[i].ver <= snap {
			return c.vs[i], true
		}
	}
	return version{}, false
}

// New returns an empty database named name, with the PostgreSQL dialect
// and its default timeouts ([Settings]).
func New(env Env, name string) *DB {
	w, _ := sim.WorldOf(env)
	return &DB{env: env, world: w, name: name, tables: map[string]map[string]*chain{},
		locks: map[string]*namedLock{}, rows: map[string]*rowLock{}, ids: map[string]int64{},
		set: Settings{}.withDefaults()}
}

func (db *DB) table(name string) map[string]*chain {
	t := db.tables[name]
	if t == nil {
		t = map[string]*chain{}
		db.tables[name] = t
	}
	return t
}

// committed returns the latest committed row under key, with its version
// (0 when it never existed).
func (db *DB) committed(table, key string) (Row, uint64, bool) {
	c := db.table(table)[key]
	if c == nil {
		return nil, 0, false
	}
	v := c.latest()
	return v.row, v.ver, !v.deleted
}

// visible returns the row under key as of commit snap.
func (db *DB) visible(table, key string, snap uint64) (Row, uint64, bool) {
	c := db.table(table)[key]
	if c == nil {
		return nil, 0, false
	}
	v, ok := c.at(snap)
	if !ok {
		return nil, 0, false
	}
	return v.row, v.ver, !v.deleted
}

func (db *DB) install(table, key string, row Row, del, ser bool) {
	t := db.table(table)
	c := t[key]
	if c == nil {
		c = &chain{}
		t[key] = c
	}
	c.vs = append(c.vs, version{row: row, ver: db.commits, deleted: del, ser: ser})
}

// sortedKeys returns the keys of a table in order, so scans are
// deterministic.
func (db *DB) sortedKeys(table string) []string {
	t := db.table(table)
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// NextID returns the next value of table's auto-increment sequence. Like
// MySQL's, it is not transactional: a rolled-back insert leaves a gap.
func (db *DB) NextID(table string) int64 {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.ids[table]++
	return db.ids[table]
}

// Seed writes a committed row without a yield point, to set up a scenario.
func (db *DB) Seed(table, key string, row Row) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.commits++
	db.install(table, key, row.clone(), false, false)
}

// Peek returns the committed row under key without a yield point, for
// checks made by the harness.
func (db *DB) Peek(table, key string) (Row, bool) {
	db.mu.Lock()
	defer db.mu.Unlock()
	r, _, ok := db.committed(table, key)
	return r.clone(), ok
}

// PeekScan returns the committed rows of table matching preds, in key
// order, without a yield point.
func (db *DB) PeekScan(table string, preds ...Pred) []Row {
	db.mu.Lock()
	defer db.mu.Unlock()
	var out []Row
	for _, k := range db.sortedKeys(table) {
		if r, _, ok := db.committed(table, k); ok && matches(r, preds) {
			out = append(out, r.clone())
		}
	}
	return out
}

// LockOwner returns the name of the connection holding the named lock, or
// "". It is not a yield point.
func (db *DB) LockOwner(name string) string {
	db.mu.Lock()
	defer db.mu.Unlock()
	if l := db.locks[name]; l != nil && l.owner != nil {
		return l.owner.name
	}
	return ""
}

// Retryable reports whether err says the transaction rolled back for a
// conflict with another and may simply be run again: a serialization
// failure or a deadlock (SQLSTATE class 40). A duplicate key is not.
func Retryable(err error) bool {
	return errors.Is(err, ErrSerialization) || errors.Is(err, ErrDeadlock)
}
