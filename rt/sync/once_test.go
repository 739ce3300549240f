package sync_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/rt/internal/rttest"
	"github.com/racelab/racelab/rt/lang"
	rtsync "github.com/racelab/racelab/rt/sync"
)

func TestOnceRunsOnce(t *testing.T) {
	failed, first := rttest.Seeds(30, func() {
		var once rtsync.Once
		var wg rtsync.WaitGroup
		n := 0
		for range 3 {
			wg.Go(func() {
				once.Do(func() { n++ })
				if n != 1 { // Do returns only after f has
					panic("Do returned before f ran")
				}
			})
		}
		wg.Wait()
	})
	if failed > 0 {
		t.Fatal(first)
	}
}

func TestOnceFuncsAsGo(t *testing.T) {
	real, simulated := rttest.Both(func() string {
		calls := 0
		f := rtsync.OnceFunc(func() { calls++ })
		f()
		f()
		v := rtsync.OnceValue(func() int { calls++; return 7 })
		a, b := rtsync.OnceValues(func() (string, error) { calls++; return "x", nil })()
		p := rtsync.OnceFunc(func() { panic("boom") })
		first := panicOf(p)
		again := panicOf(p)
		v1, v2 := v(), v()
		return fmt.Sprintf("%d %d %d %s %v %v %v", calls, v1, v2, a, b, first, again)
	})
	if real != simulated || real != "3 7 7 x <nil> boom boom" {
		t.Fatalf("real %q simulated %q", real, simulated)
	}
}

func panicOf(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func TestCopiedOnceKeepsDone(t *testing.T) {
	real, simulated := rttest.Both(func() int {
		var o rtsync.Once
		n := 0
		o.Do(func() { n++ })
		c := copyOf(&o)
		c.Do(func() { n++ })
		return n
	})
	if real != 1 || simulated != 1 {
		t.Fatalf("real %d simulated %d", real, simulated)
	}
}

func TestCondQueue(t *testing.T) {
	program := func() {
		var mu rtsync.Mutex
		cond := rtsync.NewCond(&mu)
		var queue []int
		var wg rtsync.WaitGroup
		got := 0
		wg.Go(func() {
			for range 3 {
				mu.Lock()
				for len(queue) == 0 {
					cond.Wait()
				}
				got += queue[0]
				queue = queue[1:]
				mu.Unlock()
			}
		})
		for i := 1; i <= 3; i++ {
			mu.Lock()
			queue = append(queue, i)
			cond.Signal()
			mu.Unlock()
		}
		wg.Wait()
		if got != 6 {
			panic(fmt.Sprint("got ", got))
		}
	}
	program() // real goroutines
	if failed, first := rttest.Seeds(30, program); failed > 0 {
		t.Fatal(first)
	}
}

func TestCondMisuseIsFound(t *testing.T) {
	// Waiting with if instead of for: a second consumer takes the item
	// between the Signal and the wake-up.
	failed, first := rttest.Seeds(200, func() {
		var mu rtsync.Mutex
		cond := rtsync.NewCond(&mu)
		items := 0
		var wg rtsync.WaitGroup
		for range 2 {
			wg.Go(func() {
				mu.Lock()
				if items == 0 {
					cond.Wait()
				}
				if items == 0 {
					panic("woke to an empty queue")
				}
				items--
				mu.Unlock()
			})
		}
		for range 2 {
			mu.Lock()
			items++
			cond.Broadcast()
			mu.Unlock()
			lang.Select(lang.Default())
		}
		wg.Wait()
	})
	if failed == 0 {
		t.Fatalf("never found in 200 seeds")
	}
	_ = first
}
