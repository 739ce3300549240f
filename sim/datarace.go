package sim

import (
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"unsafe"

	"github.com/racelab/racelab/sim/race"
)

// DataRace is the finding kind of two conflicting accesses to one location,
// at least one a write, that no synchronization orders (Options.Race).
const DataRace FindingKind = "data-race"

// raceID is the detector's id of the running thread: sim's thread ids are
// dense from 0, main first, as race.Thread wants them.
func (w *World) raceID() race.Thread { return race.Thread(w.cur.id) }

// checkRaces turns the races the detector found during t's last segment
// into findings. Checking after the segment rather than at each access lets
// a Cell, which has no yield point, report too. A race does not stop the
// run: the lost update it allows may still show as a wrong result.
func (w *World) checkRaces(t *thread) {
	rs := w.race.Races()
	for ; w.racesSeen < len(rs); w.racesSeen++ {
		r := rs[w.racesSeen]
		name := ""
		if t != nil {
			name = t.name
		}
		w.event(t, EvRace, "race", r.Pair().A.String()+" / "+r.Pair().B.String())
		w.findings = append(w.findings, Finding{Kind: DataRace, Message: RaceMessage(r), Thread: name, Step: w.step, Race: &r})
	}
}

// RaceDetector returns the run's data race detector, nil unless
// Options.Race is set. Code that instruments its own memory (the translator's
// runtime) reports its accesses to it, as the running thread ([World.RaceThread]).
func (w *World) RaceDetector() *race.Detector { return w.race }

// RaceThread returns the detector's id of the running thread.
func (w *World) RaceThread() race.Thread { return w.raceID() }

// NewCell returns a plain shared variable holding v whose loads and stores
// are checked by the run's race detector but are not yield points: the
// check without the extra schedules. Without Options.Race it is a plain
// variable.
func NewCell[T any](w *World, name string, v T) *race.Cell[T] {
	return race.NewCell(w.race, w.raceID, name, v)
}

// siteKey is one access site of one Var: the caller's pc and the Var's
// label site.
type siteKey struct {
	pc   uintptr
	base *race.Site
}

// callerSite returns base with the position of the code that called the
// Var's Load or Store: one Site per (caller pc, Var), made once per run and
// symbolized once, so an access costs a runtime.Callers and a map lookup.
func (w *World) callerSite(base *race.Site, skip int) *race.Site {
	var pc [1]uintptr
	if runtime.Callers(skip, pc[:]) == 0 {
		return base
	}
	k := siteKey{pc[0], base}
	if s, ok := w.raceSites[k]; ok {
		return s
	}
	fr, _ := runtime.CallersFrames(pc[:]).Next()
	s := &race.Site{Pos: filepath.Base(fr.File) + ":" + strconv.Itoa(fr.Line), Label: base.Label}
	if w.raceSites == nil {
		w.raceSites = map[siteKey]*race.Site{}
	}
	w.raceSites[k] = s
	return s
}

// RaceMessage is r in one line, as a DataRace finding says it; a race on a map is told as Go's runtime
// tells it when it catches one ("concurrent map writes"), which is how a
// user searching for the message finds what it means.
func RaceMessage(r race.Race) string {
	a, b := strings.HasPrefix(r.Prev.Site.Label, "map "), strings.HasPrefix(r.Cur.Site.Label, "map ")
	switch {
	case a && b && r.Prev.Kind == race.Write && r.Cur.Kind == race.Write:
		return "concurrent map writes: " + r.String()
	case a && b:
		return "concurrent map read and map write: " + r.String()
	}
	return r.String()
}

// Shadow returns the detector's state of the memory at p, made at its
// first access in the run. Keying by the pointer keeps the object alive
// for the run, so a freed object's address is never reused with a stale
// shadow (a false race). Only with Options.Race.
func (w *World) Shadow(p unsafe.Pointer) *race.Shadow {
	if s, ok := w.shadows[p]; ok {
		return s
	}
	if w.shadows == nil {
		w.shadows = map[unsafe.Pointer]*race.Shadow{}
	}
	s := &race.Shadow{}
	w.shadows[p] = s
	return s
}

// PreemptAccesses reports whether instrumented accesses are yield points
// (Options.PreemptAccesses). It is not a yield point.
func (w *World) PreemptAccesses() bool { return w.opts.PreemptAccesses }

// Atomic records an atomic operation of the running thread on memory the
// detector does not shadow (rt/sync/atomic's on the program's own
// variables): every such operation is ordered after every earlier one, one
// total order for all of them. That is at least the order Go's memory model
// gives sequentially consistent atomics, so it reports no race that is not
// one, and may miss a race ordered only through atomics on another
// variable. A no-op without Options.Race.
func (w *World) Atomic() {
	if w.race != nil {
		w.atomics.Name = "sync/atomic"
		w.race.AcquireRelease(w.raceID(), &w.atomics)
	}
}
