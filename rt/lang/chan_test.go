package lang_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/racelab/racelab/rt/internal/rttest"
	"github.com/racelab/racelab/rt/lang"
)

// script exercises one goroutine's view of a channel: buffering, len, cap,
// close, receiving from a closed channel, range.
func script() string {
	var b strings.Builder
	c := lang.MakeChan[int](3)
	c.Send(1)
	c.Send(2)
	fmt.Fprintf(&b, "len=%d cap=%d nil=%v ", c.Len(), c.Cap(), c.IsNil())
	fmt.Fprintf(&b, "recv=%d ", c.Recv())
	c.Send(3)
	c.Close()
	v, ok := c.Recv2()
	fmt.Fprintf(&b, "recv2=%d,%v ", v, ok)
	for x := range c.Range() {
		fmt.Fprintf(&b, "range=%d ", x)
	}
	v, ok = c.Recv2()
	fmt.Fprintf(&b, "closed=%d,%v ", v, ok)
	var n lang.Chan[int]
	fmt.Fprintf(&b, "nil: len=%d cap=%d isnil=%v", n.Len(), n.Cap(), n.IsNil())
	return b.String()
}

func TestChanAsGo(t *testing.T) {
	real, simulated := rttest.Both(script)
	if real != simulated {
		t.Fatalf("real goroutines: %s\nsimulated:       %s", real, simulated)
	}
	if !strings.Contains(real, "recv2=2,true range=3 closed=0,false") {
		t.Fatalf("unexpected script output %q", real)
	}
}

// panicOf returns the message of f's panic, and whether it was a
// runtime.Error as Go's channel panics are.
func panicOf(f func()) (msg string) {
	defer func() {
		r := recover()
		_, isRuntime := r.(interface{ RuntimeError() })
		msg = fmt.Sprintf("%v runtime=%v", r, isRuntime)
	}()
	f()
	return "no panic"
}

func TestChanPanicsAsGo(t *testing.T) {
	cases := []struct {
		name string
		f    func()
	}{
		{"send on closed", func() { c := lang.MakeChan[int](1); c.Close(); c.Send(1) }},
		{"close of closed", func() { c := lang.MakeChan[int](0); c.Close(); c.Close() }},
		{"close of nil", func() { var c lang.Chan[int]; c.Close() }},
		{"select send on closed", func() {
			c := lang.MakeChan[int](0)
			c.Close()
			lang.Select(lang.Send(c, 1))
		}},
		{"negative size", func() { lang.MakeChan[int](-1) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			real, simulated := rttest.Both(func() string { return panicOf(c.f) })
			if real != simulated {
				t.Fatalf("real: %s; simulated: %s", real, simulated)
			}
		})
	}
	// The names as Go prints them, proved by the real side above.
	real, _ := rttest.Both(func() string { return panicOf(cases[0].f) })
	if real != "send on closed channel runtime=true" {
		t.Fatalf("real: %s", real)
	}
}

func TestUnrecoveredChanPanicIsAFinding(t *testing.T) {
	got := rttest.Finding(func() {
		c := lang.MakeChan[int](0)
		done := lang.MakeChan[bool](0)
		lang.Go("p.sender", "p.go:3", func() {
			defer done.Close()
			c.Recv()
			c.Send(1) // closed by now
		})
		c.Send(0)
		c.Close()
		done.Recv()
	})
	if !strings.Contains(got, "send on closed channel") {
		t.Fatalf("finding %q", got)
	}
}

func TestNilChanBlocksForever(t *testing.T) {
	for name, f := range map[string]func(){
		"send":   func() { var c lang.Chan[int]; c.Send(1) },
		"recv":   func() { var c lang.Chan[int]; c.Recv() },
		"select": func() { lang.Select() },
	} {
		if got := rttest.Finding(f); !strings.HasPrefix(got, "deadlock") {
			t.Errorf("%s: finding %q, want a deadlock", name, got)
		}
	}
}

func TestUnbufferedHandOff(t *testing.T) {
	// An unbuffered send completes only when received: the receiver sees
	// the sender's write before the send, whatever the schedule.
	failed, first := rttest.Seeds(50, func() {
		c := lang.MakeChan[int](0)
		x := 0
		lang.Go("p.send", "p.go:1", func() { x = 1; c.Send(x) })
		if v := c.Recv(); v != 1 || x != 1 {
			panic("hand-off broken")
		}
	})
	if failed > 0 {
		t.Fatal(first)
	}
}

func TestChanMadeOutsideAWorld(t *testing.T) {
	// A package-level channel is made at init; each World gets it empty.
	c := lang.MakeChan[int](1)
	for range 2 {
		rttest.Clean(t, func() {
			if c.Len() != 0 {
				panic("not empty")
			}
			c.Send(1)
		})
	}
}

func TestForeignChanIsUncontrolled(t *testing.T) {
	real := make(chan int)
	got := rttest.Finding(func() { lang.FromChan(real).Recv() })
	if !strings.HasPrefix(got, "uncontrolled") {
		t.Fatalf("finding %q", got)
	}
	// Outside a World it is the real channel.
	go func() { real <- 7 }()
	if v := lang.FromChan(real).Recv(); v != 7 {
		t.Fatalf("got %d", v)
	}
}

func TestGoNamesThreads(t *testing.T) {
	res := rttest.Clean(t, func() {
		done := lang.MakeChan[struct{}](0)
		lang.Go("cache.(*Cache).refresh", "cache.go:42", func() { done.Close() })
		done.Recv()
	})
	for _, e := range res.Log {
		if e.Name == "cache.(*Cache).refresh@cache.go:42" {
			return
		}
	}
	t.Fatal("no thread named cache.(*Cache).refresh@cache.go:42 in the log")
}

func TestTryOps(t *testing.T) {
	real, simulated := rttest.Both(func() string {
		c := lang.MakeChan[int](1)
		a := c.TrySend(1)
		b := c.TrySend(2)
		v, ok, got := c.TryRecv()
		_, _, again := c.TryRecv()
		return fmt.Sprint(a, b, v, ok, got, again)
	})
	if real != simulated || real != "true false 1 true true false" {
		t.Fatalf("real %q simulated %q", real, simulated)
	}
}

func TestChanOfARunUsedOutsideIt(t *testing.T) {
	var c lang.Chan[int]
	rttest.Clean(t, func() { c = lang.MakeChan[int](1) })
	if got := panicOf(func() { c.Send(1) }); !strings.Contains(got, "lang: a channel made in a racelab run is used outside it") {
		t.Fatalf("panic %q", got)
	}
}
