package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/impl/cachesync"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/cache"
	"github.com/racelab/racelab/sim/db"
)

// Scenarios of Djblets' cache generation synchronizer (seed 000, spec 2).

var cacheSyncModel = model.CacheSync.Porcupine()

const syncKey = "example.com:siteconfig:1:generation"

var syncVariants = []explore.Variant{
	{Name: "buggy", Expect: results.Violation, Note: "5.0: a cache error means not expired; a failed add keeps the stale generation"},
	{Name: "fixed", Expect: results.Clean, Note: "63a2cdf4: an error means expired; a failed add records a fresh generation"},
}

func syncVariant(name string) cachesync.Variant {
	if name == "buggy" {
		return cachesync.Buggy
	}
	return cachesync.Fixed
}

// failureRecorder is one instance's view of the shared cache: it remembers
// the first call that failed during the current operation, which the
// operation's output reports for the model.
type failureRecorder struct {
	c      cachesync.Cache
	failed string
}

func (r *failureRecorder) note(call string, err error) {
	if errors.Is(err, cache.ErrBackend) && r.failed == "" {
		r.failed = call
	}
}

func (r *failureRecorder) Get(k string) (any, bool, error) {
	v, ok, err := r.c.Get(k)
	r.note("get", err)
	return v, ok, err
}

func (r *failureRecorder) Add(k string, v any, ttl time.Duration) (bool, error) {
	ok, err := r.c.Add(k, v, ttl)
	r.note("add", err)
	return ok, err
}

func (r *failureRecorder) Incr(k string, d int64) (int64, error) {
	n, err := r.c.Incr(k, d)
	r.note("incr", err)
	return n, err
}

func (r *failureRecorder) Delete(k string) (bool, error) {
	ok, err := r.c.Delete(k)
	r.note("delete", err)
	return ok, err
}

// syncInstance is one process's synchronizer, recording its operations.
type syncInstance struct {
	rt      sim.Runtime
	inst    int
	rec     *failureRecorder
	clock   *cachesync.Clock
	variant cachesync.Variant
	s       *cachesync.Synchronizer
}

func (c *syncInstance) do(op model.SyncOp) {
	id := c.rt.Begin(c.inst, model.SyncInput{Op: op, Inst: c.inst})
	var out model.SyncOutput
	switch op {
	case model.SyncNew:
		c.s = cachesync.New(c.rec, syncKey, c.clock, c.variant)
	case model.SyncIsExpired:
		out.Expired = c.s.IsExpired()
	case model.SyncRefresh:
		c.s.Refresh()
	case model.SyncMarkUpdated:
		c.s.MarkUpdated()
	case model.SyncClear:
		c.s.Clear()
	}
	out.Failed, c.rec.failed = c.rec.failed, ""
	c.rt.End(id, out)
}

// syncWorkload runs instances of a synchronizer over one cache. Instance 0
// creates the generation first with faults off, so that no operation races
// the creation (a race the spec leaves out of the model: 2.6, "Refresh/reload
// race, not checked"); then faults may hit faultOps, and every instance
// runs its script. Written against sim.Runtime, it also runs natively.
func syncWorkload(rt sim.Runtime, c *cache.Cache, v cachesync.Variant, faultOps []string, scripts [][]model.SyncOp) {
	clock := &cachesync.Clock{}
	instances := make([]*syncInstance, len(scripts))
	for i := range scripts {
		instances[i] = &syncInstance{rt: rt, inst: i, rec: &failureRecorder{c: c}, clock: clock, variant: v}
	}
	c.SetFaultOps()
	instances[0].do(model.SyncNew)
	c.SetFaultOps(faultOps...)
	wg := rt.NewWaitGroup("processes")
	for i, script := range scripts {
		wg.Add(1)
		rt.Go(fmt.Sprintf("process%d", i), func() {
			defer wg.Done()
			for _, op := range script {
				instances[i].do(op)
			}
		})
	}
	wg.Wait()
}

var (
	cachesyncOutage = &explore.Scenario{
		Name:     "cachesync/outage-during-check",
		Doc:      "a writer bumps the generation while the cache fails expiry checks; readers check and refresh",
		Variants: syncVariants,
		Model:    &cacheSyncModel,
		Faults:   sim.FaultPlan{Rules: []sim.FaultRule{{Kind: cache.FaultError, Rate: 0.3, Budget: 2}}},
		Budget:   500,
		Program:  func(w *sim.World, variant string) { outageWorkload(w.Runtime(), variant) },
		Native:   func(rt sim.Runtime, variant string) string { outageWorkload(rt, variant); return "" },
	}
	cachesyncFailedAdd = &explore.Scenario{
		Name:     "cachesync/failed-add",
		Doc:      "refresh (fetch-or-create) while the cache's add fails, then check once it recovers",
		Variants: syncVariants,
		Model:    &cacheSyncModel,
		Faults:   sim.FaultPlan{Rules: []sim.FaultRule{{Kind: cache.FaultError, Rate: 0.5, Budget: 1}}},
		Budget:   500,
		Program:  func(w *sim.World, variant string) { failedAddWorkload(w.Runtime(), variant) },
		Native:   func(rt sim.Runtime, variant string) string { failedAddWorkload(rt, variant); return "" },
	}
	cachesyncRandom = &explore.Scenario{
		Name:     "cachesync/random-ops",
		Doc:      "2-3 processes run random checks, refreshes and updates, drawn from the seed, under cache errors",
		Variants: syncVariants,
		Model:    &cacheSyncModel,
		Faults:   sim.FaultPlan{Rules: []sim.FaultRule{{Kind: cache.FaultError, Rate: 0.2, Budget: 2}}},
		Budget:   1000,
		Program:  func(w *sim.World, variant string) { randomSyncWorkload(w.Runtime(), variant) },
		Native:   func(rt sim.Runtime, variant string) string { randomSyncWorkload(rt, variant); return "" },
	}
)

func outageWorkload(rt sim.Runtime, variant string) {
	new, exp, ref, mark := model.SyncNew, model.SyncIsExpired, model.SyncRefresh, model.SyncMarkUpdated
	syncWorkload(rt, cache.New(rt, "memcached"), syncVariant(variant), []string{"get"}, [][]model.SyncOp{
		{mark, exp},
		{new, exp, ref, exp},
		{new, exp, exp},
	})
}

func failedAddWorkload(rt sim.Runtime, variant string) {
	new, exp, ref := model.SyncNew, model.SyncIsExpired, model.SyncRefresh
	syncWorkload(rt, cache.New(rt, "memcached"), syncVariant(variant), []string{"add"}, [][]model.SyncOp{
		{ref, exp},
		{new, ref, exp, exp},
	})
}

func randomSyncWorkload(rt sim.Runtime, variant string) {
	syncWorkload(rt, cache.New(rt, "memcached"), syncVariant(variant), []string{"get", "add", "incr", "delete"}, randomSyncScripts(rt))
}

// randomSyncScripts draws 2-3 scripts of 2-4 operations; instances other
// than 0 begin with New.
func randomSyncScripts(rt sim.Runtime) [][]model.SyncOp {
	ops := []model.SyncOp{model.SyncIsExpired, model.SyncRefresh, model.SyncMarkUpdated, model.SyncClear}
	scripts := make([][]model.SyncOp, 2+rt.Intn(2))
	for i := range scripts {
		if i > 0 {
			scripts[i] = append(scripts[i], model.SyncNew)
		}
		for range 2 + rt.Intn(3) {
			scripts[i] = append(scripts[i], ops[rt.Intn(len(ops))])
		}
	}
	return scripts
}

// siteSetup is a site in the database with a working and a broken cache.
func siteSetup(w sim.Runtime, variant string, initial cachesync.Settings) (*db.DB, *cachesync.Site) {
	d := db.New(w, "django")
	d.Seed("siteconfig", "1", db.Row{"value": initial.Value, "backend": initial.Backend})
	good, broken := cache.New(w, "memcached"), cache.New(w, "broken")
	broken.SetDown(true)
	v := cachesync.Fixed
	if variant == "buggy" {
		v = cachesync.Buggy
	}
	site := &cachesync.Site{Clock: &cachesync.Clock{}, Key: syncKey, Variant: v, WriteFirst: variant == "fixed-order",
		Cache: func(backend string) cachesync.Cache {
			if backend == "broken" {
				return broken
			}
			return good
		}}
	return d, site
}

var (
	cachesyncMisconfigured = &explore.Scenario{
		Name:     "cachesync/misconfigured-backend",
		Doc:      "the cache backend setting names a broken cache; an operator fixes it in the database; every process must load the fix",
		Variants: syncVariants,
		Budget:   200,
		Program: func(w *sim.World, variant string) {
			if problem := misconfigured(w.Runtime(), variant); problem != "" {
				w.Fail("invariant", "%s", problem)
			}
		},
		Native: misconfigured,
	}
	registerModel      = model.Register.Porcupine()
	cachesyncSaveOrder = &explore.Scenario{
		Name: "cachesync/save-order",
		Doc:  "one process saves a setting while another serves requests; a request after the save completed must see it",
		Variants: []explore.Variant{
			{Name: "buggy", Expect: results.Violation, Note: "save bumps the generation before the database write"},
			{Name: "fixed", Expect: results.Violation, Note: "the shipped fix keeps that order: a residual race of the shipped design (spec 2.6)"},
			{Name: "fixed-order", Expect: results.Clean, Note: "write first, and fetch the generation before loading"},
		},
		Model:   &registerModel,
		Budget:  1000,
		Program: func(w *sim.World, variant string) { saveOrder(w.Runtime(), variant) },
		Native:  func(rt sim.Runtime, variant string) string { saveOrder(rt, variant); return "" },
	}
)

// misconfigured: processes serve requests with a broken cache backend until
// an operator fixes the setting in the database; returns what is wrong.
func misconfigured(w sim.Runtime, variant string) string {
	d, site := siteSetup(w, variant, cachesync.Settings{Value: 1, Backend: "broken"})
	fixedAt, tick := 500*time.Millisecond, time.Second
	if _, simulated := sim.WorldOf(w); !simulated {
		fixedAt, tick = 5*time.Millisecond, 10*time.Millisecond
	}
	var mu sync.Mutex
	var problems []string
	// saved is set once the fix is committed: a process counts only the
	// requests it began after that, since the operator may be slow (a timer
	// can fire while it is still saving).
	var saved atomic.Bool
	wg := w.NewWaitGroup("processes")
	for i := range 2 {
		goGroup(w, wg, fmt.Sprintf("process%d", i), func() {
			p := site.Start(cachesync.DBStore{Conn: d.Open(fmt.Sprintf("process%d", i))})
			for after := 0; after < 3; {
				w.Sleep(tick) // a request a tick
				if saved.Load() {
					after++
				}
				p.Request()
			}
			if b := p.Settings().Backend; b != "memcached" {
				mu.Lock()
				problems = append(problems, fmt.Sprintf("process%d still uses cache backend %q: it served 3 requests after the fix was saved at %v or later and never reloaded", i, b, fixedAt))
				mu.Unlock()
			}
		})
	}
	goGroup(w, wg, "operator", func() {
		w.Sleep(fixedAt)
		cachesync.DBStore{Conn: d.Open("operator")}.Save(cachesync.Settings{Value: 1, Backend: "memcached"})
		saved.Store(true)
	})
	wg.Wait()
	return strings.Join(problems, "; ")
}

// saveOrder: a writer saves while a reader serves requests.
func saveOrder(w sim.Runtime, variant string) {
	d, site := siteSetup(w, variant, cachesync.Settings{Value: 0, Backend: "memcached"})
	wg := w.NewWaitGroup("processes")
	goGroup(w, wg, "writer", func() {
		p := site.Start(cachesync.DBStore{Conn: d.Open("writer")})
		id := w.Begin(0, model.RegisterInput{Write: true, Value: 1})
		p.Save(cachesync.Settings{Value: 1, Backend: "memcached"})
		w.End(id, 0)
	})
	goGroup(w, wg, "reader", func() {
		p := site.Start(cachesync.DBStore{Conn: d.Open("reader")})
		for range 3 {
			id := w.Begin(1, model.RegisterInput{})
			w.End(id, p.Request().Value)
		}
	})
	wg.Wait()
}
