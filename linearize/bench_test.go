package linearize_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/sim"
)

// kvHistory records n operations of 8 clients on a correct store of 100
// keys, run by the simulator: a linearizable, partitioned history.
func kvHistory(n int) []sim.Op {
	const clients, keys = 8, 100
	res := sim.Run(sim.Options{Source: sim.Random(1), NoLog: true, MaxSteps: int64(20*n + 1000)}, func(w *sim.World) {
		mu := w.NewMutex("store")
		store := map[string]string{}
		wg := w.NewWaitGroup("clients")
		for c := range clients {
			wg.Go(fmt.Sprintf("client%d", c), func() {
				for i := range n / clients {
					in := model.KVInput{Op: model.KVOp(w.Intn(3)), Key: fmt.Sprintf("k%d", w.Intn(keys)), Value: fmt.Sprint(i % 10)}
					id := w.Begin(c, in)
					mu.Lock()
					out := ""
					switch in.Op {
					case model.KVGet:
						out = store[in.Key]
					case model.KVPut:
						store[in.Key] = in.Value
					case model.KVAppend:
						store[in.Key] += in.Value
					}
					mu.Unlock()
					w.End(id, out)
				}
			})
		}
		wg.Wait()
	})
	return res.History
}

func BenchmarkCheck1k(b *testing.B)   { benchmarkCheck(b, 1_000) }
func BenchmarkCheck10k(b *testing.B)  { benchmarkCheck(b, 10_000) }
func BenchmarkCheck100k(b *testing.B) { benchmarkCheck(b, 100_000) }

func benchmarkCheck(b *testing.B, n int) {
	h := kvHistory(n)
	m := model.KV.Porcupine()
	b.ResetTimer()
	for range b.N {
		// A new checker each time: no cached verdicts.
		res, err := linearize.Check(m, h, time.Minute)
		if err != nil || res.Verdict != linearize.Ok {
			b.Fatalf("%v %v", res, err)
		}
	}
	b.ReportMetric(float64(len(h)), "ops")
}

func TestGeneratedHistoriesAreLinearizable(t *testing.T) {
	h := kvHistory(2_000)
	res, err := linearize.Check(model.KV.Porcupine(), h, 30*time.Second)
	if err != nil || res.Verdict != linearize.Ok {
		t.Fatalf("%v %v", res, err)
	}
	if res.Partitions < 50 {
		t.Fatalf("only %d partitions", res.Partitions)
	}
}
