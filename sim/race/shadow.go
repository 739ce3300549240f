package race

// Loc identifies a memory location for [Detector.Read] and
// [Detector.Write]: any key the caller chooses (an address, an interned
// id). The detector keeps a [Shadow] per key it has seen.
type Loc uint64

// Shadow is the race state of one memory location: FastTrack's last-write
// epoch and last-read epoch, or a read vector clock while the location is
// read-shared (read by threads not ordered with each other since the last
// write). A type with a fixed location (a sim.Var, a [Cell]) embeds one and
// calls [Detector.ReadShadow] and [Detector.WriteShadow], skipping the
// lookup of a [Loc]. The zero value is a location never accessed. A Shadow
// must not be copied after first use.
type Shadow struct {
	w, r   epoch  // r is 0 while shared
	wa, ra access // where the last write and the last (exclusive) read were
	shared bool
	rs     *readSet // kept after a write for the next shared phase
}

// readSet is a read-shared location's reads: the clock and the access of
// each thread's last read, indexed by thread.
type readSet struct {
	vc  vc
	acc []access
}

// access is what a report says about a past access besides its epoch.
type access struct {
	site *Site
	last note
}

// Read records that t reads loc at site and checks it against the last
// write. It reports whether the read races with an earlier write in a pair
// of sites not reported before by this detector.
func (d *Detector) Read(t Thread, loc Loc, site *Site) bool {
	return d.ReadShadow(t, d.shadow(loc), site)
}

// Write records that t writes loc at site and checks it against the last
// write and the reads since. It reports whether it found a race in a pair of
// sites not reported before by this detector.
func (d *Detector) Write(t Thread, loc Loc, site *Site) bool {
	return d.WriteShadow(t, d.shadow(loc), site)
}

func (d *Detector) shadow(loc Loc) *Shadow {
	s := d.locs[loc]
	if s == nil {
		if d.locs == nil {
			d.locs = map[Loc]*Shadow{}
		}
		s = &Shadow{}
		d.locs[loc] = s
	}
	return s
}

// ReadShadow is Read of the location s stands for.
func (d *Detector) ReadShadow(t Thread, s *Shadow, site *Site) bool {
	th := d.thread(t)
	// Fast path: t has read s already in this epoch; nothing can have
	// changed that matters (FastTrack's [READ SAME EPOCH]).
	if s.r == th.ep {
		return false
	}
	if s.shared && s.rs.vc.get(t) == th.vc[t] {
		return false
	}
	found := false
	if !s.w.before(th.vc) {
		found = d.report(s.w, Write, s.wa, t, Read, site, th.last)
	}
	switch {
	case s.shared:
		s.rs.set(t, th.vc[t], access{site, th.last})
	case s.r.before(th.vc):
		// Every earlier read happens before this one: an epoch suffices.
		s.r, s.ra = th.ep, access{site, th.last}
	default:
		// Two unordered reads: keep both, and every later one, until a write.
		if s.rs == nil {
			s.rs = &readSet{}
		}
		s.rs.set(s.r.tid(), s.r.clock(), s.ra)
		s.rs.set(t, th.vc[t], access{site, th.last})
		s.shared, s.r, s.ra = true, 0, access{}
	}
	return found
}

// WriteShadow is Write of the location s stands for.
func (d *Detector) WriteShadow(t Thread, s *Shadow, site *Site) bool {
	th := d.thread(t)
	if s.w == th.ep { // [WRITE SAME EPOCH]
		return false
	}
	found := false
	if !s.w.before(th.vc) {
		found = d.report(s.w, Write, s.wa, t, Write, site, th.last)
	}
	if s.shared {
		for u, c := range s.rs.vc {
			if c > th.vc.get(Thread(u)) {
				found = d.report(mkEpoch(Thread(u), c), Read, s.rs.acc[u], t, Write, site, th.last) || found
			}
		}
		s.rs.reset()
		s.shared = false
	} else if !s.r.before(th.vc) {
		found = d.report(s.r, Read, s.ra, t, Write, site, th.last) || found
	}
	s.w, s.wa = th.ep, access{site, th.last}
	return found
}

func (rs *readSet) set(t Thread, c uint32, a access) {
	rs.vc.put(t, c)
	if int(t) >= len(rs.acc) {
		rs.acc = append(rs.acc, make([]access, int(t)+1-len(rs.acc))...)
	}
	rs.acc[t] = a
}

func (rs *readSet) reset() {
	clear(rs.vc)
	clear(rs.acc)
}
