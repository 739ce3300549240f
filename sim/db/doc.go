// Package db is a simulated transactional row store inside a sim.World,
// with a Go API rather than SQL: tables of rows keyed by a primary key,
// scans with column predicates (equality and IN), insert, update (with a
// condition, returning rows affected, as `UPDATE ... WHERE version = old`),
// insert-or-update, delete; connections; transactions; and named locks
// scoped to a connection (MySQL GET_LOCK, PostgreSQL advisory locks).
//
// # Isolation
//
// ReadCommitted is the ORM default the buggy reference systems relied on:
// each statement sees the latest committed data and the transaction's own
// writes; writes are applied at commit; a read-modify-write across
// statements is not atomic, so updates can be lost. Statements outside a
// transaction ([Conn.Auto]) commit one by one.
//
// Serializable is optimistic: a transaction records what it read, rows and
// scans alike, and its commit fails with ErrSerialization when any of it
// changed since (a re-run scan that finds another set of rows is a phantom),
// so committed transactions are equivalent to running them one at a time in
// commit order. The caller may retry.
//
// # Faults
//
// Every statement is a yield point and a fault point. [FaultDisconnect]
// drops the connection at a statement: its open transaction rolls back, its
// named locks are released (a waiter gets them), and this and later
// statements fail with ErrDisconnected until [Conn.Reconnect].
// [FaultSerialization] fails a commit, which rolls back. [FaultCommitUnknown]
// applies a commit and then drops the connection: the client sees
// ErrCommitUnknown and cannot tell whether it committed. A thread crashed by
// the sim `crash` fault drops the connections it used. Committed data is
// never lost or corrupted by any fault.
//
// # Reproducing a failure
//
// Every statement and every injected fault is a decision of the World, so a
// run's trace replays them exactly.
package db
