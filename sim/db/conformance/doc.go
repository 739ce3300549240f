// Package conformance is sim/db's differential suite: the same scripted
// interleavings of transactions, driven step by step from one driver with a
// goroutine (or a simulated thread) per connection, run against sim/db and
// against a real server, PostgreSQL for the PostgreSQL dialect and MariaDB
// for MySQL's, and every observation must match: the values each statement
// read, the rows it matched, whether it blocked, which error it got, and
// the table's final state.
//
// A step that has not returned within a window (400ms of real time, the
// same of virtual time under the simulator) is recorded as blocked, if the
// server says it waits for a lock (pg_stat_activity, InnoDB's transactions
// and the process list: a slow machine does not make a step blocked); its
// result is collected later. Servers are reached through DSNs in the
// environment: RACELAB_PG_DSN (pgx) and RACELAB_MYSQL_DSN
// (go-sql-driver/mysql); `make test` starts both (.ci/databases). Without a
// DSN the suite says so in one line and skips, or fails when CI is set.
//
// To reproduce a mismatch: `make test` prints the case, the level, the
// script and both observations side by side; run that case alone with
// `go test ./sim/db/conformance -run 'TestConformance/postgresql/claim'`
// after exporting the DSNs that .ci/databases writes.
package conformance
