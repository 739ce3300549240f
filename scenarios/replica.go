package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/impl/replica"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
)

// Scenarios of Phabricator's replicated repositories (seed 003, spec 4).

var replicaModel = model.Replica.Porcupine()

func replicaVariant(name string) replica.Variant {
	switch name {
	case "lock-only":
		return replica.LockOnly
	case "shipped":
		return replica.Shipped
	}
	return replica.Fixed
}

// replicaHarness records pushes and fetches on a cluster, and counts the
// pushes refused as frozen.
type replicaHarness struct {
	rt      sim.Runtime
	c       *replica.Cluster
	devices map[string]*replica.Device
	mu      sync.Mutex
	clients int
	refused int
}

func newReplicaHarness(rt sim.Runtime, variant string, devices ...string) *replicaHarness {
	h := &replicaHarness{rt: rt, c: replica.New(db.New(rt, "phabricator"), rt, replicaVariant(variant), "R", devices...),
		devices: map[string]*replica.Device{}}
	if _, simulated := sim.WorldOf(rt); !simulated {
		h.c.LockWait, h.c.RetryDelay = 200*time.Millisecond, time.Millisecond
	}
	for _, d := range devices {
		h.devices[d] = h.c.Device(d)
	}
	return h
}

func (h *replicaHarness) client() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.clients++
	return h.clients
}

func (h *replicaHarness) push(dev, commit string) {
	id := h.rt.Begin(h.client(), model.ReplicaInput{Op: model.ReplicaPush, Dev: dev, Commit: commit})
	err := h.devices[dev].Push(commit)
	out := model.PushOK
	switch {
	case errors.Is(err, replica.ErrFrozen):
		out = model.PushFrozen
		h.mu.Lock()
		h.refused++
		h.mu.Unlock()
	case errors.Is(err, replica.ErrLockTimeout):
		out = model.PushTimeout
	case errors.Is(err, replica.ErrInterrupted):
		out = model.PushInterrupted
	case err != nil:
		return // a lost connection: the outcome stays unknown
	}
	h.rt.End(id, out)
}

func (h *replicaHarness) fetch(dev string) {
	id := h.rt.Begin(h.client(), model.ReplicaInput{Op: model.ReplicaFetch, Dev: dev})
	commits, err := h.devices[dev].Fetch()
	out := strings.Join(commits, " ")
	if err != nil {
		out = model.FetchError
	}
	h.rt.End(id, out)
}

// settle is the operator after the writes: thaw a frozen repository by
// demoting the interrupted device (the runbook's "Write Interruptions"),
// then read on every device.
func (h *replicaHarness) settle(devices ...string) {
	if dev, frozen := h.c.Frozen(); frozen {
		id := h.rt.Begin(0, model.ReplicaInput{Op: model.ReplicaThaw, Dev: dev})
		if h.c.Thaw(h.c.DB.Open("operator"), dev) == nil {
			h.rt.End(id, model.PushOK)
		}
	}
	for _, d := range devices {
		h.fetch(d)
	}
}

var replicaFaults = sim.FaultPlan{Rules: []sim.FaultRule{{Kind: db.FaultDisconnect, Rate: 0.3, Budget: 1}}}

var (
	replicaDisconnect = &explore.Scenario{
		Name: "replica/disconnect-during-push",
		Doc:  "two devices push at once while database connections drop; then the operator thaws and every device reads",
		Variants: []explore.Variant{
			{Name: "lock-only", Expect: results.Violation, Note: "the lock dies with the connection: an acknowledged push is lost"},
			{Name: "shipped", Expect: results.Violation, Note: "the first push freezes the repository though acknowledged; thawing by the runbook loses it"},
			{Name: "fixed", Expect: results.Clean, Note: "isWriting freezes the repository instead; nothing acknowledged is lost"},
		},
		Model:   &replicaModel,
		Faults:  replicaFaults,
		Budget:  500,
		Program: func(w *sim.World, variant string) { disconnectWorkload(w.Runtime(), variant) },
		Native:  func(rt sim.Runtime, variant string) string { disconnectWorkload(rt, variant); return "" },
	}
	replicaFirstPush = &explore.Scenario{
		Name: "replica/first-push",
		Doc:  "pushes one after the other to a new repository, with no fault at all: none may be refused",
		Variants: []explore.Variant{
			{Name: "lock-only", Expect: results.Clean, Note: "no fault, no hazard"},
			{Name: "shipped", Expect: results.Violation, Note: "the first write inserts version 1, after-write expects 0: frozen (seed 4b)"},
			{Name: "fixed", Expect: results.Clean, Note: "the first insert is version 0 (368d2d1d)"},
		},
		Model:  &replicaModel,
		Budget: 100,
		Program: func(w *sim.World, variant string) {
			if problem := firstPushWorkload(w.Runtime(), variant); problem != "" {
				w.Fail("invariant", "%s", problem)
			}
		},
		Native: firstPushWorkload,
	}
	replicaReadYourWrites = &explore.Scenario{
		Name: "replica/read-your-writes",
		Doc:  "three devices each push and then read, under dropped connections: every read includes every acknowledged push",
		Variants: []explore.Variant{
			{Name: "lock-only", Expect: results.Violation, Note: "a push acknowledged on a diverged copy is overwritten"},
			{Name: "shipped", Expect: results.Violation, Note: "its first-push freeze, thawed by the runbook, loses an acknowledged push"},
			{Name: "fixed", Expect: results.Clean, Note: "durable isWriting"},
		},
		Model:   &replicaModel,
		Faults:  replicaFaults,
		Budget:  500,
		Program: func(w *sim.World, variant string) { readYourWritesWorkload(w.Runtime(), variant) },
		Native:  func(rt sim.Runtime, variant string) string { readYourWritesWorkload(rt, variant); return "" },
	}
	replicaRandom = &explore.Scenario{
		Name: "replica/random-ops",
		Doc:  "2-3 devices push and fetch at random, drawn from the seed, under dropped connections",
		Variants: []explore.Variant{
			{Name: "lock-only", Expect: results.Violation, Note: "writes lost when a connection drops"},
			{Name: "shipped", Expect: results.Violation, Note: "the first-push freeze"},
			{Name: "fixed", Expect: results.Clean, Note: "durable isWriting"},
		},
		Model:   &replicaModel,
		Faults:  replicaFaults,
		Budget:  1000,
		Program: func(w *sim.World, variant string) { randomReplicaWorkload(w.Runtime(), variant) },
		Native:  func(rt sim.Runtime, variant string) string { randomReplicaWorkload(rt, variant); return "" },
	}
)

func disconnectWorkload(rt sim.Runtime, variant string) {
	h := newReplicaHarness(rt, variant, "A", "B")
	wg := h.rt.NewWaitGroup("pushers")
	goGroup(h.rt, wg, "A", func() { h.push("A", "X") })
	goGroup(h.rt, wg, "B", func() { h.push("B", "Y") })
	wg.Wait()
	h.settle("A", "B")
}

func firstPushWorkload(rt sim.Runtime, variant string) string {
	h := newReplicaHarness(rt, variant, "A", "B")
	h.push("A", "c1")
	h.push("A", "c2")
	h.push("B", "c3")
	h.fetch("A")
	h.fetch("B")
	if h.refused > 0 {
		return fmt.Sprintf("%d push(es) refused as frozen although no fault was injected", h.refused)
	}
	return ""
}

func readYourWritesWorkload(rt sim.Runtime, variant string) {
	h := newReplicaHarness(rt, variant, "A", "B", "C")
	wg := h.rt.NewWaitGroup("devices")
	for _, dev := range []string{"A", "B"} {
		goGroup(h.rt, wg, dev, func() {
			h.push(dev, strings.ToLower(dev)+"1")
			h.fetch(dev)
		})
	}
	wg.Wait()
	h.settle("A", "B", "C")
}

func randomReplicaWorkload(rt sim.Runtime, variant string) {
	devices := []string{"A", "B", "C"}[:2+rt.Intn(2)]
	h := newReplicaHarness(rt, variant, devices...)
	wg := rt.NewWaitGroup("devices")
	for _, dev := range devices {
		ops := make([]int, 1+rt.Intn(3))
		for i := range ops {
			ops[i] = rt.Intn(2)
		}
		goGroup(rt, wg, dev, func() {
			for i, op := range ops {
				if op == 0 {
					h.push(dev, fmt.Sprintf("%s%d", strings.ToLower(dev), i))
				} else {
					h.fetch(dev)
				}
			}
		})
	}
	wg.Wait()
	h.settle(devices...)
}
