package conformance

import (
	"fmt"
	"strings"
	"time"

	"github.com/racelab/racelab/sim/db"
)

// Kind is what a step does.
type Kind uint8

const (
	Begin Kind = iota
	Commit
	Rollback
	Get    // SELECT by id, with an optional locking clause
	Scan   // SELECT WHERE state = Cond ORDER BY id, optional LIMIT and locking clause
	Update // UPDATE SET Set WHERE id = Key [AND state = Cond]
	Insert // INSERT (id, state, a, b)
	Upsert // INSERT ... ON CONFLICT / ON DUPLICATE KEY UPDATE Set
	Delete // DELETE WHERE id = Key
	Lock   // a named lock with Timeout
	Unlock // release a named lock
	Close  // drop the connection
)

var kindNames = [...]string{"BEGIN", "COMMIT", "ROLLBACK", "GET", "SCAN", "UPDATE", "INSERT", "UPSERT", "DELETE", "LOCK", "UNLOCK", "CLOSE"}

// Level is the case's isolation level: a Begin without its own level uses
// it.
const Level db.Isolation = 255

// Step is one statement of one connection.
type Step struct {
	Conn    int
	Kind    Kind
	Iso     db.Isolation // Begin
	Key     int
	State   string         // Insert, Upsert's inserted row: the state column
	Set     map[string]any // Update, Upsert: columns "state", "a", "b"
	Cond    string         // Update, Scan: state = Cond ("" for none)
	Lock    db.RowLock     // Get, Scan
	Limit   int            // Scan
	Name    string         // Lock, Unlock
	Timeout time.Duration  // Lock
}

func (s Step) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "c%d %s", s.Conn, kindNames[s.Kind])
	switch s.Kind {
	case Begin:
		if s.Iso != Level {
			fmt.Fprintf(&b, " %v", s.Iso)
		}
	case Get, Delete:
		fmt.Fprintf(&b, " id=%d", s.Key)
	case Insert:
		fmt.Fprintf(&b, " id=%d state=%s", s.Key, s.State)
	case Upsert:
		fmt.Fprintf(&b, " id=%d state=%s set %v", s.Key, s.State, s.Set)
	case Update:
		fmt.Fprintf(&b, " set %v id=%d", s.Set, s.Key)
	case Lock:
		fmt.Fprintf(&b, " %s timeout %v", s.Name, s.Timeout)
	case Unlock:
		fmt.Fprintf(&b, " %s", s.Name)
	}
	if s.Cond != "" {
		fmt.Fprintf(&b, " state=%s", s.Cond)
	}
	if s.Limit > 0 {
		fmt.Fprintf(&b, " limit %d", s.Limit)
	}
	if s.Lock != 0 {
		fmt.Fprintf(&b, " %v", s.Lock)
	}
	return b.String()
}

// Case is one scripted interleaving over the table t(id, state, a, b),
// seeded with (1, a), (2, a), (3, b), a = b = 0.
type Case struct {
	Name        string
	Conns       int
	Steps       []Step
	LockTimeout time.Duration // row lock wait timeout; 0: none (MySQL: 50s)
	// Levels are the isolation levels the case runs at; nil: every one.
	Levels []db.Isolation
	// Dialects are the dialects the case runs in; nil: both.
	Dialects []db.Dialect
	// Stricter, when set, says why sim/db's PostgreSQL SERIALIZABLE fails
	// a transaction that PostgreSQL commits in this case: the one known
	// difference, asserted as such (sim/db never commits what PostgreSQL
	// fails).
	Stricter string
}

// Levels sim/db offers.
var Levels = []db.Isolation{db.ReadCommitted, db.RepeatableRead, db.Serializable}

func begin(c int) Step                   { return Step{Conn: c, Kind: Begin, Iso: Level} }
func beginAt(c int, i db.Isolation) Step { return Step{Conn: c, Kind: Begin, Iso: i} }
func commit(c int) Step                  { return Step{Conn: c, Kind: Commit} }
func rollback(c int) Step                { return Step{Conn: c, Kind: Rollback} }
func get(c, k int) Step                  { return Step{Conn: c, Kind: Get, Key: k} }
func getFor(c, k int, l db.RowLock) Step { return Step{Conn: c, Kind: Get, Key: k, Lock: l} }
func scan(c int, state string) Step      { return Step{Conn: c, Kind: Scan, Cond: state} }
func update(c, k int, set map[string]any, cond string) Step {
	return Step{Conn: c, Kind: Update, Key: k, Set: set, Cond: cond}
}
func insert(c, k int, state string) Step { return Step{Conn: c, Kind: Insert, Key: k, State: state} }
func upsert(c, k int, state string, set map[string]any) Step {
	return Step{Conn: c, Kind: Upsert, Key: k, State: state, Set: set}
}
func del(c, k int) Step { return Step{Conn: c, Kind: Delete, Key: k} }
func lock(c int, name string, d time.Duration) Step {
	return Step{Conn: c, Kind: Lock, Name: name, Timeout: d}
}
func unlock(c int, name string) Step { return Step{Conn: c, Kind: Unlock, Name: name} }
func closeConn(c int) Step           { return Step{Conn: c, Kind: Close} }

func st(s string) map[string]any { return map[string]any{"state": s} }

// Cases are the patterns of issue 19's table, then locking reads, lock
// timeouts and named locks.
var Cases = []Case{
	{Name: "claim by conditional update", Conns: 2, Steps: []Step{
		begin(0), begin(1), update(0, 1, st("b"), "a"), update(1, 1, st("b"), "a"), commit(0), commit(1), get(0, 1)}},
	{Name: "updates of different columns", Conns: 2, Steps: []Step{
		begin(0), begin(1), update(0, 1, map[string]any{"a": 1}, ""), update(1, 1, map[string]any{"b": 2}, ""), commit(0), commit(1)}},
	{Name: "transaction update vs autocommit cas", Conns: 2, Steps: []Step{
		begin(0), get(0, 1), update(0, 1, map[string]any{"a": 1}, ""), update(1, 1, st("b"), "a"), commit(0), get(1, 1)}},
	{Name: "autocommit cas before a transaction's update", Conns: 2, Steps: []Step{
		begin(0), get(0, 1), update(1, 1, st("b"), "a"), update(0, 1, map[string]any{"a": 1}, ""), commit(0)}},
	{Name: "insert of the same key", Conns: 2, Steps: []Step{
		begin(0), begin(1), insert(0, 5, "a"), insert(1, 5, "b"), commit(0), get(1, 2), rollback(1)}},
	{Name: "insert of the same key rolled back", Conns: 2, Steps: []Step{
		begin(0), begin(1), insert(0, 5, "a"), insert(1, 5, "b"), rollback(0), commit(1)}},
	{Name: "upsert of the same key", Conns: 2, Steps: []Step{
		begin(0), begin(1), upsert(0, 5, "a", st("x")), upsert(1, 5, "b", st("y")), commit(0), commit(1)}},
	{Name: "delete vs update", Conns: 2, Steps: []Step{
		begin(0), begin(1), del(0, 1), update(1, 1, st("c"), ""), commit(0), commit(1)}},
	{Name: "deadlock", Conns: 2, Steps: []Step{
		begin(0), begin(1), update(0, 1, st("x"), ""), update(1, 2, st("y"), ""), update(0, 2, st("x"), ""), update(1, 1, st("y"), ""), commit(0), commit(1)}},
	{Name: "scan, another's insert, the same scan", Conns: 2, Steps: []Step{
		begin(0), scan(0, "a"), insert(1, 5, "a"), scan(0, "a"), commit(0), scan(1, "a")}},
	{Name: "read-only beside a writer", Conns: 2, Steps: []Step{
		begin(0), get(0, 1), update(1, 1, st("c"), ""), get(0, 1), get(0, 2), commit(0), get(1, 1)}},
	{Name: "cas racing a read committed write", Conns: 2, Steps: []Step{
		beginAt(1, db.ReadCommitted), update(1, 1, st("c"), ""), begin(0), get(0, 2), update(0, 1, st("b"), "a"), commit(1), commit(0)}},
	{Name: "serializable beside a read committed writer", Conns: 2, Steps: []Step{
		begin(0), get(0, 1), update(1, 1, st("c"), ""), update(0, 2, st("x"), ""), commit(0)}},
	{Name: "one rw-conflict between serializable transactions", Conns: 2, Levels: []db.Isolation{db.Serializable}, Dialects: []db.Dialect{db.PostgreSQL},
		Stricter: "sim/db fails a Serializable writer whose read another committed Serializable transaction changed; PostgreSQL's SSI fails only a transaction with both an incoming and an outgoing rw-conflict, and here c1 has none into it",
		Steps:    []Step{begin(0), begin(1), get(0, 1), update(1, 1, st("c"), ""), commit(1), update(0, 2, st("x"), ""), commit(0)}},
	{Name: "write skew", Conns: 2, Steps: []Step{
		begin(0), begin(1), scan(0, "a"), scan(1, "a"), update(0, 1, st("b"), ""), update(1, 2, st("b"), ""), commit(0), commit(1)}},
	{Name: "lost update by read then write", Conns: 2, Steps: []Step{
		begin(0), begin(1), get(0, 1), get(1, 1), update(0, 1, map[string]any{"a": 1}, ""), update(1, 1, map[string]any{"a": 1}, ""), commit(0), commit(1)}},
	{Name: "select for update waits", Conns: 2, Steps: []Step{
		begin(0), begin(1), getFor(0, 1, db.ForUpdate), getFor(1, 1, db.ForUpdate), update(0, 1, st("b"), ""), commit(0), update(1, 1, map[string]any{"a": 7}, "b"), commit(1)}},
	{Name: "for share then update", Conns: 2, Steps: []Step{
		begin(0), begin(1), getFor(0, 1, db.ForShare), getFor(1, 1, db.ForShare), update(1, 1, st("c"), ""), commit(0), commit(1)}},
	{Name: "skip locked claims", Conns: 3, Steps: []Step{
		begin(0), begin(1), begin(2),
		{Conn: 0, Kind: Scan, Cond: "a", Limit: 1, Lock: db.ForUpdate | db.SkipLocked},
		{Conn: 1, Kind: Scan, Cond: "a", Limit: 1, Lock: db.ForUpdate | db.SkipLocked},
		{Conn: 2, Kind: Scan, Cond: "a", Limit: 1, Lock: db.ForUpdate | db.SkipLocked},
		update(0, 1, st("taken"), ""), update(1, 2, st("taken"), ""), commit(0), commit(1), commit(2)}},
	{Name: "lock wait timeout", Conns: 2, LockTimeout: time.Second, Steps: []Step{
		begin(0), begin(1), update(0, 1, st("x"), ""), update(1, 1, st("y"), ""), get(1, 2), commit(0), commit(1)}},
	{Name: "error aborts the transaction", Conns: 2, Steps: []Step{
		begin(0), insert(0, 1, "dup"), update(0, 2, st("z"), ""), commit(0), get(1, 2)}},
	{Name: "named lock re-acquired on one connection", Conns: 2, Levels: []db.Isolation{db.ReadCommitted}, Steps: []Step{
		lock(0, "job", 0), lock(0, "job", 0), unlock(0, "job"), lock(1, "job", 0), unlock(0, "job"), lock(1, "job", 0), unlock(1, "job"), unlock(1, "job")}},
	{Name: "named lock released on disconnect", Conns: 2, Levels: []db.Isolation{db.ReadCommitted}, Steps: []Step{
		lock(0, "job", 0), lock(1, "job", 10*time.Second), closeConn(0), unlock(1, "job")}},
	{Name: "deadlock over a named lock and a row", Conns: 2, LockTimeout: 3 * time.Second, Levels: []db.Isolation{db.ReadCommitted}, Steps: []Step{
		lock(0, "job", 0), begin(1), update(1, 1, st("y"), ""), begin(0), update(0, 1, st("x"), ""), lock(1, "job", 5*time.Second), rollback(1), commit(0), unlock(0, "job")}},
	{Name: "deadlock over two named locks", Conns: 2, Levels: []db.Isolation{db.ReadCommitted}, Steps: []Step{
		lock(0, "a", 0), lock(1, "b", 0), lock(0, "b", 5*time.Second), lock(1, "a", 5*time.Second), unlock(0, "a"), unlock(1, "b"), unlock(0, "b"), unlock(1, "a")}},
	{Name: "named lock timeout", Conns: 2, Levels: []db.Isolation{db.ReadCommitted}, Steps: []Step{
		lock(0, "job", 0), lock(1, "job", time.Second), unlock(0, "job"), lock(1, "job", time.Second)}},
}

// Result is what one step observed.
type Result struct {
	Blocked bool   // it had not returned within the window
	Out     string // values read, rows matched, "inserted", a lock's outcome
	Err     string // "", or an error class: duplicate, deadlock, lock-timeout, serialization, aborted, or the message
}

func (r Result) String() string {
	s := r.Out
	if r.Err != "" {
		s += " error " + r.Err
	}
	if r.Blocked {
		s = "blocked, then " + s
	}
	return s
}

// Observation is a whole run of a case.
type Observation struct {
	Steps []Result
	Final string
}

// errClass names err as the suite compares it.
func errClass(err error) string {
	switch {
	case err == nil:
		return ""
	case err == db.ErrDuplicate:
		return "duplicate"
	case err == db.ErrDeadlock:
		return "deadlock"
	case err == db.ErrLockTimeout:
		return "lock-timeout"
	case err == db.ErrSerialization:
		return "serialization"
	case err == db.ErrAborted:
		return "aborted"
	}
	return err.Error()
}

// row formats one row of t.
func row(id int, state string, a, b int64) string { return fmt.Sprintf("%d:%s/%d/%d", id, state, a, b) }
