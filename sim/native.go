package sim

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// NativeOptions configure a run on real goroutines.
type NativeOptions struct {
	// Seed seeds the PRNG behind Intn, faults and stress sleeps. The run
	// itself is not deterministic: the Go scheduler decides.
	Seed uint64
	// StressRate is the probability that a yield point sleeps for a real
	// random duration up to MaxStressSleep, as stress tests sprinkle
	// sleeps; the rest call runtime.Gosched.
	StressRate     float64
	MaxStressSleep time.Duration
	// Faults are injected at fault points with their rates and budgets.
	// A sleep fault sleeps for real, scaled down to at most
	// MaxStressSleep; a crash ends the goroutine with runtime.Goexit.
	Faults FaultPlan
	// Timeout ends the wait for the threads; those still running are
	// reported (and left behind: real goroutines cannot be killed).
	// Default one minute.
	Timeout time.Duration
	_       struct{}
}

// NativeResult is what a native run did.
type NativeResult struct {
	Findings []Finding // panics, and a deadlock when Timeout passed
	History  []Op
	Elapsed  time.Duration
}

// RunNative runs main on real goroutines with real locks and clocks, and
// waits for every thread it started.
func RunNative(opts NativeOptions, main func(rt Runtime)) *NativeResult {
	if opts.Timeout <= 0 {
		opts.Timeout = time.Minute
	}
	if opts.MaxStressSleep <= 0 {
		opts.MaxStressSleep = 100 * time.Microsecond
	}
	n := &native{opts: opts, rng: newRNG(opts.Seed), start: time.Now()}
	for _, r := range opts.Faults.Rules {
		n.budget = append(n.budget, &atomic.Int64{})
		n.budget[len(n.budget)-1].Store(int64(r.Budget))
	}
	n.Go("main", func() { main(n) })
	done := make(chan struct{})
	go func() { n.wg.Wait(); close(done) }()
	timer := time.NewTimer(opts.Timeout)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		n.mu.Lock()
		n.findings = append(n.findings, Finding{Kind: Deadlock,
			Message: fmt.Sprintf("native run: threads still running after %v", opts.Timeout)})
		n.mu.Unlock()
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	res := &NativeResult{Findings: n.findings, Elapsed: time.Since(n.start)}
	res.History = append(res.History, n.history...)
	for i := range res.History {
		if res.History[i].Return < 0 {
			res.History[i].Return, res.History[i].Indeterminate = 1<<63-1, true
		}
	}
	return res
}

// native implements Runtime on goroutines. mu guards rng, history and
// findings; step orders history events.
type native struct {
	opts     NativeOptions
	wg       sync.WaitGroup
	mu       sync.Mutex
	rng      *rand.Rand
	start    time.Time
	step     int64
	history  []Op
	findings []Finding
	budget   []*atomic.Int64
}

func (n *native) Go(name string, fn func()) {
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		defer func() {
			if r := recover(); r != nil {
				n.mu.Lock()
				n.findings = append(n.findings, Finding{Kind: Panic, Thread: name, Stack: string(debug.Stack()),
					Message: fmt.Sprintf("thread %s panicked: %v", name, r)})
				n.mu.Unlock()
			}
		}()
		fn()
	}()
}

func (n *native) float() float64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.rng.Float64()
}

func (n *native) Yield(string) {
	if n.opts.StressRate > 0 && n.float() < n.opts.StressRate {
		time.Sleep(time.Duration(n.float() * float64(n.opts.MaxStressSleep)))
		return
	}
	runtime.Gosched()
}

func (n *native) FaultPoint(label string, kinds ...FaultKind) FaultKind {
	n.Yield(label)
	for i, r := range n.opts.Faults.Rules {
		eligible := r.Kind == FaultSleep || r.Kind == FaultCrash
		for _, k := range kinds {
			eligible = eligible || k == r.Kind
		}
		if !eligible || n.float() >= r.Rate || n.budget[i].Add(-1) < 0 {
			continue
		}
		switch r.Kind {
		case FaultSleep:
			time.Sleep(n.opts.MaxStressSleep)
			return ""
		case FaultCrash:
			runtime.Goexit()
		}
		return r.Kind
	}
	return ""
}

func (n *native) Sleep(d time.Duration) { time.Sleep(d) }
func (n *native) Now() time.Time        { return time.Now() }

func (n *native) Intn(k int) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.rng.IntN(k)
}

func (n *native) NewMutex(string) Locker          { return &sync.Mutex{} }
func (n *native) NewRWMutex(string) RWLocker      { return &sync.RWMutex{} }
func (n *native) NewReentrantMutex(string) Locker { return &nativeReentrant{} }
func (n *native) NewWaitGroup(string) Group       { return &sync.WaitGroup{} }

func (n *native) Begin(client int, input any) OpID {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.step++
	n.history = append(n.history, Op{Client: client, Input: input, Call: n.step, Return: -1})
	return OpID(len(n.history) - 1)
}

func (n *native) End(id OpID, output any) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.step++
	n.history[id].Output, n.history[id].Return = output, n.step
}

// nativeReentrant is a reentrant lock for real goroutines. Go hides
// goroutine identity on purpose; the id is read from the stack header,
// which is slow but fine for stress runs.
type nativeReentrant struct {
	mu    sync.Mutex
	cond  *sync.Cond
	owner int64
	count int
}

func goid() int64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	id, _ := strconv.ParseInt(string(b[:bytes.IndexByte(b, ' ')]), 10, 64)
	return id
}

func (m *nativeReentrant) Lock() {
	id := goid()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cond == nil {
		m.cond = sync.NewCond(&m.mu)
	}
	for m.count > 0 && m.owner != id {
		m.cond.Wait()
	}
	m.owner = id
	m.count++
}

func (m *nativeReentrant) Unlock() {
	id := goid()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.count == 0 || m.owner != id {
		panic("sim: unlock of reentrant mutex not held by this goroutine")
	}
	m.count--
	if m.count == 0 {
		m.cond.Broadcast()
	}
}
