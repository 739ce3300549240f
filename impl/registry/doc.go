// Package registry is a Go port of Djblets' Registry and OrderedRegistry
// (djblets/registries/registry.py) and of lazy_import_registry, in three
// forms: Buggy (5fb05c7e, before r/13802: a populated flag set before the
// defaults are registered, no locks, the ordered bookkeeping outside any
// critical section), Shipped (3b6426e9: PENDING / POPULATING / READY, one
// reentrant lock, double-checked populate, register and unregister calling
// populate before taking the lock, unlocked reads, a lazy accessor whose
// lock does not stop two instances) and Fixed (Shipped with the
// corrections of shared/systems.md 1.6: populate under the lock, locked
// snapshot reads, exactly-once lazy creation). See seed 001.
//
// Python's single dict and set operations are atomic under its GIL; the
// Buggy and Shipped forms make each one a single step (a tiny mutex, which
// also keeps them safe on real goroutines), with yield points where the
// real code could switch threads.
//
// # Reproducing a failure
//
// The registry/* scenarios of racelab's catalogue exercise it; every
// finding carries a replay command.
package registry
