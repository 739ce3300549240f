package db

import "time"

// Dialect selects the behaviour where PostgreSQL and MySQL/InnoDB differ in
// a way a program can observe. The zero value is PostgreSQL.
//
// The differences modelled (each is a case of the conformance suite in
// sim/db/conformance, run against both servers):
//
//   - An error inside a transaction: PostgreSQL aborts the transaction (its
//     locks are released; later statements fail with ErrAborted and Commit
//     rolls back); InnoDB rolls back only the failed statement (a duplicate
//     key, a lock wait timeout) and keeps the transaction and its locks,
//     except after a deadlock or serialization failure, which roll back the
//     whole transaction; the session then runs later statements as
//     autocommit statements and Commit has nothing left to do.
//   - Deadlocks: PostgreSQL looks for a cycle when a lock wait has lasted
//     DeadlockTimeout, so the victim is by default the transaction that
//     waited first; InnoDB looks at once, and the victim is by default the
//     transaction whose request closed the cycle.
//   - REPEATABLE READ: PostgreSQL's writes and locking reads fail with
//     ErrSerialization when the row changed since the snapshot; InnoDB's
//     read the latest committed row instead, and its snapshot is taken at
//     the first plain read rather than at the first statement.
//   - SERIALIZABLE: PostgreSQL reads a snapshot and fails a commit that
//     would not be serializable; InnoDB is REPEATABLE READ whose plain reads
//     in a transaction take shared locks (and a scan a gap lock on the
//     table, which blocks other transactions' inserts).
//   - Locking reads and UPDATE at REPEATABLE READ and SERIALIZABLE: InnoDB
//     locks every row a scan visits (a scan on a column without an index
//     visits the whole table), PostgreSQL only the rows that match.
type Dialect uint8

const (
	PostgreSQL Dialect = iota
	MySQL
)

// String returns the dialect's name.
func (d Dialect) String() string {
	if d == MySQL {
		return "mysql"
	}
	return "postgresql"
}

// Settings are the server's settings. The zero value is PostgreSQL with
// its defaults.
type Settings struct {
	Dialect Dialect
	// LockTimeout bounds each wait for a row lock (PostgreSQL's
	// lock_timeout, InnoDB's innodb_lock_wait_timeout): a statement that
	// waits longer fails with ErrLockTimeout. Zero means the dialect's
	// default (PostgreSQL: none; MySQL: 50s); negative, no timeout.
	LockTimeout time.Duration
	// DeadlockTimeout is how long a PostgreSQL lock wait lasts before the
	// waiter looks for a deadlock (deadlock_timeout); zero means 1s. InnoDB
	// looks at once.
	DeadlockTimeout time.Duration
	_               struct{}
}

func (s Settings) withDefaults() Settings {
	if s.LockTimeout == 0 && s.Dialect == MySQL {
		s.LockTimeout = 50 * time.Second
	}
	if s.DeadlockTimeout <= 0 {
		s.DeadlockTimeout = time.Second
	}
	return s
}

// Configure changes the server's settings. Call it before the first
// statement.
func (db *DB) Configure(s Settings) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.set = s.withDefaults()
}
