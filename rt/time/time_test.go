package time_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/rt/internal/rttest"
	"github.com/racelab/racelab/rt/lang"
	rttime "github.com/racelab/racelab/rt/time"
	"github.com/racelab/racelab/sim"
)

func TestVirtualClock(t *testing.T) {
	rttest.Clean(t, func() {
		start := rttime.Now()
		if !start.Equal(sim.Epoch) {
			panic(fmt.Sprint("start ", start))
		}
		rttime.Sleep(rttime.Hour)
		if d := rttime.Since(start); d != rttime.Hour {
			panic(fmt.Sprint("slept ", d))
		}
		if d := rttime.Until(start.Add(2 * rttime.Hour)); d != rttime.Hour {
			panic(fmt.Sprint("until ", d))
		}
	})
}

// timerScript runs a Go 1.23 timer contract check; unit scales it, so the
// real side has margin against the wall clock.
func timerScript(unit rttime.Duration) string {
	out := ""
	tm := rttime.NewTimer(unit)
	out += fmt.Sprint("cap:", tm.C.Cap(), tm.C.Len())
	rttime.Sleep(5 * unit) // fired, not received
	out += fmt.Sprint(" stop-after-fire:", tm.Stop())
	_, _, got := tm.C.TryRecv()
	out += fmt.Sprint(" stale:", got)
	out += fmt.Sprint(" reset-stopped:", tm.Reset(unit))
	tm.C.Recv()
	out += fmt.Sprint(" stop-received:", tm.Stop())
	tm.Reset(unit)
	rttime.Sleep(5 * unit)
	out += fmt.Sprint(" reset-fired:", tm.Reset(10*unit))
	_, _, got = tm.C.TryRecv()
	out += fmt.Sprint(" stale:", got)
	tm.Stop()
	ran := lang.MakeChan[bool](1)
	af := rttime.AfterFunc(unit, func() { ran.Send(true) })
	out += fmt.Sprint(" afterfunc-stop:", af.Stop())
	af.Reset(unit)
	ran.Recv()
	out += fmt.Sprint(" afterfunc-stop-ran:", af.Stop())
	tk := rttime.NewTicker(unit)
	rttime.Sleep(unit / 2)
	tk.C.Recv()
	tk.C.Recv()
	tk.Stop()
	rttime.Sleep(5 * unit)
	_, _, got = tk.C.TryRecv()
	out += fmt.Sprint(" ticker-stale:", got)
	after := rttime.After(unit)
	i, _, _ := lang.Select(lang.Recv(after), lang.Recv(rttime.Tick(0)))
	out += fmt.Sprint(" after:", i)
	return out
}

func TestTimersAsGo123(t *testing.T) {
	want := "cap:0 0 stop-after-fire:true stale:false reset-stopped:false stop-received:false reset-fired:true stale:false afterfunc-stop:true afterfunc-stop-ran:false ticker-stale:false after:0"
	if testing.Short() {
		// The real side needs wall time; the simulated one is checked.
		var got string
		rttest.Clean(t, func() { got = timerScript(rttime.Millisecond) })
		if got != want {
			t.Fatalf("simulated:\n%s\nwant:\n%s", got, want)
		}
		return
	}
	real := timerScript(20 * rttime.Millisecond)
	var simulated string
	rttest.Clean(t, func() { simulated = timerScript(20 * rttime.Millisecond) })
	if real != want || simulated != want {
		t.Fatalf("real:\n%s\nsimulated:\n%s\nwant:\n%s", real, simulated, want)
	}
}

func TestTickerPanicsAsGo(t *testing.T) {
	for _, f := range []func(){
		func() { rttime.NewTicker(0) },
		func() { tk := rttime.NewTicker(rttime.Second); defer tk.Stop(); tk.Reset(-1) },
	} {
		real, simulated := rttest.Both(func() any { return panicOf(f) })
		if real != simulated || real == nil {
			t.Fatalf("real %v simulated %v", real, simulated)
		}
	}
}

func panicOf(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func TestTimerCallbackRacesTheProgram(t *testing.T) {
	// An AfterFunc callback and the goroutine that stops it race: in some
	// schedules the callback starts first, in others Stop wins.
	outcomes := map[bool]bool{}
	for seed := uint64(1); seed <= 40; seed++ {
		rttest.Run(seed, func() {
			fired := false
			tm := rttime.AfterFunc(rttime.Millisecond, func() { fired = true })
			done := lang.MakeChan[bool](0)
			lang.Go("p.stopper", "p.go:1", func() {
				rttime.Sleep(rttime.Millisecond)
				done.Send(tm.Stop())
			})
			stopped := done.Recv()
			rttime.Sleep(rttime.Millisecond)
			if stopped == fired {
				panic(fmt.Sprint("Stop returned ", stopped, " but the callback ran: ", fired))
			}
			outcomes[stopped] = true
		})
	}
	if !outcomes[true] || !outcomes[false] {
		t.Fatalf("outcomes %v, want both", outcomes)
	}
}

func TestTimeoutInSelect(t *testing.T) {
	rttest.Clean(t, func() {
		never := lang.MakeChan[int](0)
		start := rttime.Now()
		i, _, _ := lang.Select(lang.Recv(never), lang.Recv(rttime.After(3*rttime.Second)))
		if i != 1 || rttime.Since(start) != 3*rttime.Second {
			panic("the timeout did not fire at 3s")
		}
	})
}

func TestAliases(t *testing.T) {
	var d rttime.Duration = rttime.Second
	var std interface{ Seconds() float64 } = d
	if std.Seconds() != 1 || rttime.March.String() != "March" {
		t.Fatal("aliases")
	}
	if _, err := rttime.ParseDuration("1m"); err != nil {
		t.Fatal(err)
	}
}
