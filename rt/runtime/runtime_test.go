package runtime_test

import (
	"testing"

	"github.com/racelab/racelab/rt/internal/rttest"
	"github.com/racelab/racelab/rt/lang"
	rtruntime "github.com/racelab/racelab/rt/runtime"
)

func TestNumGoroutine(t *testing.T) {
	rttest.Clean(t, func() {
		if n := rtruntime.NumGoroutine(); n != 1 {
			panic(n)
		}
		stop := lang.MakeChan[struct{}](0)
		exited := lang.MakeChan[struct{}](0)
		for range 2 {
			lang.Go("p.wait", "p.go:1", func() { stop.Recv(); exited.Send(struct{}{}) })
		}
		if n := rtruntime.NumGoroutine(); n != 3 {
			panic(n)
		}
		stop.Close()
		exited.Recv()
		exited.Recv()
		rtruntime.Gosched()
		rtruntime.Gosched()
		if n := rtruntime.NumGoroutine(); n != 1 {
			panic(n)
		}
	})
}

func TestGoschedIsAYieldPoint(t *testing.T) {
	res := rttest.Clean(t, rtruntime.Gosched)
	for _, e := range res.Log {
		if e.Label == "runtime.Gosched" {
			return
		}
	}
	t.Fatal("no runtime.Gosched yield point in the log")
}
