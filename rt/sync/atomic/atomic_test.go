package atomic_test

import (
	"testing"
	"unsafe"

	"github.com/racelab/racelab/rt/internal/rttest"
	rtsync "github.com/racelab/racelab/rt/sync"
	"github.com/racelab/racelab/rt/sync/atomic"
)

func TestLostUpdateIsFound(t *testing.T) {
	program := func(fixed bool) func() {
		return func() {
			var n atomic.Int64
			var wg rtsync.WaitGroup
			for range 2 {
				wg.Go(func() {
					if fixed {
						n.Add(1)
						return
					}
					n.Store(n.Load() + 1)
				})
			}
			wg.Wait()
			if n.Load() != 2 {
				panic("lost update")
			}
		}
	}
	if failed, _ := rttest.Seeds(50, program(false)); failed == 0 {
		t.Fatal("the lost update was never found")
	}
	if failed, first := rttest.Seeds(50, program(true)); failed > 0 {
		t.Fatal(first)
	}
}

func TestOpsAsGo(t *testing.T) {
	real, simulated := rttest.Both(func() [12]int64 {
		var r [12]int64
		var i32 int32
		r[0] = int64(atomic.AddInt32(&i32, 5))
		r[1] = int64(atomic.SwapInt32(&i32, 9))
		if atomic.CompareAndSwapInt32(&i32, 9, 10) {
			r[2] = 1
		}
		r[3] = int64(atomic.OrInt32(&i32, 1))
		r[4] = int64(atomic.AndInt32(&i32, 3))
		r[5] = int64(atomic.LoadInt32(&i32))
		var u atomic.Uint64
		u.Store(7)
		r[6] = int64(u.Add(1))
		var b atomic.Bool
		if !b.Swap(true) && b.Load() {
			r[7] = 1
		}
		var p atomic.Pointer[int]
		x := 3
		p.Store(&x)
		r[8] = int64(*p.Load())
		var v atomic.Value
		v.Store("s")
		if v.Load() == "s" {
			r[9] = 1
		}
		var up unsafe.Pointer
		atomic.StorePointer(&up, unsafe.Pointer(&x))
		r[10] = int64(*(*int)(atomic.LoadPointer(&up)))
		var ux uintptr
		atomic.StoreUintptr(&ux, 4)
		r[11] = int64(atomic.LoadUintptr(&ux))
		return r
	})
	if real != simulated {
		t.Fatalf("real %v simulated %v", real, simulated)
	}
}

func TestEachOpIsAYieldPoint(t *testing.T) {
	res := rttest.Clean(t, func() {
		var n atomic.Int32
		n.Add(1)
		n.Load()
	})
	want := []string{"atomic.Int32.Add", "atomic.Int32.Load"}
	var got []string
	for _, e := range res.Log {
		if len(e.Label) > 7 && e.Label[:7] == "atomic." {
			got = append(got, e.Label)
		}
	}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("yield points %v, want %v", got, want)
	}
}
