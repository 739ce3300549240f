package race

import (
	"cmp"
	"fmt"
)

// Site is where an access happens in the program under test. Callers keep
// one Site per program point and pass a pointer to it, so an access costs no
// copy; races compare Sites by value, so equal Sites from different runs
// are the same site.
type Site struct {
	// Pos is the source position, "file.go:12"; it may be empty.
	Pos string
	// Label is the yield label or the expression ("load x", "p.count").
	Label string
}

func (s Site) String() string {
	switch {
	case s.Pos == "":
		return s.Label
	case s.Label == "":
		return s.Pos
	}
	return s.Pos + " (" + s.Label + ")"
}

func (s Site) compare(o Site) int {
	if c := cmp.Compare(s.Pos, o.Pos); c != 0 {
		return c
	}
	return cmp.Compare(s.Label, o.Label)
}

// Kind is the kind of a memory access.
type Kind uint8

// The kinds of access.
const (
	Read Kind = iota + 1
	Write
)

func (k Kind) String() string {
	switch k {
	case Read:
		return "read"
	case Write:
		return "write"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Access is one side of a race.
type Access struct {
	Kind   Kind
	Thread Thread
	// Name is the thread's name (see [Detector.NameThreads]).
	Name string
	Site Site
	// LastSync is the sync event the thread did last before the access
	// ("release of mutex m"), the first thing to look at when a reader
	// believes the access was ordered.
	LastSync string
	_        struct{}
}

func (a Access) String() string {
	return fmt.Sprintf("%s by %s at %s (last sync: %s)", a.Kind, a.Name, a.Site, a.LastSync)
}

// Race is a pair of conflicting accesses to one location, at least one a
// write, with no happens-before order between them: Prev came first in the
// run, Cur is the access that found it.
type Race struct {
	Prev, Cur Access
	_         struct{}
}

func (r Race) String() string {
	return fmt.Sprintf("data race: %s, then %s", r.Prev, r.Cur)
}

// Pair identifies a race by its two sites, unordered, for reporting each
// racing pair once.
type Pair struct{ A, B Site }

// Pair returns r's sites in a canonical order.
func (r Race) Pair() Pair {
	a, b := r.Prev.Site, r.Cur.Site
	if a.compare(b) > 0 {
		a, b = b, a
	}
	return Pair{a, b}
}

// Seen is a set of racing site pairs: a detector keeps one so that it
// reports each pair once, and an exploration keeps one across its runs so
// that it reports each pair once in all. The zero value is not usable; make
// it with Seen{} or make(Seen). A Seen is not safe for concurrent use.
type Seen map[Pair]struct{}

// Add adds r's pair and reports whether it was new.
func (s Seen) Add(r Race) bool {
	p := r.Pair()
	if _, ok := s[p]; ok {
		return false
	}
	s[p] = struct{}{}
	return true
}

// report records the race between the earlier access (at prev) and t's
// current one, unless its pair of sites was reported already, and reports
// whether it recorded it.
func (d *Detector) report(prev epoch, pk Kind, pa access, t Thread, ck Kind, site *Site, last note) bool {
	r := Race{
		Prev: Access{Kind: pk, Thread: prev.tid(), Name: d.threadName(prev.tid()), Site: siteOf(pa.site), LastSync: pa.last.describe(d.threadName)},
		Cur:  Access{Kind: ck, Thread: t, Name: d.threadName(t), Site: siteOf(site), LastSync: last.describe(d.threadName)},
	}
	if d.seen == nil {
		d.seen = Seen{}
	}
	if !d.seen.Add(r) {
		return false
	}
	d.races = append(d.races, r)
	return true
}

func siteOf(s *Site) Site {
	if s == nil {
		return Site{}
	}
	return *s
}
