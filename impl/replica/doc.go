// Package replica is a Go port of Phabricator's multi-master repository
// replicas (D15688, T4292; shared/systems.md section 4 and seed 003): every
// device keeps a working copy of a repository; a version table in the
// database (repository, device, version, isWriting) says which copies are
// current; reads and writes synchronize under connection-scoped named locks
// (GET_LOCK), which a dropped database connection releases.
//
// Variants:
//   - LockOnly: the hazard D15688 guards against: the write lock is only the
//     connection's lock. A connection dropped mid-write lets another
//     device write on a stale copy, and one acknowledged push is lost.
//   - Shipped: 4244cad9 as shipped: the durable isWriting flag is set and
//     checked, but the first write inserts version 1 while after-write
//     expects 0, so the first push to a repository freezes it with no
//     fault at all (seed 4b), and an error leaves the write lock held.
//   - Fixed: isWriting kept durable and checked, plus the later hardening
//     (368d2d1d, 892a9a1f, bb16a1b0): first insert 0, the lock released on
//     error, the write marked on the lock's own connection, and a bounded
//     retry of after-write on a lost connection; a write it cannot finish
//     leaves the repository frozen until an operator thaws it.
//
// # Reproducing a failure
//
// The replica/* scenarios of racelab's catalogue exercise it; every
// finding carries a replay command.
package replica
