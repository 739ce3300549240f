// Package cachesync is a Go port of Djblets' GenerationSynchronizer
// (djblets/cache/synchronizer.py) and of the site configuration that uses
// it (djblets/siteconfig), in the forms of the 5.0 code and of its fix
// (r/13980, 63a2cdf4: "Treat cache synchronization state as expired when
// there are errors"). See shared/systems.md section 2 and seed 000.
//
// A synchronizer keeps, per process, the generation it last saw of a shared
// counter in the cache; a process's cached data is expired when the cache's
// generation differs. The buggy form answers "not expired" when the cache
// fails, so a process whose cache is broken never reloads, and keeps a stale
// generation after a failed add. The fixed form answers "expired" on an
// error and records a fresh generation before re-raising a failed add.
//
// The code knows nothing of scenarios or models: it takes a Cache, a Clock
// and a Variant, and runs on the simulator or on real goroutines alike.
//
// # Reproducing a failure
//
// The cachesync/* scenarios of racelab's catalogue exercise it; every
// finding carries a replay command.
package cachesync
