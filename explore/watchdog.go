package explore

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
)

// DefaultScheduleTimeout is the wall time one schedule may go without
// progress (World.Progress, every 1024 steps) before the watchdog ends the
// exploration with a hang finding. A schedule of the catalogue takes well
// under a millisecond; one that steps nowhere for seconds is stuck in code
// racelab does not control.
const DefaultScheduleTimeout = 10 * time.Second

// A thread of a World runs until its next yield point with nobody watching:
// if it blocks on a real sync.Mutex, a real channel or a syscall, or loops
// without yielding, the whole schedule stops where it is, and with it the
// exploration, until `go test -timeout` kills the process. The watchdog
// turns that into a finding. It cannot unblock the thread: the schedule's
// goroutines are abandoned where they stand (they hold nothing of the
// exploration's), and the finding names where the thread is stuck.

// slot is what one worker is running, for the watchdog to read.
type slot struct {
	goroutine string       // the worker's goroutine id: its schedules' goroutines descend from it
	start     atomic.Int64 // realNow of the schedule's start, or of its last progress, in ns; 0: idle
	schedule  atomic.Int64
	world     atomic.Pointer[sim.World] // the schedule's World, once its program started
	seen      int64                     // its Progress when the watchdog last looked (the watchdog's own)
	abandoned bool                      // set under the exploration's lock: the worker must not record anything
}

func (s *slot) begin(i int) {
	s.world.Store(nil)
	s.schedule.Store(int64(i))
	s.start.Store(realNow().UnixNano())
}

func (s *slot) end() { s.start.Store(0) }

// progressed reports whether the slot's schedule took steps since the
// watchdog last looked: a long schedule that goes on stepping (a livelock
// on its way to the step limit, on a loaded machine) is not hung.
func (s *slot) progressed() bool {
	w := s.world.Load()
	if w == nil {
		return false
	}
	p := w.Progress()
	moved := p != s.seen
	s.seen = p
	return moved
}

// hang is a schedule the watchdog gave up on.
type hang struct {
	schedule int
	after    time.Duration
	stacks   []goroutineStack
}

// onWatchedWorkers runs work on n workers of pool (nil: a pool of its own
// for this call), each with its own slot, and waits for them, except for a
// worker whose schedule runs longer than timeout: it is marked abandoned
// (under lock) and left behind, and its schedule is returned as a hang;
// stop is then called, so that the others stop taking schedules. timeout
// <= 0 watches nothing.
func onWatchedWorkers(pool *Pool, n int, timeout time.Duration, lock sync.Locker, stop func(), work func(*slot, *sim.Pool)) []hang {
	if pool == nil {
		pool = NewPool()
		defer pool.Close()
	}
	ws := pool.acquire(n)
	slots := make([]*slot, n)
	exited := make(chan int, n)
	for i, w := range ws {
		got := make(chan struct{})
		w.jobs <- func(s *slot, coroutines *sim.Pool) {
			slots[i] = s
			close(got)
			work(s, coroutines)
		}
		<-got
		go func() {
			<-w.done
			exited <- i
		}()
	}
	var tick <-chan time.Time
	if timeout > 0 {
		t := time.NewTicker(min(max(timeout/4, time.Millisecond), time.Second))
		defer t.Stop()
		tick = t.C
	}
	var hangs []hang
	gone := map[int]bool{}
	for len(gone) < n {
		select {
		case i := <-exited:
			gone[i] = true
		case <-tick:
			now := realNow().UnixNano()
			for i, s := range slots {
				start := s.start.Load()
				if gone[i] || start == 0 {
					continue
				}
				if s.progressed() {
					s.start.CompareAndSwap(start, now)
					continue
				}
				if time.Duration(now-start) < timeout {
					continue
				}
				lock.Lock()
				s.abandoned = true
				lock.Unlock()
				gone[i] = true
				hangs = append(hangs, hang{schedule: int(s.schedule.Load()), after: time.Duration(now - start), stacks: stuckGoroutines(s.goroutine)})
				stop()
			}
		}
	}
	back := make([]*worker, 0, n)
	for i, w := range ws {
		if !slots[i].abandoned {
			back = append(back, w)
		}
	}
	pool.release(back)
	return hangs
}

// runWatched runs one schedule on a goroutine of its own and gives up on it
// after timeout (<= 0: never): the shrinker and the flip search try
// schedules that exploration never ran, and one of them may hang.
func (e *explorer) runWatched(src sim.Source, timeout time.Duration) (*sim.Result, bool) {
	if timeout <= 0 {
		return e.run(src, false), true
	}
	done := make(chan *sim.Result, 1)
	go func() { done <- e.run(src, false) }()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case res := <-done:
		return res, true
	case <-t.C:
		return nil, false
	}
}

// goroutineStack is one goroutine of a runtime.Stack dump.
type goroutineStack struct {
	state string // "sync.Mutex.Lock", "chan receive", "running", ...
	stack string
}

// goroutineID is the id of the calling goroutine, as stack dumps print it.
func goroutineID() string {
	var buf [64]byte
	f := strings.Fields(string(buf[:runtime.Stack(buf[:], false)]))
	if len(f) < 2 {
		return ""
	}
	return f[1]
}

// stuckGoroutines returns the goroutines that descend from the worker's
// goroutine (a thread's coroutine is created by iter.Pull on the goroutine
// that spawns it) and are not parked by the scheduler (a parked coroutine
// waits in state "coroutine"): blocked on something else, or running
// without yielding.
func stuckGoroutines(worker string) []goroutineStack {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	type g struct {
		state, parent, stack string
	}
	all := map[string]g{}
	var order []string
	for _, text := range strings.Split(string(buf), "\n\n") {
		head, _, _ := strings.Cut(text, "\n")
		f := strings.Fields(head)
		open, end := strings.Index(head, "["), strings.Index(head, "]")
		if len(f) < 2 || f[0] != "goroutine" || open < 0 || end < open {
			continue
		}
		state, _, _ := strings.Cut(head[open+1:end], ",")
		parent := ""
		if i := strings.LastIndex(text, " in goroutine "); i >= 0 {
			parent = strings.Fields(text[i+len(" in goroutine "):])[0]
		}
		all[f[1]] = g{state: state, parent: parent, stack: text}
		order = append(order, f[1])
	}
	descends := func(id string) bool {
		for range len(all) + 1 { // bounded: ids could in principle be reused
			p, ok := all[id]
			if !ok {
				return false
			}
			if p.parent == worker {
				return true
			}
			id = p.parent
		}
		return false
	}
	var out []goroutineStack
	for _, id := range order {
		gr := all[id]
		if gr.state == "coroutine" || !strings.Contains(gr.stack, "github.com/racelab/racelab/sim.(*thread).run") || !descends(id) {
			continue
		}
		out = append(out, goroutineStack{state: gr.state, stack: gr.stack})
	}
	return out
}

// hangFinding is the finding of a schedule the watchdog gave up on. It
// cannot be replayed here or shrunk: it would hang again.
func (e *explorer) hangFinding(h hang) results.Finding {
	f := results.Finding{Kind: "hang", Seed: e.seed, Schedule: h.schedule, Replay: e.replayCommand(h.schedule),
		Trace: sim.Trace{Schema: sim.TraceSchema, Scenario: e.sc.Name, Variant: e.variant.Name, Seed: e.seed, Schedule: h.schedule,
			Strategy: e.strategyName(), Faults: e.plan.String(), Race: e.race, Preempt: e.preempt}}
	where := "a thread"
	for _, g := range h.stacks {
		t := results.Thread{Name: "goroutine " + strings.Fields(g.stack)[1], Involved: true, WaitsOn: g.state, Stack: g.stack, At: codeFrame(g.stack)}
		f.Threads = append(f.Threads, t)
		if where == "a thread" {
			where = fmt.Sprintf("a thread is %s at %s", describeState(g.state), orUnknown(t.At))
		}
	}
	f.Message = fmt.Sprintf("schedule %d did not return to the scheduler within %v of wall time: %s; code inside a World must block only on sim's primitives (a real sync.Mutex, channel, sleep or syscall is invisible to racelab and cannot be interleaved)",
		h.schedule, h.after.Round(time.Millisecond), where)
	return f
}

func describeState(state string) string {
	switch state {
	case "running", "runnable":
		return "running without reaching a yield point"
	}
	return "blocked in " + state
}

func orUnknown(s string) string {
	if s == "" {
		return "an unknown place"
	}
	return s
}
