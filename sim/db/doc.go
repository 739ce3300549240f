// Package db is a simulated transactional row store inside a sim.World,
// with a Go API rather than SQL, that behaves as PostgreSQL (the default
// [Dialect]) or MySQL/InnoDB where a program can tell: tables of rows keyed
// by a primary key, scans with column predicates (equality and IN), insert,
// update with a condition returning the rows matched, insert-or-update,
// delete, locking reads (FOR UPDATE, FOR SHARE, SKIP LOCKED); connections;
// transactions; and named locks scoped to a connection (MySQL GET_LOCK,
// PostgreSQL advisory locks). sim/db/conformance proves each behaviour
// against the real servers.
//
// # Locks
//
// UPDATE, DELETE, INSERT, upsert and locking reads lock the rows they touch
// (INSERT and upsert the key, present or not) until the transaction
// commits, rolls back or its connection drops; an autocommit statement
// ([Conn.Auto]) holds them until it ends. A statement that needs a lock
// another transaction holds blocks: a wait of the World, in virtual time,
// bounded by [Settings].LockTimeout (ErrLockTimeout; [FaultLockTimeout]
// makes a wait give up at once). When it wakes at ReadCommitted it re-reads
// the latest committed row and re-checks its condition, so a conditional
// UPDATE or an INSERT of a unique key is a correct claim; a concurrent
// INSERT of the same key gets ErrDuplicate once the first commits. An
// UPDATE changes only the columns it sets.
//
// Waits form a wait-for graph over row locks and named locks; a cycle fails
// one transaction with ErrDeadlock, rolled back. PostgreSQL looks for a
// cycle when a wait has lasted DeadlockTimeout, InnoDB at once. The victim
// is a decision of the World (option 0 is the transaction the server would
// pick), so it replays and shrinks; the cycle and the victim appear in the
// event log as a yield point "db deadlock: ...". [Retryable] tells a
// deadlock or serialization failure, which a program retries, from the
// rest.
//
// # Isolation
//
// ReadCommitted: each statement sees the latest committed data and the
// transaction's own writes; a read-modify-write across statements is not
// atomic, so read-then-write updates are lost. RepeatableRead and
// Serializable read a snapshot taken at the first statement (MySQL: at the
// first plain read), kept as committed versions. In the PostgreSQL dialect
// a write or locking read of a row changed since the snapshot fails with
// ErrSerialization, and a Serializable transaction that wrote commits only
// if no other Serializable transaction committed a change to what it read
// or scanned since its snapshot (phantoms included); a read-only one always
// commits, and, as in PostgreSQL's SSI, writes at other levels are not
// checked. That is stricter than SSI, which fails only a transaction with
// both an incoming and an outgoing rw-conflict: sim/db can reject a commit
// PostgreSQL accepts (a case of the conformance suite shows one), never
// the reverse. In the MySQL dialect Serializable
// is two-phase locking: plain reads in a transaction take shared locks.
//
// # Errors
//
// ErrDuplicate, ErrDeadlock, ErrLockTimeout and ErrSerialization are the
// servers' errors (SQLSTATE 23505, 40P01, 55P03, 40001). In the PostgreSQL
// dialect any error inside a transaction aborts it: its locks are
// released, later statements fail with ErrAborted and Commit rolls back.
// [Dialect] lists what InnoDB does instead.
//
// # Faults
//
// Every statement is a yield point and a fault point. [FaultDisconnect]
// drops the connection at a statement: its open transaction rolls back, its
// row and named locks are released (a waiter gets them), and this and
// later statements fail with ErrDisconnected until [Conn.Reconnect].
// [FaultSerialization] fails a commit, which rolls back. [FaultCommitUnknown]
// applies a commit and then drops the connection: the client sees
// ErrCommitUnknown and cannot tell whether it committed. [FaultLockTimeout]
// fires where a statement starts to wait for a lock. A thread crashed by
// the sim `crash` fault drops the connections it used. Committed data is
// never lost or corrupted by any fault.
//
// # Reproducing a failure
//
// Every statement, every lock wait, every injected fault and every
// deadlock victim is a decision of the World, so a run's trace replays
// them exactly.
package db
