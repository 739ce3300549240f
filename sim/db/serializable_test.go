package db_test

import (
	"errors"
	"fmt"
	"slices"
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

// serially applies transactions one after another to a plain map, and
// returns the final state and what each transaction read (its accumulator
// after each read).
func serially(txs [][]txOp, order []int) ([keys]int, map[int][]int) {
	var state [keys]int
	reads := map[int][]int{}
	for _, i := range order {
		acc := 0
		for _, op := range txs[i] {
			if op.Read {
				acc += state[op.Key]
				reads[i] = append(reads[i], acc)
			} else {
				state[op.Key] = acc + op.Add
			}
		}
	}
	return state, reads
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
// and reports whether some serial order of the transactions that committed
// gives the final state and what each of them read (snapshots included: a
// read-only transaction commits, and must have read one consistent state),
// with a message saying why not.
func runTxs(src sim.Source, faults sim.FaultPlan, dialect db.Dialect, iso db.Isolation, txs [][]txOp) (bool, string) {
	committed := make([]bool, len(txs))
	unknown := make([]bool, len(txs))
	read := map[int][]int{}
	var final [keys]int
	res := sim.Run(sim.Options{Source: src, Faults: faults}, func(w *sim.World) {
		d := db.New(w, "db")
		d.Configure(db.Settings{Dialect: dialect})
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
						read[i] = append(read[i], acc)
					} else if _, err := tx.Upsert("kv", key, db.Row{"v": acc + op.Add}, db.Row{"v": acc + op.Add}); err != nil {
						return
					}
				}
				err := tx.Commit()
				committed[i] = err == nil || errors.Is(err, db.ErrCommitUnknown)
				unknown[i] = errors.Is(err, db.ErrCommitUnknown)
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
	fits := func(order []int) bool {
		state, want := serially(txs, order)
		if state != final {
			return false
		}
		for _, i := range order {
			if !unknown[i] && !slices.Equal(want[i], read[i]) {
				return false
			}
		}
		return true
	}
	if !permutations(done, fits) {
		return false, fmt.Sprintf("final state %v and reads %v fit no serial order of the committed transactions %v", final, read, done)
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
		dialect := rapid.SampledFrom([]db.Dialect{db.PostgreSQL, db.MySQL}).Draw(t, "dialect")
		if ok, msg := runTxs(sim.FromRapid(t), faults, dialect, db.Serializable, txs); !ok {
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
		if ok, _ := runTxs(sim.Random(s), sim.FaultPlan{}, db.PostgreSQL, db.ReadCommitted, [][]txOp{inc, inc}); !ok {
			caught++
		}
		ok, msg := runTxs(sim.Random(s), sim.FaultPlan{}, db.PostgreSQL, db.Serializable, [][]txOp{inc, inc})
		require.True(t, ok, msg)
	}
	assert.Positive(t, caught)
}

// A snapshot is one consistent state: a read-only transaction that reads
// two keys while another moves a value between them never sees it in both
// or neither, at RepeatableRead and Serializable, and does at
// ReadCommitted (so the check can fail).
func TestSnapshotsReadOneConsistentState(t *testing.T) {
	move := []txOp{{Key: 0, Add: 5}, {Key: 1, Add: 5}}
	audit := []txOp{{Read: true, Key: 0}, {Read: true, Key: 1}}
	for _, dialect := range []db.Dialect{db.PostgreSQL, db.MySQL} {
		for _, iso := range []db.Isolation{db.ReadCommitted, db.RepeatableRead, db.Serializable} {
			caught := 0
			for s := range uint64(100) {
				if ok, _ := runTxs(sim.Random(s), sim.FaultPlan{}, dialect, iso, [][]txOp{move, audit}); !ok {
					caught++
				}
			}
			if iso == db.ReadCommitted {
				assert.Positive(t, caught, "%v %v: some schedule reads two states", dialect, iso)
			} else {
				assert.Zero(t, caught, "%v %v: every read-only transaction reads one state", dialect, iso)
			}
		}
	}
}
