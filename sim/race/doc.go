// Package race is a happens-before data race detector over vector clocks:
// the FastTrack algorithm (Flanagan and Freund, PLDI 2009), fed the
// simulator's events in the order it runs them.
//
// # Contract
//
// A [Detector] sees one run. Sync events order threads: [Detector.Fork]
// (a go statement), [Detector.Join], [Detector.Acquire] and
// [Detector.Release] of a per-object [Clock], [Detector.AcquireRelease]
// (an atomic operation), and the channel edges of a [Chan]. Memory
// accesses, [Detector.Read] and [Detector.Write] (or their Shadow forms for
// a location that keeps its own state), are checked against that order; two
// conflicting accesses to one location, at least one a write, with no
// happens-before order between them are a [Race], reported once per pair
// of sites per detector. A [Seen] set dedups across the runs of an
// exploration. The same event stream gives the same races in the same
// order; nothing depends on map order or on anything but the stream.
//
// FastTrack keeps, per location, the epoch (thread and clock) of the last
// write and of the last read, and a read vector clock only while reads by
// unordered threads overlap. It finds the first race on every location
// exactly (a location races in some prefix of the stream iff the detector
// reports a race on it there, at the same access); after a location's
// first race it checks later accesses against the last write and the last
// reads only, so it may report fewer of the later pairs than a detector
// that remembers every access.
//
// # Edges of each primitive
//
// Go's memory model (https://go.dev/ref/mem), one or two calls each, with
// Clocks owned by the primitive:
//
//	go f()                  Fork(parent, child)
//	Mutex Lock / Unlock     Acquire(t, &m) / Release(t, &m)
//	RWMutex Lock            Acquire(t, &w); Acquire(t, &r)
//	RWMutex Unlock          Release(t, &w)
//	RWMutex RLock / RUnlock Acquire(t, &w) / Release(t, &r)
//	Once: body returned     Release(t, &o); every Do returning: Acquire(t, &o)
//	WaitGroup Done / Wait   Release(t, &wg) / Acquire(t, &wg) as Wait returns
//	Cond Signal, Broadcast  Release(t, &cw) per waiter woken, whose Wait
//	                        returns with Acquire(w, &cw)
//	atomic op               Atomic(t, loc, kind, site), or AcquireRelease(t, &a)
//	AfterFunc, NewTimer     ReleaseStore(t, &timer); the callback thread
//	                        starts with Acquire(cb, &timer); a timer channel
//	                        delivers with SendFrom(&timer, ...)
//	channel                 Send, Recv, Transfer, Close, RecvClosed on a Chan
//
// So RUnlock orders before a later Lock but not before a later RLock, and
// the k-th receive on a channel of capacity C orders before the (k+C)-th
// send completes. The Cond edge is the one sync.Cond documents; Go's own
// race detector does not model it and sees only the mutex (the tests run
// every edge program's twin under it to show where the two agree).
//
// # Reproducing a report
//
// A Race names both accesses (kind, thread, site) and the sync event each
// thread did last. The detector is a pure function of its events: replaying
// the run that produced them (its trace) reproduces the race.
package race
