// Package opsync is a Go port of Pbench's dataset operation Sync
// (lib/pbench/server/sync.py, PBENCH-993, fix 36cbbd1c), which server
// components use to hand datasets to each other: upload enables backup and
// unpack, unpack enables index, index enables tool-index. See
// shared/systems.md section 5 and seed 004.
//
// Variants:
//   - Buggy: the pre-fix design. All of a dataset's operations live in one
//     JSON blob; an update is separate read-compute-write steps, each
//     committed on its own, with no retry (spec 5.6's buggy port). Two
//     components updating one dataset lose each other's updates (GitHub
//     issue pbench#3209), and a failure between two writes leaves half an
//     update.
//   - Fixed: one row per (dataset, operation); every call is one
//     SERIALIZABLE transaction with a single read and then writes, retried
//     up to Retries times Delay apart, then SyncSQLError with no effect.
//   - FixedIdempotent: Fixed, plus a per-call token written in the same
//     transaction, so that a retry after an ambiguous commit (the commit
//     applied, the reply lost) finds its token and does not apply the call
//     twice, which in Fixed can undo a concurrent transition (spec 5.6,
//     CommitAmbiguous).
//
// # Reproducing a failure
//
// The opsync/* scenarios of racelab's catalogue exercise it; every finding
// carries a replay command.
package opsync
