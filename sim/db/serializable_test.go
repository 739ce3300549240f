package db_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// txOp reads a key into the transaction's accumulator, or writes
// accumulator+Add to a key: writes depend on what was read, so the order of
// transactions matters.
type txOp struct {
	Read bool
	Key  int
	Add  int
}

const keys = 3

func genTx(t *rapid.T) []txOp {
	return rapid.SliceOfN(rapid.Custom(func(t *rapid.T) txOp {
		return txOp{Read: rapid.Bool().Draw(t, "read"), Key: rapid.IntRange(0, keys-1).Draw(t, "key"), Add: rapid.IntRange(1, 9).Draw(t, "add")}
	}), 1, 4).Draw(t, "ops")
}

// serially applies transactions one after another to a plain map.
func serially(txs [][]txOp, order []int) [keys]int {
	var state [keys]int
	for _, i := range order {
		acc := 0
		for _, op := range txs[i] {
			if op.Read {
				acc += state[op.Key]
			} else {
				state[op.Key] = acc + op.Add
			}
		}
	}
	return state
}

func permutations(xs []int, visit func([]int) bool) bool {
	if len(xs) <= 1 {
		return visit(xs)
	}
	for i := range xs {
		rest := append(append([]int{}, xs[:i]...), xs[i+1:]...)
		if permutations(rest, func(p []int) bool { return visit(append([]int{xs[i]}, p...)) }) {
			return true
		}
	}
	return false
}

// runTxs runs each transaction in its own thread at the isolation level
// and reports whether the final state is some serial order of the
// transactions that committed, with a message saying why not.
func runTxs(src sim.Source, faults sim.FaultPlan, iso db.Isolation, txs [][]txOp) (bool, string) {
	committed := make([]bool, len(txs))
	var final [keys]int
	res := sim.Run(sim.Options{Source: src, Faults: faults}, func(w *sim.World) {
		d := db.New(w, "db")
		wg := w.NewWaitGroup("wg")
		for i, ops := range txs {
			wg.Go(fmt.Sprintf("tx%d", i), func() {
				tx := d.Open(fmt.Sprintf("c%d", i)).Begin(iso)
				acc := 0
				for _, op := range ops {
					key := fmt.Sprint(op.Key)
					if op.Read {
						row, ok, err := tx.Get("kv", key)
						if err != nil {
							return
						}
						if ok {
							acc += row["v"].(int)
						}
					} else if _, err := tx.Upsert("kv", key, db.Row{"v": acc + op.Add}, db.Row{"v": acc + op.Add}); err != nil {
						return
					}
				}
				err := tx.Commit()
				committed[i] = err == nil || errors.Is(err, db.ErrCommitUnknown)
			})
		}
		wg.Wait()
		for k := range keys {
			if r, ok := d.Peek("kv", fmt.Sprint(k)); ok {
				final[k] = r["v"].(int)
			}
		}
	})
	if res.Failed() {
		return false, fmt.Sprintf("%v %v", res.Err, res.Findings)
	}
	var done []int
	for i, c := range committed {
		if c {
			done = append(done, i)
		}
	}
	if !permutations(done, func(order []int) bool { return serially(txs, order) == final }) {
		return false, fmt.Sprintf("final state %v is no serial order of the committed transactions %v", final, done)
	}
	return true, ""
}

func TestSerializableEqualsSomeSerialOrderProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		txs := rapid.SliceOfN(rapid.Custom(genTx), 2, 4).Draw(t, "txs")
		faults := sim.FaultPlan{Rules: []sim.FaultRule{
			{Kind: db.FaultDisconnect, Rate: rapid.Float64Range(0, 0.3).Draw(t, "disconnect"), Budget: 1},
			{Kind: db.FaultSerialization, Rate: rapid.Float64Range(0, 0.3).Draw(t, "serialization"), Budget: 1},
			{Kind: db.FaultCommitUnknown, Rate: rapid.Float64Range(0, 0.3).Draw(t, "commit-unknown"), Budget: 1},
		}}
		if ok, msg := runTxs(sim.FromRapid(t), faults, db.Serializable, txs); !ok {
			t.Fatal(msg)
		}
	})
}

// The same check fails under ReadCommitted, so it is able to fail: two
// read-then-write increments of one key lose one.
func TestTheSerialOrderCheckCatchesReadCommitted(t *testing.T) {
	inc := []txOp{{Read: true, Key: 0}, {Key: 0, Add: 1}}
	caught := 0
	for s := range uint64(50) {
		if ok, _ := runTxs(sim.Random(s), sim.FaultPlan{}, db.ReadCommitted, [][]txOp{inc, inc}); !ok {
			caught++
		}
		ok, msg := runTxs(sim.Random(s), sim.FaultPlan{}, db.Serializable, [][]txOp{inc, inc})
		require.True(t, ok, msg)
	}
	assert.Positive(t, caught)
}
