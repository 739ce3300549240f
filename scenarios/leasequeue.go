package scenarios

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/impl/leasequeue"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
)

// Scenarios of Phabricator Drydock's lease release (seed 002, spec 3).

var leaseVariants = []explore.Variant{
	{Name: "buggy", Expect: results.Violation, Note: "each caller checks its own copy and releases in its own process"},
	{Name: "fixed", Expect: results.Clean, Note: "callers queue a command; one worker consumes it under the lease's lock"},
	{Name: "fixed-atomic-close", Expect: results.Clean, Note: "fixed, and a resource close queues its leases' releases in its own transaction"},
}

func leaseVariant(name string) leasequeue.Variant {
	switch name {
	case "buggy":
		return leasequeue.Buggy
	case "fixed-atomic-close":
		return leasequeue.AtomicClose
	}
	return leasequeue.Fixed
}

// sweeps bounds the daemon's runs of the tasks left undone: more than the
// faults of any plan the catalogue runs with.
const sweeps = 12

// leaseFaults is the plan under which the shipped close loses its leases'
// releases: workers crash, lose their connection, fail to commit, wait
// past their lock.
var leaseFaults = sim.FaultPlan{Rules: []sim.FaultRule{
	{Kind: sim.FaultCrash, Rate: 0.1, Budget: 2},
	{Kind: db.FaultDisconnect, Rate: 0.3, Budget: 4},
	{Kind: db.FaultSerialization, Rate: 0.3, Budget: 2},
	// The default delays: a trace does not record a rule's own Delays, so
	// a finding under them would not replay (sim.FaultPlan.String).
	{Kind: sim.FaultSleep, Rate: 0.2, Budget: 3},
}}

var leaseModel = model.NewLeaseModel(map[string]string{"L1": leasequeue.Active, "L2": leasequeue.Pending}).Porcupine()

// drydock is one scenario's Drydock, with the calls its harness records.
type drydock struct {
	*leasequeue.Drydock
	rt      sim.Runtime
	mu      sync.Mutex // the harness's own counters, for real goroutines
	clients int
	queued  map[string]int // releases that returned "queued", by lease or resource
}

// client returns a new client id for the history.
func (d *drydock) client() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.clients++
	return d.clients - 1
}

// newDrydock seeds resource R1 open, lease L1 active on it (holding its
// slot lock) and lease L2 pending on it.
func newDrydock(rt sim.Runtime, variant string) *drydock {
	d := &drydock{Drydock: leasequeue.New(db.New(rt, "phabricator"), rt, leaseVariant(variant)), rt: rt, queued: map[string]int{}}
	d.AddResource("R1", leasequeue.Open)
	d.AddLease("L1", "R1", leasequeue.Active)
	d.AddLease("L2", "R1", leasequeue.Pending)
	return d
}

// release is one caller (web, cli, destructor) releasing its copy of a
// lease the way its variant does, recorded.
func (d *drydock) release(by, lease string) {
	client := d.client()
	c := d.DB.Open(by)
	l, err := d.Load(c, lease)
	if err != nil {
		return
	}
	d.rt.Yield(by + ": holds its copy") // the copy ages while the caller works
	call := model.LeaseRequestRelease
	if d.Variant == leasequeue.Buggy {
		call = model.LeaseRelease
		if by == "destructor" {
			call = model.LeaseReleaseAsDtor
		}
	}
	id := d.rt.Begin(client, model.LeaseInput{Call: call, Lease: lease, By: by})
	var out leasequeue.Outcome
	if d.Variant == leasequeue.Buggy {
		out, err = d.Release(c, l, by, by == "destructor")
	} else {
		out, err = d.RequestRelease(c, l, by)
	}
	if err == nil {
		d.rt.End(id, string(out))
	} // an error leaves the call open: its outcome is unknown
	if out == leasequeue.OutQueued && err == nil {
		d.mu.Lock()
		d.queued[lease]++
		d.mu.Unlock()
	}
}

// acquire is the allocator activating a lease, recorded.
func (d *drydock) acquire(lease string) {
	client := d.client()
	id := d.rt.Begin(client, model.LeaseInput{Call: model.LeaseAcquire, Lease: lease, By: "allocator"})
	if out, err := d.Acquire(d.DB.Open("allocator"), lease); err == nil {
		d.rt.End(id, string(out))
	}
}

// close is a resource close, as its variant does it.
func (d *drydock) close(res string) {
	c := d.DB.Open("closer")
	if d.Variant == leasequeue.Buggy {
		d.CloseResource(c, res)
		return
	}
	if out, err := d.ReleaseResource(c, res, "web"); err == nil && out == leasequeue.OutQueued {
		d.mu.Lock()
		d.queued[res]++
		d.mu.Unlock()
	}
}

// check waits for the system to be quiet, lets the daemon run the tasks
// whose workers crashed, and checks the invariants of spec 3.4: at most one
// release per lease, slot locks held only by live leases, no active lease
// on a closed resource, and (fixed) every release that returned "queued"
// for a lease that is active applied, and every close that returned
// "queued" applied (spec 3.4's liveness post-condition: a requester that
// crashed before it was told is owed nothing). It returns what is wrong.
func (d *drydock) check(quiesce func()) string {
	quiesce()
	c := d.DB.Open("daemon")
	if d.Variant != leasequeue.Buggy {
		// The daemon runs the tasks left undone until none is: each fault
		// of the plan spoils at most one attempt or one sweep.
		for range sweeps {
			if len(d.DB.PeekScan(leasequeue.Tasks, db.Eq("done", false))) == 0 {
				break
			}
			d.Sweep(c)
			quiesce()
		}
	}
	var problems []string
	releases := map[string]int{}
	for _, r := range d.DB.PeekScan(leasequeue.ReleaseLog) {
		releases[r["lease"].(string)]++
	}
	for _, l := range d.DB.PeekScan(leasequeue.Leases) {
		id, status := l["id"].(string), l["status"].(string)
		if n := releases[id]; n > 1 {
			problems = append(problems, fmt.Sprintf("lease %s was released %d times", id, n))
		}
		res, _ := d.DB.Peek(leasequeue.Resources, l["resource"].(string))
		if status == leasequeue.Active && res["status"] == leasequeue.Closed {
			problems = append(problems, fmt.Sprintf("lease %s is active on closed resource %s", id, l["resource"]))
		}
		d.mu.Lock()
		n := d.queued[id]
		d.mu.Unlock()
		if d.Variant != leasequeue.Buggy && status == leasequeue.Active && n > 0 {
			problems = append(problems, fmt.Sprintf("lease %s is still active after %d release request(s) returned queued", id, n))
		}
	}
	for _, r := range d.DB.PeekScan(leasequeue.Resources) {
		id := r["id"].(string)
		d.mu.Lock()
		n := d.queued[id]
		d.mu.Unlock()
		if d.Variant != leasequeue.Buggy && r["status"] == leasequeue.Open && n > 0 {
			problems = append(problems, fmt.Sprintf("resource %s is still open after %d close request(s) returned queued", id, n))
		}
	}
	for _, s := range d.DB.PeekScan(leasequeue.SlotLocks) {
		owner := s["owner"].(string)
		if l, ok := d.DB.Peek(leasequeue.Leases, owner); ok && l["status"] != leasequeue.Active && l["status"] != leasequeue.Acquired {
			problems = append(problems, fmt.Sprintf("%s lease %s still holds a slot lock", l["status"], owner))
		}
	}
	return strings.Join(problems, "; ")
}

// leaseProgram wraps a workload (which starts the callers) with the
// harness's final check. Callers may crash, so the harness waits for
// quiescence rather than for them to report.
func leaseProgram(workload func(d *drydock)) func(w *sim.World, variant string) {
	return func(w *sim.World, variant string) {
		w.Protect()
		d := newDrydock(w.Runtime(), variant)
		workload(d)
		if problem := d.check(w.Quiesce); problem != "" {
			w.Fail("invariant", "%s", problem)
		}
	}
}

// leaseNative is the same on real goroutines, where nothing crashes: the
// harness waits for every goroutine the system started, callers and
// workers alike.
func leaseNative(workload func(d *drydock)) func(rt sim.Runtime, variant string) string {
	return func(rt sim.Runtime, variant string) string {
		crt := &countingRuntime{Runtime: rt}
		d := newDrydock(crt, variant)
		d.RetryDelay, d.LockWait = time.Millisecond, 100*time.Millisecond
		workload(d)
		return d.check(crt.wg.Wait)
	}
}

// countingRuntime counts the goroutines started through it, and theirs.
type countingRuntime struct {
	sim.Runtime
	wg sync.WaitGroup
}

func (c *countingRuntime) Go(name string, fn func()) {
	c.wg.Add(1)
	c.Runtime.Go(name, func() {
		defer c.wg.Done()
		fn()
	})
}

var (
	leaseDoubleRelease = &explore.Scenario{
		Name:     "leasequeue/double-release",
		Doc:      "the web UI, the CLI and a destructor release one active lease at once",
		Variants: leaseVariants,
		Model:    &leaseModel,
		Budget:   500,
		Program:  leaseProgram(doubleRelease),
		Native:   leaseNative(doubleRelease),
	}
	leaseCloseVsAcquire = &explore.Scenario{
		Name:     "leasequeue/close-vs-acquire",
		Doc:      "a resource is closed while the allocator activates a pending lease on it",
		Variants: leaseVariants,
		Model:    &leaseModel,
		Budget:   500,
		Program:  leaseProgram(closeVsAcquire),
		Native:   leaseNative(closeVsAcquire),
	}
	leaseWorkerFaults = &explore.Scenario{
		Name: "leasequeue/worker-faults",
		Doc:  "the web UI releases one active lease while the allocator activates another and the CLI then releases it, as workers crash, lose their connection or wait past their lock timeout",
		Variants: []explore.Variant{
			{Name: "fixed", Expect: results.Clean, Note: "the status guard makes a re-run harmless; a dropped connection frees its lock"},
			{Name: "fixed-atomic-close", Expect: results.Clean, Note: "the same release path"},
		},
		Model:   &leaseModel,
		Faults:  leaseFaults,
		Budget:  2000,
		Program: leaseProgram(releaseOnce),
	}
	leaseCloseUnderFaults = &explore.Scenario{
		Name: "leasequeue/close-under-faults",
		Doc:  "the operator closes a resource while the allocator activates a pending lease on it, as workers crash, lose their connection or wait past their lock timeout",
		Variants: []explore.Variant{
			{Name: "fixed", Expect: results.Violation, Note: "shipped: the close commits, then queues its leases' releases; a crash between leaves them active on a closed resource"},
			{Name: "fixed-atomic-close", Expect: results.Clean, Note: "the close and its leases' releases commit together"},
		},
		Model:   &leaseModel,
		Faults:  leaseFaults,
		Budget:  2000,
		Program: leaseProgram(closeVsAcquire),
	}
	leaseRandom = &explore.Scenario{
		Name:     "leasequeue/random-ops",
		Doc:      "2-3 callers release, activate and close at random, drawn from the seed",
		Variants: leaseVariants,
		Model:    &leaseModel,
		Budget:   1000,
		Program:  leaseProgram(randomLeaseOps),
		Native:   leaseNative(randomLeaseOps),
	}
)

func doubleRelease(d *drydock) {
	for _, by := range []string{"web", "cli", "destructor"} {
		d.rt.Go(by, func() { d.release(by, "L1") })
	}
}

// releaseOnce gives each lease one release request: a lost request is
// not masked by another caller's.
func releaseOnce(d *drydock) {
	d.rt.Go("web", func() { d.release("web", "L1") })
	d.rt.Go("allocator", func() {
		d.acquire("L2")
		d.release("cli", "L2")
	})
}

func closeVsAcquire(d *drydock) {
	d.rt.Go("closer", func() { d.close("R1") })
	d.rt.Go("allocator", func() { d.acquire("L2") })
}

func randomLeaseOps(d *drydock) {
	callers := []string{"web", "cli", "destructor"}[:2+d.rt.Intn(2)]
	for _, by := range callers {
		ops := make([]int, 1+d.rt.Intn(2))
		for i := range ops {
			ops[i] = d.rt.Intn(4)
		}
		d.rt.Go(by, func() {
			for _, op := range ops {
				switch op {
				case 0:
					d.release(by, "L1")
				case 1:
					d.release(by, "L2")
				case 2:
					d.acquire("L2")
				case 3:
					d.close("R1")
				}
			}
		})
	}
}
