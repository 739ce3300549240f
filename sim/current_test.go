package sim_test

import (
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
)

func TestCurrent(t *testing.T) {
	if sim.Current() != nil {
		t.Fatal("Current outside any run is not nil")
	}
	var inMain, inThread *sim.World
	var name string
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		inMain = w
		wg := w.NewWaitGroup("wg")
		wg.Go("worker", func() {
			inThread = sim.Current()
			name = w.ThreadName()
		})
		wg.Wait()
		if sim.Current() != w {
			t.Error("Current in main after a switch is not its World")
		}
	})
	if res.Failed() {
		t.Fatal(res.Findings)
	}
	if inMain == nil || inThread != inMain || name != "worker" {
		t.Fatalf("Current in a thread: %p, main's World %p, name %q", inThread, inMain, name)
	}
	if sim.Current() != nil {
		t.Fatal("Current after the run is not nil")
	}
}

func TestTryLocksOfRWMutex(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		rw := w.NewRWMutex("rw")
		r1 := rw.TryRLock()
		r2 := rw.TryRLock()
		if !r1 || !r2 || rw.TryLock() {
			t.Error("two readers then a writer")
		}
		rw.RUnlock()
		rw.RUnlock()
		w1 := rw.TryLock()
		r3 := rw.TryRLock()
		w2 := rw.TryLock()
		if !w1 || r3 || w2 {
			t.Error("a writer then a reader")
		}
		rw.Unlock()
	})
	if res.Failed() {
		t.Fatal(res.Findings)
	}
}

func TestOfferAndDrain(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		c := sim.NewChan[int](w, "c", 1)
		if !c.Offer(1) || c.Offer(2) {
			t.Error("offer into a buffer of one")
		}
		if !c.Drain() || c.Drain() || c.Len() != 0 {
			t.Error("drain")
		}
		got := sim.NewChan[int](w, "got", 0)
		w.Go("reader", func() {
			v, _ := c.Recv()
			got.Send(v)
		})
		w.Yield("let the reader block")
		if !c.Offer(3) {
			t.Error("offer to a waiting receiver")
		}
		if v, _ := got.Recv(); v != 3 {
			t.Errorf("received %d", v)
		}
		c.Close()
		if c.Offer(4) || sim.NilChan[int](w, "nil").Offer(5) {
			t.Error("offer to a closed or nil channel")
		}
	})
	if res.Failed() {
		t.Fatal(res.Findings)
	}
}

func TestWaitReused(t *testing.T) {
	reused := map[bool]bool{}
	for seed := uint64(1); seed <= 30; seed++ {
		sim.Run(sim.Options{Source: sim.Random(seed)}, func(w *sim.World) {
			wg := w.NewWaitGroup("wg")
			wg.Add(1)
			got := sim.NewChan[bool](w, "got", 1)
			w.Go("waiter", func() { got.Send(wg.WaitReused()) })
			w.Sleep(time.Millisecond)
			wg.Done()
			wg.Add(1) // before or after the waiter ran: a decision
			r, _ := got.Recv()
			reused[r] = true
			wg.Done()
		})
	}
	if !reused[true] || !reused[false] {
		t.Fatalf("outcomes %v, want both", reused)
	}
}

// TestCurrentAfterNestedRun: a Run inside a thread of another World puts
// the outer World back when it ends, since Run publishes once per run.
func TestCurrentAfterNestedRun(t *testing.T) {
	var inner, after *sim.World
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		sim.Run(sim.Options{}, func(v *sim.World) { inner = sim.Current() })
		w.Yield("after")
		after = sim.Current()
		if after != w {
			t.Errorf("Current after a nested run: %p, want the outer World %p", after, w)
		}
	})
	if res.Failed() {
		t.Fatal(res.Findings)
	}
	if inner == nil || inner == after {
		t.Fatalf("Current in the nested run: %p (outer %p)", inner, after)
	}
}
