package linearize_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func w(v int) model.RegisterInput { return model.RegisterInput{Write: true, Value: v} }

var r = model.RegisterInput{}

func op(client int, in, out any, call, ret int64) sim.Op {
	return sim.Op{Client: client, Input: in, Output: out, Call: call, Return: ret}
}

func open(client int, in any, call int64) sim.Op {
	return sim.Op{Client: client, Input: in, Call: call, Return: math.MaxInt64, Indeterminate: true}
}

func TestRegisterHistories(t *testing.T) {
	tests := []struct {
		name string
		h    []sim.Op
		want linearize.Verdict
	}{
		{"sequential", []sim.Op{op(0, w(1), 0, 0, 1), op(1, r, 1, 2, 3)}, linearize.Ok},
		{"concurrent read sees either", []sim.Op{op(0, w(1), 0, 0, 10), op(1, r, 0, 2, 3), op(2, r, 1, 4, 5)}, linearize.Ok},
		{"stale read after write returned", []sim.Op{op(0, w(1), 0, 0, 1), op(1, r, 0, 2, 3)}, linearize.Illegal},
		{"reads go back in time", []sim.Op{op(0, w(1), 0, 0, 10), op(1, r, 1, 2, 3), op(2, r, 0, 4, 5)}, linearize.Illegal},
		{"value never written", []sim.Op{op(0, r, 7, 0, 1)}, linearize.Illegal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := linearize.Check(model.Register.Porcupine(), tt.h, time.Second)
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.Verdict, "%v", res)
			assert.Equal(t, tt.want == linearize.Illegal, res.Explanation != nil)
		})
	}
}

func TestExplanationOfAStaleRead(t *testing.T) {
	h := []sim.Op{op(0, w(1), 0, 0, 1), op(1, r, 0, 2, 3)}
	h[1].Thread = "reader"
	res, err := linearize.Check(model.Register.Porcupine(), h, time.Second)
	require.NoError(t, err)
	e := res.Explanation
	require.NotNil(t, e)
	assert.Equal(t, []string{"write(1)"}, e.Prefix)
	assert.Equal(t, "read() -> 0", e.Stuck)
	assert.Equal(t, 1, e.StuckOp)
	assert.Equal(t, "1", e.State)
	assert.Equal(t, "1 operation(s) linearize (write(1)); then read() -> 0 by client 1 (reader) cannot be placed: in state 1 the model does not allow it", e.Text)
}

func kv(o model.KVOp, k, v string) model.KVInput { return model.KVInput{Op: o, Key: k, Value: v} }

func TestPartitionedKVHistories(t *testing.T) {
	ok := []sim.Op{
		op(0, kv(model.KVPut, "x", "a"), "", 0, 5),
		op(1, kv(model.KVAppend, "y", "b"), "", 1, 2),
		op(2, kv(model.KVGet, "x", ""), "a", 3, 4), // concurrent with the put: may see it
		op(1, kv(model.KVGet, "y", ""), "b", 6, 7),
	}
	res, err := linearize.Check(model.KV.Porcupine(), ok, time.Second)
	require.NoError(t, err)
	assert.Equal(t, linearize.Ok, res.Verdict)
	assert.Equal(t, 2, res.Partitions)

	bad := append(ok[:len(ok):len(ok)], op(2, kv(model.KVGet, "y", ""), "", 8, 9)) // y lost its append
	res, err = linearize.Check(model.KV.Porcupine(), bad, time.Second)
	require.NoError(t, err)
	assert.Equal(t, linearize.Illegal, res.Verdict)
	assert.Equal(t, 1, res.Explanation.Partition, "partition y, the second in key order")
	assert.Equal(t, `get(y) -> ""`, res.Explanation.Stuck)
	assert.Equal(t, 4, res.Explanation.StuckOp)
}

func TestIndeterminateOperationMayHaveTakenEffect(t *testing.T) {
	// The write never returned (its connection dropped): a read of 1 is
	// legal only because the write may have taken effect.
	withOpen := []sim.Op{open(0, w(1), 0), op(1, r, 1, 5, 6)}
	res, err := linearize.Check(model.Register.Porcupine(), withOpen, time.Second)
	require.NoError(t, err)
	assert.Equal(t, linearize.Ok, res.Verdict)

	without := []sim.Op{op(1, r, 1, 5, 6)}
	res, err = linearize.Check(model.Register.Porcupine(), without, time.Second)
	require.NoError(t, err)
	assert.Equal(t, linearize.Illegal, res.Verdict)

	// It may also not have taken effect...
	res, err = linearize.Check(model.Register.Porcupine(), []sim.Op{open(0, w(1), 0), op(1, r, 0, 5, 6)}, time.Second)
	require.NoError(t, err)
	assert.Equal(t, linearize.Ok, res.Verdict)

	// ...but not both: once a read saw it, it took effect for good.
	res, err = linearize.Check(model.Register.Porcupine(), []sim.Op{open(0, w(1), 0), op(1, r, 1, 5, 6), op(1, r, 0, 7, 8)}, time.Second)
	require.NoError(t, err)
	assert.Equal(t, linearize.Illegal, res.Verdict)
}

func TestMalformedHistoriesAreErrors(t *testing.T) {
	tests := []struct {
		name string
		h    []sim.Op
		want string
	}{
		{"return before call", []sim.Op{op(0, r, 0, 5, 3)}, "returns at step 3 before its call at step 5"},
		{"negative client", []sim.Op{op(-1, r, 0, 0, 1)}, "negative client -1"},
		{"negative call", []sim.Op{op(0, r, 0, -2, 1)}, "call at step -2"},
		{"client overlaps itself", []sim.Op{op(0, r, 0, 0, 5), op(0, r, 0, 3, 8)}, "client 0 has overlapping operations 0 [0, 5] and 1 [3, 8]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := linearize.Check(model.Register.Porcupine(), tt.h, time.Second)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), "linearize: "))
		})
	}
	// An open operation may overlap its client's later ones.
	_, err := linearize.Check(model.Register.Porcupine(), []sim.Op{open(0, w(1), 0), op(0, r, 1, 3, 4)}, time.Second)
	assert.NoError(t, err)
}

func TestVerdictCacheChecksAPartitionOnce(t *testing.T) {
	c := linearize.NewChecker(model.KV.Porcupine(), time.Second)
	h := []sim.Op{op(0, kv(model.KVPut, "x", "a"), "", 0, 1), op(1, kv(model.KVGet, "x", ""), "a", 2, 3), op(1, kv(model.KVGet, "z", ""), "", 4, 5)}
	first, err := c.Check(h)
	require.NoError(t, err)
	assert.Zero(t, first.Cached)
	assert.Equal(t, 2, c.CacheSize())

	// The same history at other absolute steps hashes alike.
	shifted := make([]sim.Op, len(h))
	for i, o := range h {
		o.Call, o.Return = o.Call*10+100, o.Return*10+100
		shifted[i] = o
	}
	second, err := c.Check(shifted)
	require.NoError(t, err)
	assert.Equal(t, 2, second.Cached)
	assert.Equal(t, first.Verdict, second.Verdict)

	// Another history of z; x is still the same.
	h[2].Output = "q"
	third, err := c.Check(h)
	require.NoError(t, err)
	assert.Equal(t, linearize.Illegal, third.Verdict)
	assert.Equal(t, 1, third.Cached, "partition x comes from the cache")

	// A different order of the same operations is another history.
	h[1].Call, h[1].Return = 0, 1
	h[0].Call, h[0].Return = 2, 3
	fourth, err := c.Check(h)
	require.NoError(t, err)
	assert.Equal(t, linearize.Illegal, fourth.Verdict)
	assert.Zero(t, fourth.Cached)
}

// pathological is many fully concurrent writes of distinct values and a
// read of a value nobody wrote: to prove it illegal the checker must try
// every subset of writes, 2^n states.
func pathological(n int) []sim.Op {
	var h []sim.Op
	for i := range n {
		h = append(h, op(i, w(i+1), 0, int64(i), int64(10*n)))
	}
	return append(h, op(n, r, -1, int64(n), int64(10*n)))
}

func TestPathologicalHistoryTimesOut(t *testing.T) {
	// The verdict is the behaviour under test. How long past its timeout
	// the check returns depends on the machine's load (a 2-core machine
	// running other packages' tests took 1.26 s for a 1 s timeout), so it
	// is only bounded loosely, against a hang: a check that ignored its
	// timeout would run for hours on this history.
	const timeout = 200 * time.Millisecond
	res, err := linearize.Check(model.Register.Porcupine(), pathological(40), timeout)
	require.NoError(t, err)
	assert.Equal(t, linearize.Unknown, res.Verdict)
	assert.GreaterOrEqual(t, res.Elapsed, timeout, "it gave up before its timeout")
	assert.Less(t, res.Elapsed, 100*timeout, "checked for %v", res.Elapsed)
	t.Logf("timed out after %v (timeout %v)", res.Elapsed, timeout)
}
