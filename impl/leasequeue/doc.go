// Package leasequeue is a Go port of Phabricator Drydock's lease and
// resource release (D14143, T9252): in its buggy form (8ded0927), where
// every caller (web, CLI, a lease's destructor, a resource close) checks the
// status of its own in-memory copy and releases in its own process, and its
// fixed form (789df89c), where callers only queue a release command and a
// lease update worker consumes the commands under a per-lease named lock,
// only while the lease is ACTIVE. See shared/systems.md section 3 and seed
// 002.
//
// Everything lives in the database (sim/db): leases, resources, slot locks,
// commands, the tasks of the worker queue and a log of release side
// effects, which is what the harness counts.
//
// # Reproducing a failure
//
// The leasequeue/* scenarios of racelab's catalogue exercise it; every
// finding carries a replay command.
package leasequeue
