package context_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	rtcontext "github.com/racelab/racelab/rt/context"
	"github.com/racelab/racelab/rt/internal/rttest"
	"github.com/racelab/racelab/rt/lang"
	rttime "github.com/racelab/racelab/rt/time"
)

// script is the same sequence of context operations under the standard
// library and under a World; it waits only through rtcontext.Done, as
// translated code does.
func script() string {
	out := ""
	bg := rtcontext.Background()
	out += fmt.Sprint("bg-done-nil:", rtcontext.Done(bg).IsNil())
	parent, cancelParent := rtcontext.WithCancel(bg)
	child, cancelChild := rtcontext.WithCancel(rtcontext.WithValue(parent, "k", "v"))
	defer cancelChild()
	cause, cancelCause := rtcontext.WithCancelCause(child)
	stopped := rtcontext.AfterFunc(parent, func() {})
	ran := lang.MakeChan[string](1)
	rtcontext.AfterFunc(child, func() { ran.Send("afterfunc") })
	out += fmt.Sprint(" stop:", stopped(), stopped())
	out += fmt.Sprint(" err-before:", child.Err())
	cancelParent()
	rtcontext.Done(child).Recv()
	out += fmt.Sprint(" child-err:", child.Err(), " value:", child.Value("k"))
	out += fmt.Sprint(" ", ran.Recv())
	cancelCause(errors.New("mine"))
	<-cause.Done() // the real channel, as untranslated code waits
	out += fmt.Sprint(" cause:", rtcontext.Cause(cause), " err:", cause.Err())

	cause2, cancel2 := rtcontext.WithCancelCause(bg)
	cancel2(errors.New("why"))
	out += fmt.Sprint(" cause2:", rtcontext.Cause(cause2), errors.Is(cause2.Err(), context.Canceled))

	tctx, cancelT := rtcontext.WithTimeout(bg, 20*rttime.Millisecond)
	defer cancelT()
	dl, ok := tctx.Deadline()
	start := rttime.Now()
	rtcontext.Done(tctx).Recv()
	// Done never comes before the deadline (start is read after the
	// context was made, so the time waited since start may be shorter).
	out += fmt.Sprint(" deadline:", ok, dl.Sub(start) <= 20*rttime.Millisecond, " timeout-err:", tctx.Err(), " at-deadline:", !rttime.Now().Before(dl))
	out += fmt.Sprint(" without:", rtcontext.Done(rtcontext.WithoutCancel(tctx)).IsNil())
	past, cancelPast := rtcontext.WithDeadline(bg, rttime.Now().Add(-1))
	defer cancelPast()
	out += fmt.Sprint(" past:", past.Err())
	return out
}

func TestContextAsGo(t *testing.T) {
	real, simulated := rttest.Both(script)
	want := "bg-done-nil:true stop:true false err-before:<nil> child-err:context canceled value:v afterfunc cause:context canceled err:context canceled cause2:why true deadline:true true timeout-err:context deadline exceeded at-deadline:true without:true past:context deadline exceeded"
	if real != want || simulated != want {
		t.Fatalf("real:\n%s\nsimulated:\n%s\nwant:\n%s", real, simulated, want)
	}
}

func TestDeadlineOnTheVirtualClock(t *testing.T) {
	rttest.Clean(t, func() {
		ctx, cancel := rtcontext.WithTimeout(rtcontext.Background(), rttime.Hour)
		defer cancel()
		start := rttime.Now()
		rtcontext.Done(ctx).Recv()
		if rttime.Since(start) != rttime.Hour {
			panic("the deadline did not pass at one hour")
		}
	})
}

func TestCancellationLeakIsFound(t *testing.T) {
	// A worker that ignores ctx blocks on its send after the caller gave
	// up: a leak in the schedules where the timeout wins.
	program := func(fixed bool) func() {
		return func() {
			ctx, cancel := rtcontext.WithTimeout(rtcontext.Background(), rttime.Millisecond)
			defer cancel()
			out := lang.MakeChan[int](0)
			lang.Go("p.work", "p.go:1", func() {
				rttime.Sleep(rttime.Millisecond)
				if fixed {
					lang.Select(lang.Send(out, 1), lang.Recv(rtcontext.Done(ctx)))
					return
				}
				out.Send(1)
			})
			lang.Select(lang.Recv(out), lang.Recv(rtcontext.Done(ctx)))
		}
	}
	if failed, first := rttest.Seeds(50, program(false)); failed == 0 || !strings.HasPrefix(first, "leak") {
		t.Fatalf("buggy: %d failed, first %q", failed, first)
	}
	if failed, first := rttest.Seeds(50, program(true)); failed > 0 {
		t.Fatalf("fixed: %s", first)
	}
}

func TestForeignParentIsUncontrolled(t *testing.T) {
	foreign, cancel := context.WithCancel(context.Background()) // made outside the run
	defer cancel()
	got := rttest.Finding(func() {
		ctx, c := rtcontext.WithCancel(foreign)
		defer c()
		rtcontext.Done(ctx).Recv()
	})
	if !strings.HasPrefix(got, "uncontrolled") {
		t.Fatalf("finding %q", got)
	}
}

func TestCancelAfterTheRun(t *testing.T) {
	var ctx rtcontext.Context
	var cancel rtcontext.CancelFunc
	rttest.Clean(t, func() { ctx, cancel = rtcontext.WithTimeout(rtcontext.Background(), rttime.Hour) })
	cancel() // by code outside any World: the real channel still closes
	select {
	case <-ctx.Done():
	default:
		t.Fatal("Done not closed")
	}
	if ctx.Err() != context.Canceled {
		t.Fatal(ctx.Err())
	}
}

func TestDoneIsNamedAfterTheProgramsLine(t *testing.T) {
	res := rttest.Clean(t, func() {
		_, c1 := rtcontext.WithCancel(rtcontext.Background())
		c1()
		_, c2 := rtcontext.WithTimeout(rtcontext.Background(), rttime.Second)
		c2()
	})
	var closes []string
	for _, e := range res.Log {
		if strings.HasPrefix(e.Label, "close context@") {
			closes = append(closes, e.Label)
		}
	}
	if len(closes) != 2 || !strings.HasPrefix(closes[0], "close context@context_test.go:") || closes[0] == closes[1] {
		t.Fatalf("closes %v", closes)
	}
}
