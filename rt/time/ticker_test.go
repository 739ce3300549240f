package time_test

import (
	"strings"
	"testing"

	"github.com/racelab/racelab/rt/internal/rttest"
	"github.com/racelab/racelab/rt/lang"
	rttime "github.com/racelab/racelab/rt/time"
)

func TestTickerTicksOnTheVirtualClock(t *testing.T) {
	rttest.Clean(t, func() {
		tk := rttime.NewTicker(10 * rttime.Millisecond)
		defer tk.Stop()
		start := rttime.Now()
		for i := 1; i <= 3; i++ {
			at := tk.C.Recv()
			if d := at.Sub(start); d != rttime.Duration(i)*10*rttime.Millisecond {
				panic(d.String())
			}
		}
		rttime.Sleep(35 * rttime.Millisecond) // ticks at 40, 50, 60 dropped but one
		at := tk.C.Recv()
		if d := at.Sub(start); d != 40*rttime.Millisecond {
			panic("kept tick at " + d.String())
		}
		// Main may be slow to take the kept tick (a timer can fire while
		// it is runnable): the next tick comes a period after Reset.
		reset := rttime.Now()
		tk.Reset(rttime.Second)
		at = tk.C.Recv()
		if d := at.Sub(reset); d != rttime.Second {
			panic("after Reset: " + d.String())
		}
	})
}

func TestUnstoppedTickerDoesNotHideADeadlockForever(t *testing.T) {
	// Main waits for ever while a ticker ticks: Go would hang; racelab
	// reports the deadlock the ticker hides.
	got := rttest.Finding(func() {
		rttime.NewTicker(rttime.Millisecond)
		var never lang.Chan[int]
		never.Recv()
	})
	if !strings.HasPrefix(got, "deadlock") {
		t.Fatalf("finding %q", got)
	}
}
