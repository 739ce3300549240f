package sim

import "github.com/racelab/racelab/sim/race"

// Shared is a named location of a system's own memory (a plain field or
// map written against Runtime) whose accesses the system reports with Read
// and Write, so the race detector checks them. It adds no yield point, so
// annotating a system changes none of its schedules. NewShared returns nil
// natively and when Options.Race is off; its methods are then a nil check.
type Shared struct {
	w           *World
	shadow      race.Shadow
	read, write race.Site
}

// NewShared returns the location name of rt's run, or nil when nothing
// checks it.
func NewShared(rt Runtime, name string) *Shared {
	w, ok := WorldOf(rt)
	if !ok || w.race == nil {
		return nil
	}
	return &Shared{w: w, read: race.Site{Label: "read " + name}, write: race.Site{Label: "write " + name}}
}

// Read reports a read of the location by the running thread.
func (s *Shared) Read() {
	if s != nil {
		s.w.race.ReadShadow(s.w.raceID(), &s.shadow, s.w.callerSite(&s.read, 3))
	}
}

// Write reports a write of the location by the running thread.
func (s *Shared) Write() {
	if s != nil {
		s.w.race.WriteShadow(s.w.raceID(), &s.shadow, s.w.callerSite(&s.write, 3))
	}
}
