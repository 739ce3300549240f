package lang_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/racelab/racelab/rt/context"
	"github.com/racelab/racelab/rt/lang"
	"github.com/racelab/racelab/rt/math/rand"
	rtsync "github.com/racelab/racelab/rt/sync"
	"github.com/racelab/racelab/rt/sync/atomic"
	rttime "github.com/racelab/racelab/rt/time"
	"github.com/racelab/racelab/sim"
	"pgregory.net/rapid"
)

// A generated program as translated code would be: goroutines doing
// operations of every drop-in on a few shared objects.
type op struct{ Kind, Target, Arg int }

const opKinds = 10

// objects are a program's shared state, zero values as Go code declares
// them; channels are made by main.
type objects struct {
	mu     [2]rtsync.Mutex
	rw     rtsync.RWMutex
	ch     [2]lang.Chan[int]
	n      atomic.Int64
	m      map[int]int
	ctx    context.Context
	cancel context.CancelFunc
}

// observe puts what the program saw into the event log, so the hash
// covers it (map order, random draws, select outcomes).
func (o *objects) observe(args ...any) { sim.Current().Yield(fmt.Sprint(args...)) }

func (o *objects) do(x op) {
	switch x.Kind {
	case 0:
		o.mu[x.Target].Lock()
		o.observe("locked ", x.Target)
		o.mu[x.Target].Unlock()
	case 1:
		o.rw.RLock()
		o.rw.RUnlock()
	case 2:
		o.ch[x.Target].TrySend(x.Arg)
	case 3:
		i, v, _ := lang.Select(lang.Recv(o.ch[x.Target]), lang.Default())
		o.observe("select ", i, v)
	case 4:
		o.n.Add(int64(x.Arg))
	case 5:
		rttime.Sleep(rttime.Duration(x.Arg) * rttime.Millisecond)
	case 6:
		for k := range lang.MapRange(o.m) {
			o.observe("key ", k)
		}
	case 7:
		o.observe("rand ", rand.Intn(x.Arg+1), rand.Int63()%10)
	case 8:
		lang.Select(lang.Recv(context.Done(o.ctx)), lang.Recv(rttime.After(rttime.Duration(x.Arg)*rttime.Millisecond)))
	case 9:
		if x.Arg == 0 {
			o.cancel()
		}
	}
}

func programOf(t *rapid.T) [][]op {
	ops := rapid.Custom(func(t *rapid.T) op {
		return op{rapid.IntRange(0, opKinds-1).Draw(t, "kind"), rapid.IntRange(0, 1).Draw(t, "target"), rapid.IntRange(0, 3).Draw(t, "arg")}
	})
	return rapid.SliceOfN(rapid.SliceOfN(ops, 1, 6), 1, 4).Draw(t, "goroutines")
}

func runProgram(p [][]op, src sim.Source) *sim.Result {
	return sim.Run(sim.Options{Source: src}, func(*sim.World) {
		o := &objects{m: map[int]int{1: 1, 2: 2, 3: 3}}
		o.ch[0], o.ch[1] = lang.MakeChan[int](0), lang.MakeChan[int](2)
		o.ctx, o.cancel = context.WithTimeout(context.Background(), 2*rttime.Millisecond)
		defer o.cancel()
		var wg rtsync.WaitGroup
		for i, ops := range p {
			wg.Add(1)
			lang.Go("gen.worker", fmt.Sprintf("gen.go:%d", i), func() {
				defer wg.Done()
				for _, x := range ops {
					o.do(x)
				}
			})
		}
		wg.Wait()
	})
}

// TestSameRunTwice: a translated program's run is a function of its
// seed: the same hash twice, with GOMAXPROCS 1 or 4, and from its
// recorded decisions.
func TestSameRunTwice(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := programOf(t)
		seed := rapid.Uint64().Draw(t, "seed")
		a := runProgram(p, sim.Random(seed))
		prev := runtime.GOMAXPROCS(1)
		b := runProgram(p, sim.Random(seed))
		runtime.GOMAXPROCS(4)
		c := runProgram(p, sim.Random(seed))
		runtime.GOMAXPROCS(prev)
		r := runProgram(p, sim.Replay(a.Decisions))
		if a.Hash != b.Hash || a.Hash != c.Hash || a.Hash != r.Hash || r.Err != nil {
			t.Fatalf("hashes %x %x %x, replayed %x (%v)", a.Hash, b.Hash, c.Hash, r.Hash, r.Err)
		}
	})
}
