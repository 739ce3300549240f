package diff

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// record appends "name outcome" to $RACELAB_DIFF_OUT; without it the
// tests are ordinary tests that only run the programs.
func record(t *testing.T, outcome string) {
	t.Helper()
	name := os.Getenv("RACELAB_DIFF_OUT")
	if name == "" {
		return
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := fmt.Fprintf(f, "%s %s\n", t.Name(), outcome); err != nil {
		t.Fatal(err)
	}
}

// spin is a busy loop the compiler cannot drop.
func spin(n int) int {
	s := 0
	for i := range n {
		s += i ^ (s >> 3)
	}
	return s
}

var sink atomic.Int64

// TestTimerVsBusySender: which select case wins, a 1ms timer or a channel
// a goroutine sends on after a busy loop.
func TestTimerVsBusySender(t *testing.T) {
	ch := make(chan int, 1)
	go func() {
		sink.Add(int64(spin(200000)))
		ch <- 1
	}()
	select {
	case <-time.After(time.Millisecond):
		record(t, "timer")
	case <-ch:
		record(t, "channel")
	}
}

// TestAfterFuncVsLoop: the order of an AfterFunc callback and the main
// goroutine's few loop steps.
func TestAfterFuncVsLoop(t *testing.T) {
	var mu sync.Mutex
	var order []string
	done := make(chan struct{})
	time.AfterFunc(time.Microsecond, func() {
		mu.Lock()
		order = append(order, "f")
		mu.Unlock()
		close(done)
	})
	for range 2 {
		sink.Add(int64(spin(20000)))
		mu.Lock()
		order = append(order, "m")
		mu.Unlock()
	}
	<-done
	mu.Lock()
	defer mu.Unlock()
	record(t, fmt.Sprint(order))
}

// TestTickerBusyPoll: a busy poll with select default on a ticker;
// outcome: whether the poll ran before the first tick arrived.
func TestTickerBusyPoll(t *testing.T) {
	tk := time.NewTicker(time.Millisecond)
	defer tk.Stop()
	polled := false
	for {
		select {
		case <-tk.C:
			if polled {
				record(t, "polled-before-tick")
			} else {
				record(t, "tick-first")
			}
			return
		default:
			polled = true
			sink.Add(int64(spin(1000)))
		}
	}
}

// TestPollFlag: a select-with-default poll of a flag another goroutine
// sets; outcome: how the poll ended (the flag seen, or the stop channel).
func TestPollFlag(t *testing.T) {
	var flag atomic.Bool
	stop := make(chan struct{})
	go func() {
		sink.Add(int64(spin(5000)))
		flag.Store(true)
		close(stop)
	}()
	for {
		select {
		case <-stop:
			record(t, "stop")
			return
		default:
			if flag.Load() {
				record(t, "flag")
				return
			}
		}
	}
}

// TestMutexAppendOrder: two goroutines append under a mutex; the order.
func TestMutexAppendOrder(t *testing.T) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	var order []string
	for _, name := range []string{"a", "b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
		}()
	}
	wg.Wait()
	record(t, fmt.Sprint(order))
}

// TestCloseVsSend: a close and a send race on one buffered channel, and
// a second close; outcome: whether the send went through or which panic
// was recovered.
func TestCloseVsSend(t *testing.T) {
	ch := make(chan int, 1)
	var wg sync.WaitGroup
	var sendOutcome, closeOutcome string
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer func() {
			if r := recover(); r != nil {
				sendOutcome = fmt.Sprint(r)
			}
		}()
		ch <- 1
		sendOutcome = "sent"
	}()
	go func() {
		defer wg.Done()
		defer func() {
			if r := recover(); r != nil {
				closeOutcome = fmt.Sprint(r)
			}
		}()
		close(ch)
		closeOutcome = "closed"
	}()
	wg.Wait()
	func() {
		defer func() {
			if r := recover(); r != nil {
				closeOutcome += "/" + fmt.Sprint(r)
			}
		}()
		close(ch)
	}()
	record(t, sendOutcome+","+closeOutcome)
}
