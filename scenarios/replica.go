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
	// inflight and started count pushes, to tell a refusal that raced
	// another push from one that had no reason.
	inflight, started int
	interrupted       int
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

// push records one push and returns its output ("" when unknown).
func (h *replicaHarness) push(dev, commit string) string {
	return h.pushOn(h.devices[dev], dev, commit)
}

// pushOn pushes through one session of device dev.
func (h *replicaHarness) pushOn(session *replica.Device, dev, commit string) string {
	id := h.rt.Begin(h.client(), model.ReplicaInput{Op: model.ReplicaPush, Dev: dev, Commit: commit})
	h.mu.Lock()
	racing, started := h.inflight > 0, h.started
	h.inflight++
	h.started++
	h.mu.Unlock()
	err := session.Push(commit)
	h.mu.Lock()
	h.inflight--
	racing = racing || h.started > started+1
	h.mu.Unlock()
	out := model.PushOK
	switch {
	case errors.Is(err, replica.ErrFrozen):
		out = model.PushFrozen
		if racing {
			out = model.PushFrozenRacing
		}
		h.mu.Lock()
		h.refused++
		h.mu.Unlock()
	case errors.Is(err, replica.ErrLockTimeout):
		out = model.PushTimeout
	case errors.Is(err, replica.ErrInterrupted):
		out = model.PushInterrupted
		h.mu.Lock()
		h.interrupted++
		h.mu.Unlock()
	case err != nil:
		out = model.PushError // failed before writing: the write path retries or reports interrupted
	}
	h.rt.End(id, out)
	return out
}

func (h *replicaHarness) fetch(dev string) bool { return h.fetchOn(h.devices[dev], dev) }

// fetchOn reads through one session of device dev, and reports whether
// the read succeeded.
func (h *replicaHarness) fetchOn(session *replica.Device, dev string) bool {
	id := h.rt.Begin(h.client(), model.ReplicaInput{Op: model.ReplicaFetch, Dev: dev})
	commits, err := session.Fetch()
	out := strings.Join(commits, " ")
	if err != nil {
		out = model.FetchError
	}
	h.rt.End(id, out)
	return err == nil
}

// settle is the operator after the writes (the runbook's "Write
// Interruptions"): until every device can push again, thaw a frozen
// repository by demoting the interrupted device (once the others have
// caught up) and push a check commit
// through each device; then read on every device. A fault spoils at most
// one round (a thaw or a push), so a plan of at most faults faults leaves
// a correct system a clean round: failing them all is a finding. (At
// least minRounds, so that a heavier plan given with --faults is covered.)
func (h *replicaHarness) settle(faults int, devices ...string) string {
	if h.interrupted > 0 && faults < h.c.Retries {
		// Each of the after-write's attempts fails only by a fault.
		return fmt.Sprintf("a push was reported interrupted although at most %d fault(s) could hit its %d attempts", faults, h.c.Retries)
	}
	if dev, frozen := h.c.Frozen(); frozen && h.interrupted == 0 && h.inflight == 0 {
		// Only a push that reported interrupted, or never returned (its
		// thread crashed), may leave its write marked.
		return fmt.Sprintf("the repository is frozen by %s although every push returned and none was interrupted", dev)
	}
	faults = max(faults, minRounds-1)
	for _, d := range devices {
		ok := false
		for r := 0; r <= faults && !ok; r++ {
			if dev, frozen := h.c.Frozen(); frozen {
				// The careful operator first lets every other device catch
				// up (reads work while frozen), so that demoting the
				// interrupted one cannot lose a write it alone had.
				caughtUp := true
				for _, other := range devices {
					if other != dev {
						caughtUp = h.fetch(other) && caughtUp
					}
				}
				if !caughtUp {
					continue
				}
				id := h.rt.Begin(h.client(), model.ReplicaInput{Op: model.ReplicaThaw, Dev: dev})
				if h.c.Thaw(h.c.DB.Open("operator"), dev) != nil {
					continue
				}
				h.rt.End(id, model.PushOK)
			}
			ok = h.push(d, fmt.Sprintf("check-%s%d", strings.ToLower(d), r)) == model.PushOK
		}
		if !ok {
			return fmt.Sprintf("device %s could not push again in %d rounds of thaw and push", d, faults+1)
		}
	}
	for _, d := range devices {
		h.fetch(d)
	}
	return ""
}

// minRounds is the fewest rounds settle tries: more than the faults of any
// plan the catalogue is run with.
const minRounds = 12

// waitAll waits for the threads wg counts; under the simulator, until no
// other thread can run, since a crashed thread never says it is done.
func waitAll(rt sim.Runtime, wg sim.Group) {
	if w, ok := sim.WorldOf(rt); ok {
		w.Quiesce()
		return
	}
	wg.Wait()
}

// faultBudget is the most faults a plan injects in one run.
func faultBudget(p sim.FaultPlan) int {
	n := 0
	for _, r := range p.Rules {
		n += r.Budget
	}
	return n
}

var (
	replicaFaults = sim.FaultPlan{Rules: []sim.FaultRule{{Kind: db.FaultDisconnect, Rate: 0.3, Budget: 1}}}
	// replicaScattered drops a few connections anywhere in the run, the
	// operator's reads and pushes included.
	replicaScattered = sim.FaultPlan{Rules: []sim.FaultRule{{Kind: db.FaultDisconnect, Rate: 0.05, Budget: 3}}}
	// replicaOutage drops connections often enough to exhaust the fixed
	// after-write's five attempts, so the interrupted path runs.
	replicaOutage = sim.FaultPlan{Rules: []sim.FaultRule{{Kind: db.FaultDisconnect, Rate: 0.6, Budget: 8}}}
)

// replicaScenario builds a scenario of the three variants from a workload
// that returns what went wrong.
func replicaScenario(name, doc string, variants []explore.Variant, plan sim.FaultPlan, budget int,
	workload func(rt sim.Runtime, variant string, faults int) string) *explore.Scenario {
	return &explore.Scenario{
		Name: name, Doc: doc, Variants: variants, Model: &replicaModel, Faults: plan, Budget: budget,
		Program: func(w *sim.World, variant string) {
			w.Protect() // the operator's checks must run
			if problem := workload(w.Runtime(), variant, faultBudget(plan)); problem != "" {
				w.Fail("invariant", "%s", problem)
			}
		},
		Native: func(rt sim.Runtime, variant string) string { return workload(rt, variant, faultBudget(plan)) },
	}
}

var (
	replicaDisconnect = replicaScenario("replica/disconnect-during-push",
		"two devices push at once while database connections drop; then the operator thaws and every device pushes and reads",
		[]explore.Variant{
			{Name: "lock-only", Expect: results.Violation, Note: "the lock dies with the connection: an acknowledged push is lost"},
			{Name: "shipped", Expect: results.Violation, Note: "the first push freezes the repository though acknowledged; thawing by the runbook loses it"},
			{Name: "fixed", Expect: results.Clean, Note: "isWriting freezes the repository instead; nothing acknowledged is lost"},
		}, replicaFaults, 500, disconnectWorkload)
	replicaFirstPush = replicaScenario("replica/first-push",
		"pushes one after the other to a new repository, with no fault at all: none may be refused",
		[]explore.Variant{
			{Name: "lock-only", Expect: results.Clean, Note: "no fault, no hazard"},
			{Name: "shipped", Expect: results.Violation, Note: "the first write inserts version 1, after-write expects 0: frozen (seed 4b)"},
			{Name: "fixed", Expect: results.Clean, Note: "the first insert is version 0 (368d2d1d)"},
		}, sim.FaultPlan{}, 100, firstPushWorkload)
	replicaReadYourWrites = replicaScenario("replica/read-your-writes",
		"two devices each push and then read while a second session pushes and reads through the first, under dropped connections: every read includes every acknowledged push",
		[]explore.Variant{
			{Name: "lock-only", Expect: results.Violation, Note: "a push acknowledged on a diverged copy is overwritten"},
			{Name: "shipped", Expect: results.Violation, Note: "its first-push freeze, thawed by the runbook, loses an acknowledged push"},
			{Name: "fixed", Expect: results.Clean, Note: "durable isWriting"},
		}, replicaScattered, 3000, readYourWritesWorkload)
	replicaRandom = replicaScenario("replica/random-ops",
		"2-3 devices push and fetch at random, drawn from the seed, the first with one or two sessions, under dropped connections",
		[]explore.Variant{
			{Name: "lock-only", Expect: results.Violation, Note: "writes lost when a connection drops"},
			{Name: "shipped", Expect: results.Violation, Note: "the first-push freeze"},
			{Name: "fixed", Expect: results.Clean, Note: "durable isWriting"},
		}, replicaScattered, 5000, randomReplicaWorkload)
	replicaOutageScenario = replicaScenario("replica/database-outage",
		"the database drops connections again and again while two devices push: a write it cannot record freezes the repository until the operator thaws it, and then every device pushes again",
		[]explore.Variant{
			{Name: "lock-only", Expect: results.Violation, Note: "writes lost when a connection drops"},
			{Name: "fixed", Expect: results.Clean, Note: "an unrecorded write freezes the repository; the thaw discards it, unacknowledged"},
		}, replicaOutage, 1000, dbOutageWorkload)
)

func disconnectWorkload(rt sim.Runtime, variant string, faults int) string {
	h := newReplicaHarness(rt, variant, "A", "B")
	wg := h.rt.NewWaitGroup("pushers")
	goGroup(h.rt, wg, "A", func() { h.push("A", "X") })
	goGroup(h.rt, wg, "B", func() { h.push("B", "Y") })
	waitAll(h.rt, wg)
	return h.settle(faults, "A", "B")
}

func dbOutageWorkload(rt sim.Runtime, variant string, faults int) string {
	h := newReplicaHarness(rt, variant, "A", "B")
	wg := h.rt.NewWaitGroup("pushers")
	goGroup(h.rt, wg, "A", func() { h.push("A", "a1"); h.push("A", "a2") })
	goGroup(h.rt, wg, "B", func() { h.push("B", "b1") })
	waitAll(h.rt, wg)
	return h.settle(faults, "A", "B")
}

func firstPushWorkload(rt sim.Runtime, variant string, _ int) string {
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

func readYourWritesWorkload(rt sim.Runtime, variant string, faults int) string {
	h := newReplicaHarness(rt, variant, "A", "B", "C")
	wg := h.rt.NewWaitGroup("devices")
	for _, dev := range []string{"A", "B"} {
		goGroup(h.rt, wg, dev, func() {
			h.push(dev, strings.ToLower(dev)+"1")
			h.fetch(dev)
		})
	}
	// A second session on A: another developer pushes and reads through
	// the same node. (A read there may see a write before it is
	// acknowledged, as git serves what is on disk; the model allows that.)
	second := h.c.Device("A")
	goGroup(h.rt, wg, "A2", func() { h.pushOn(second, "A", "a2"); h.fetchOn(second, "A") })
	waitAll(h.rt, wg)
	return h.settle(faults, "A", "B", "C")
}

func randomReplicaWorkload(rt sim.Runtime, variant string, faults int) string {
	devices := []string{"A", "B", "C"}[:2+rt.Intn(2)]
	h := newReplicaHarness(rt, variant, devices...)
	wg := rt.NewWaitGroup("devices")
	for _, dev := range devices {
		sessions := 1
		if dev == "A" {
			sessions += rt.Intn(2) // a second session on one device
		}
		for s := range sessions {
			session := h.devices[dev]
			if s > 0 {
				session = h.c.Device(dev)
			}
			ops := make([]int, 1+rt.Intn(3))
			for i := range ops {
				ops[i] = rt.Intn(2)
			}
			goGroup(rt, wg, fmt.Sprintf("%s%d", dev, s), func() {
				for i, op := range ops {
					if op == 0 {
						h.pushOn(session, dev, fmt.Sprintf("%s%d%d", strings.ToLower(dev), s, i))
					} else {
						h.fetchOn(session, dev)
					}
				}
			})
		}
	}
	waitAll(h.rt, wg)
	return h.settle(faults, devices...)
}
