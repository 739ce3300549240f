package cachesync

import "github.com/racelab/racelab/sim/db"

// Settings is the site configuration row: a value the site serves, and the
// cache backend it uses (in Django the cache settings are themselves
// siteconfig settings, which is what made the production bug stick).
type Settings struct {
	Value   int
	Backend string
}

// Store is where the settings live: the database, the source of truth.
type Store interface {
	Load() (Settings, error)
	Save(Settings) error
}

// Site is what every process of a site shares: its store, its caches by
// backend name, the synchronizer's clock, key and variant, and the order in
// which a save writes.
type Site struct {
	Cache   func(backend string) Cache
	Clock   *Clock
	Key     string
	Variant Variant
	// WriteFirst writes the database before bumping the generation, and
	// fetches the generation before loading the data it stands for. The
	// shipped siteconfig does neither (spec 2.6: save() calls
	// mark_updated() before super().save(), and a reload builds its
	// synchronizer after loading), which lets a reader record the new
	// generation with the old data.
	WriteFirst bool
}

// Process is one server process's cached siteconfig.
type Process struct {
	site     *Site
	store    Store
	settings Settings
	sync     *Synchronizer
}

// Start loads the settings for a new process, through its own store
// (database connection).
func (s *Site) Start(store Store) *Process {
	p := &Process{site: s, store: store}
	p.reload()
	return p
}

// reload loads the settings and builds a new synchronizer, as
// SiteConfigurationManager does for an expired siteconfig.
func (p *Process) reload() {
	site := p.site
	if settings, err := p.store.Load(); err == nil {
		p.settings = settings
	}
	p.sync = New(site.Cache(p.settings.Backend), site.Key, site.Clock, site.Variant)
	if !site.WriteFirst {
		return
	}
	// The generation is fetched now: load again the data it stands for
	// (a save in between bumps it past this one and expires us).
	if settings, err := p.store.Load(); err == nil {
		if settings.Backend != p.settings.Backend {
			p.settings = settings
			p.reload()
			return
		}
		p.settings = settings
	}
}

// Request is the per-request middleware: reload when expired, then serve
// the settings.
func (p *Process) Request() Settings {
	if p.sync.IsExpired() {
		p.reload()
	}
	return p.settings
}

// Save stores new settings and bumps the generation so the other processes
// reload.
func (p *Process) Save(s Settings) {
	if p.site.WriteFirst {
		p.store.Save(s)
		p.sync.MarkUpdated()
	} else {
		p.sync.MarkUpdated()
		p.store.Save(s)
	}
	p.settings = s
}

// Settings returns the process's current settings without a request.
func (p *Process) Settings() Settings { return p.settings }

// DBStore keeps the settings in row "1" of table "siteconfig", columns
// "value" and "backend", through one connection.
type DBStore struct{ Conn *db.Conn }

// Load reads the row.
func (s DBStore) Load() (Settings, error) {
	row, _, err := s.Conn.Auto().Get("siteconfig", "1")
	if err != nil {
		return Settings{}, err
	}
	v, _ := row["value"].(int)
	b, _ := row["backend"].(string)
	return Settings{Value: v, Backend: b}, nil
}

// Save writes the row.
func (s DBStore) Save(set Settings) error {
	row := db.Row{"value": set.Value, "backend": set.Backend}
	_, err := s.Conn.Auto().Upsert("siteconfig", "1", row, row)
	return err
}
