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
)

var (
	// ErrDisconnected is returned by a statement on a dropped connection.
	ErrDisconnected = errors.New("db: connection lost")
	// ErrCommitUnknown is returned by a commit whose connection dropped
	// after it was applied; errors.Is(err, ErrDisconnected) holds too.
	ErrCommitUnknown = fmt.Errorf("%w during commit: the outcome is unknown", ErrDisconnected)
	// ErrSerialization is returned by a commit that would break
	// serializability; the transaction rolled back and may be retried.
	ErrSerialization = errors.New("db: serialization failure, retry the transaction")
	// ErrDuplicate is returned by Insert of an existing key.
	ErrDuplicate = errors.New("db: duplicate key")
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

// Env is what a database needs from its runtime: fault points, yield
// points and a clock. *sim.World and sim.Runtime (simulated or native)
// provide it.
type Env interface {
	FaultPoint(label string, kinds ...sim.FaultKind) sim.FaultKind
	Yield(label string)
	Now() time.Time
}

// DB is one database server. It runs under the simulator or on real
// goroutines: every statement runs under mu, which under the simulator is
// never contended (one thread runs at a time and none parks holding it).
type DB struct {
	env     Env
	world   *sim.World // nil on real goroutines
	mu      sync.Mutex
	name    string
	tables  map[string]map[string]*version
	commits uint64
	locks   map[string]*namedLock
	ids     map[string]int64
	conns   int
}

// version is a committed row: its value and the commit that wrote it.
type version struct {
	row     Row
	ver     uint64
	deleted bool
}

// New returns an empty database named name.
func New(env Env, name string) *DB {
	w, _ := sim.WorldOf(env)
	return &DB{env: env, world: w, name: name, tables: map[string]map[string]*version{}, locks: map[string]*namedLock{}, ids: map[string]int64{}}
}

func (db *DB) table(name string) map[string]*version {
	t := db.tables[name]
	if t == nil {
		t = map[string]*version{}
		db.tables[name] = t
	}
	return t
}

// committed returns the committed row under key, with its version (0 when
// it never existed).
func (db *DB) committed(table, key string) (Row, uint64, bool) {
	v := db.table(table)[key]
	if v == nil {
		return nil, 0, false
	}
	return v.row, v.ver, !v.deleted
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
	db.table(table)[key] = &version{row: row.clone(), ver: db.commits}
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
