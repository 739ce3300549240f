package scenarios

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/impl/opsync"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
)

// Scenarios of Pbench's dataset operation Sync (seed 004, spec 5).

var opSyncModel = model.OpSync.Porcupine()

func opVariant(name string) opsync.Variant {
	switch name {
	case "buggy":
		return opsync.Buggy
	case "fixed-idempotent":
		return opsync.FixedIdempotent
	}
	return opsync.Fixed
}

// opClient is one component's Sync, recording its calls. Worker k uses
// client ids k*16+j: a Next is recorded as one "listed" operation per
// dataset j, all over the call's interval.
type opClient struct {
	w        sim.Runtime
	id       int
	comp     opsync.Name
	sync     *opsync.Sync
	datasets []string
	failures int   // failed attempts of the current call: its sleeps
	listErr  error // the last next's error: an empty list then says nothing
}

func newOpClient(w sim.Runtime, d *db.DB, worker int, comp opsync.Name, variant string, datasets []string) *opClient {
	calls := 0
	token := func() string { calls++; return fmt.Sprintf("%s-%d-%d", comp, worker, calls) }
	c := &opClient{w: w, id: worker * 16, comp: comp, datasets: datasets}
	// Sync sleeps after every failed attempt, the last included: counting
	// the sleeps counts the failures.
	sleep := func(d time.Duration) { c.failures++; w.Sleep(d) }
	c.sync = opsync.New(d.Open(fmt.Sprintf("%s-%d", comp, worker)), comp, opVariant(variant), sleep, token)
	if _, simulated := sim.WorldOf(w); !simulated {
		c.sync.Delay = time.Millisecond // 0.1 s is free only on the virtual clock
	}
	return c
}

func names(ns []opsync.Name) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = string(n)
	}
	return out
}

func (c *opClient) next() []string {
	ids := make([]sim.OpID, len(c.datasets))
	for j, ds := range c.datasets {
		ids[j] = c.w.Begin(c.id+j, model.OpSyncInput{Call: model.OpListed, Comp: string(c.comp), DS: ds})
	}
	list, err := c.sync.Next()
	c.listErr = err
	for j, ds := range c.datasets {
		c.w.End(ids[j], model.OpSyncOutput{Err: err != nil, Listed: slices.Contains(list, ds)})
	}
	return list
}

func (c *opClient) update(ds string, state opsync.State, enabled []opsync.Name, msg string) error {
	id := c.w.Begin(c.id, model.OpSyncInput{Call: model.OpUpdate, Comp: string(c.comp), DS: ds, State: string(state), Enabled: names(enabled), Msg: msg})
	c.failures = 0
	err := c.sync.Update(ds, state, enabled, msg)
	c.w.End(id, model.OpSyncOutput{Err: err != nil, GaveUp: err != nil && c.failures >= c.sync.Retries})
	return err
}

var opVariants = []explore.Variant{
	{Name: "buggy", Expect: results.Violation, Note: "one JSON blob per dataset, read-modify-write in autocommit, no retry"},
	{Name: "fixed", Expect: results.Clean, Note: "a row per operation, one SERIALIZABLE transaction per call, retried"},
	{Name: "fixed-idempotent", Expect: results.Clean, Note: "fixed, with a per-call token that makes a retry safe"},
}

// backupVsUnpack: upload enables backup and unpack, which then run at once
// on the same dataset (GitHub issue pbench#3209); afterwards INDEX must be
// ready and BACKUP and UNPACK not. With messages each buggy update is two
// read-modify-writes, so a failure between them leaves half an update.
func backupVsUnpack(w sim.Runtime, variant string, messages bool) {
	d := db.New(w, "pbench")
	ds := []string{"d1"}
	msg := func(m string) string {
		if messages {
			return m
		}
		return ""
	}
	upload := newOpClient(w, d, 0, opsync.Upload, variant, ds)
	upload.update("d1", opsync.OK, []opsync.Name{opsync.Backup, opsync.Unpack}, msg("uploaded"))
	wg := w.NewWaitGroup("crons")
	goGroup(w, wg, "backup", func() {
		newOpClient(w, d, 1, opsync.Backup, variant, ds).update("d1", opsync.OK, nil, msg("backed up"))
	})
	goGroup(w, wg, "unpack", func() {
		newOpClient(w, d, 2, opsync.Unpack, variant, ds).update("d1", opsync.OK, []opsync.Name{opsync.Index}, msg("unpacked"))
	})
	wg.Wait()
	for i, comp := range []opsync.Name{opsync.Index, opsync.Unpack, opsync.Backup} {
		newOpClient(w, d, 3+i, comp, variant, ds).next()
	}
}

var (
	opsyncBackupVsUnpack = &explore.Scenario{
		Name:     "opsync/backup-vs-unpack",
		Doc:      "backup and unpack update one dataset at once (pbench#3209): INDEX must end ready, BACKUP and UNPACK not",
		Variants: opVariants,
		Model:    &opSyncModel,
		Budget:   500,
		Program:  func(w *sim.World, variant string) { backupVsUnpack(w.Runtime(), variant, false) },
		Native:   func(rt sim.Runtime, variant string) string { backupVsUnpack(rt, variant, false); return "" },
	}
	opsyncCommitFailures = &explore.Scenario{
		Name:     "opsync/commit-failures",
		Doc:      "the same with messages, under serialization failures and dropped connections: a failed call must have no effect",
		Variants: opVariants,
		Model:    &opSyncModel,
		Faults: sim.FaultPlan{Rules: []sim.FaultRule{
			{Kind: db.FaultSerialization, Rate: 0.3, Budget: 1},
			{Kind: db.FaultDisconnect, Rate: 0.1, Budget: 1},
		}},
		Budget:  500,
		Program: func(w *sim.World, variant string) { backupVsUnpack(w.Runtime(), variant, true) },
		Native:  func(rt sim.Runtime, variant string) string { backupVsUnpack(rt, variant, true); return "" },
	}
	opsyncAmbiguousCommit = &explore.Scenario{
		Name: "opsync/ambiguous-commit",
		Doc:  "index enables tool-index; the tool-indexer takes it (WORKING); a commit whose reply is lost is retried",
		Variants: []explore.Variant{
			{Name: "buggy", Expect: results.Violation, Note: "an applied commit reported as an error"},
			{Name: "fixed", Expect: results.Violation, Note: "the shipped retry re-applies the update and undoes the WORKING transition (spec 5.6)"},
			{Name: "fixed-idempotent", Expect: results.Clean, Note: "the retry finds its token and applies nothing twice"},
		},
		Model:   &opSyncModel,
		Faults:  sim.FaultPlan{Rules: []sim.FaultRule{{Kind: db.FaultCommitUnknown, Rate: 0.5, Budget: 1}}},
		Budget:  500,
		Program: func(w *sim.World, variant string) { ambiguousCommit(w.Runtime(), variant) },
		Native:  func(rt sim.Runtime, variant string) string { ambiguousCommit(rt, variant); return "" },
	}
	opsyncPipeline = &explore.Scenario{
		Name:     "opsync/pipeline",
		Doc:      "two uploads flow through backup, unpack, index and tool-index crons polling Next: each dataset is processed exactly once per step",
		Variants: opVariants,
		Model:    &opSyncModel,
		Faults:   sim.FaultPlan{Rules: []sim.FaultRule{{Kind: db.FaultSerialization, Rate: 0.1, Budget: 2}}},
		Budget:   300,
		Program: func(w *sim.World, variant string) {
			if problem := pipeline(w.Runtime(), variant); problem != "" {
				w.Fail("invariant", "%s", problem)
			}
		},
		Native: pipeline,
	}
)

// ambiguousCommit: index enables tool-index; the tool-indexer takes it.
func ambiguousCommit(w sim.Runtime, variant string) {
	d := db.New(w, "pbench")
	ds := []string{"d1"}
	newOpClient(w, d, 0, opsync.Unpack, variant, ds).update("d1", opsync.OK, []opsync.Name{opsync.Index}, "")
	wg := w.NewWaitGroup("crons")
	goGroup(w, wg, "index", func() {
		newOpClient(w, d, 1, opsync.Index, variant, ds).update("d1", opsync.OK, []opsync.Name{opsync.ToolIndex}, "")
	})
	goGroup(w, wg, "toolindex", func() {
		c := newOpClient(w, d, 2, opsync.ToolIndex, variant, ds)
		for range 30 {
			if slices.Contains(c.next(), "d1") {
				c.update("d1", opsync.Working, nil, "")
				return
			}
			w.Sleep(10 * time.Millisecond)
		}
	})
	wg.Wait()
	newOpClient(w, d, 3, opsync.ToolIndex, variant, ds).next()
	newOpClient(w, d, 4, opsync.Index, variant, ds).next()
}

// pipeline runs one cron per component; every cron polls Next and
// processes what it lists, counting the work it did. It returns what went
// wrong, or "".
func pipeline(w sim.Runtime, variant string) string {
	d := db.New(w, "pbench")
	datasets := []string{"d1", "d2"}
	steps := []struct {
		comp    opsync.Name
		enables []opsync.Name
	}{
		{opsync.Backup, nil},
		{opsync.Unpack, []opsync.Name{opsync.Index}},
		{opsync.Index, []opsync.Name{opsync.ToolIndex}},
		{opsync.ToolIndex, nil},
	}
	done := map[opsync.Name]map[string]int{}
	uploaded := map[string]bool{}
	var mu sync.Mutex // the counts are shared by real goroutines when run natively
	wg := w.NewWaitGroup("crons")
	// A cron stops once the crons it waits for have stopped and a round
	// finds nothing to do, not after a fixed number of rounds: any of them
	// may be slow (a timer can fire while it still runs), and a cron that
	// gave up early would leave work undone that the check then blames.
	finished := make([]atomic.Bool, len(steps))
	var uploadDone atomic.Bool
	upstream := map[opsync.Name]*atomic.Bool{opsync.Backup: &uploadDone, opsync.Unpack: &uploadDone}
	goGroup(w, wg, "upload", func() {
		defer uploadDone.Store(true)
		c := newOpClient(w, d, 0, opsync.Upload, variant, datasets)
		for _, ds := range datasets {
			// A failed upload is reported to its client; only what was
			// uploaded must flow through.
			ok := c.update(ds, opsync.OK, []opsync.Name{opsync.Backup, opsync.Unpack}, "") == nil
			mu.Lock()
			uploaded[ds] = ok
			mu.Unlock()
			w.Sleep(30 * time.Millisecond)
		}
	})
	for _, st := range steps { // before any cron starts: they read done
		done[st.comp] = map[string]int{}
	}
	for k, st := range steps {
		for _, e := range st.enables {
			upstream[e] = &finished[k]
		}
	}
	for k, st := range steps {
		goGroup(w, wg, string(st.comp), func() {
			defer finished[k].Store(true)
			c := newOpClient(w, d, 1+k, st.comp, variant, datasets)
			for round := 0; ; round++ {
				quiet := upstream[st.comp].Load()
				work := c.next()
				for _, ds := range work {
					mu.Lock()
					done[st.comp][ds]++ // the work itself
					mu.Unlock()
					c.update(ds, opsync.OK, st.enables, "")
				}
				if quiet && ((len(work) == 0 && c.listErr == nil) || round >= 50) {
					return
				}
				w.Sleep(50 * time.Millisecond)
			}
		})
	}
	wg.Wait()
	for _, st := range steps {
		for _, ds := range datasets {
			if n := done[st.comp][ds]; uploaded[ds] && n != 1 {
				return fmt.Sprintf("%s ran %d times on uploaded dataset %s, want exactly once", st.comp, n, ds)
			}
		}
	}
	return ""
}

// goGroup runs fn in a new thread counted by wg.
func goGroup(rt sim.Runtime, wg sim.Group, name string, fn func()) {
	wg.Add(1)
	rt.Go(name, func() {
		defer wg.Done()
		fn()
	})
}
