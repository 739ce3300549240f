package lang

import (
	"unsafe"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/race"
)

// Site is one instrumented access in translated code: the translator keeps
// one per expression in a package-level variable and passes its address.
type Site = race.Site

// Read records a read of *p at site by the running thread, for the race
// detector of the World (nothing outside a World or without
// Options.Race). The translator calls it before a statement that reads
// shared memory: a package-level variable, a variable captured by a
// function literal, a field or element reached through a pointer or slice.
func Read[T any](p *T, site *Site) {
	if w := sim.Current(); w != nil {
		if w.PreemptAccesses() {
			w.Yield(site.Label)
		}
		if d := w.RaceDetector(); d != nil {
			d.ReadShadow(w.RaceThread(), w.Shadow(unsafe.Pointer(p)), site)
		}
	}
}

// Write records a write of *p at site, after the statement that writes it.
func Write[T any](p *T, site *Site) {
	if w := sim.Current(); w != nil {
		if d := w.RaceDetector(); d != nil {
			d.WriteShadow(w.RaceThread(), w.Shadow(unsafe.Pointer(p)), site)
		}
	}
}

// Preempt is a yield point between a read-modify-write's load and its
// store (the translator splits x++ into them), with
// sim.Options.PreemptAccesses; nothing otherwise.
func Preempt(site *Site) {
	if w := sim.Current(); w != nil && w.PreemptAccesses() {
		w.Yield(site.Label)
	}
}

// MapRead records a lookup in m (one location per map, as Go's runtime
// checks maps whole).
func MapRead[M ~map[K]V, K comparable, V any](m M, site *Site) {
	if w := sim.Current(); w != nil {
		if w.PreemptAccesses() {
			w.Yield(site.Label)
		}
		if d := w.RaceDetector(); d != nil {
			if p := mapPointer(&m); p != nil {
				d.ReadShadow(w.RaceThread(), w.Shadow(p), site)
			}
		}
	}
}

// MapWrite records an assignment to or a delete from m.
func MapWrite[M ~map[K]V, K comparable, V any](m M, site *Site) {
	if w := sim.Current(); w != nil {
		if d := w.RaceDetector(); d != nil {
			if p := mapPointer(&m); p != nil {
				d.WriteShadow(w.RaceThread(), w.Shadow(p), site)
			}
		}
	}
}

// mapPointer is the map's runtime object: a map value is one pointer.
func mapPointer[M any](m *M) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(m)) }
