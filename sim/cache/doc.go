// Package cache is a simulated memcached inside a sim.World: Get, Set, Add
// (only if absent), Incr (ErrNotFound when the key is absent, as memcached's
// NOT_FOUND and Django's ValueError), Delete, and an optional time to live
// on the virtual clock.
//
// Every call is a yield point and a fault point for two kinds:
// [FaultError] (the call fails with ErrBackend and has no effect) and
// [FaultLostReply] (the effect is applied but the caller gets ErrBackend).
// Because faults are decisions of the World, a failure replays and shrinks
// with the schedule. [Cache.SetDown] makes every call fail, for outages and
// misconfigured backends that are part of a scenario rather than drawn.
//
// # Reproducing a failure
//
// A run's trace replays every cache call and every injected fault.
package cache
