package linearize

import (
	"testing"

	"github.com/anishathalye/porcupine"
	"github.com/stretchr/testify/assert"
)

type pair struct {
	Op  string
	Key int
	m   map[string]int
}

// named prints like its string, and must still hash apart from it.
type named string

func (n named) String() string { return string(n) }

// The partition hash is the verdict cache's key: equal histories (steps
// shifted, map entries inserted in another order) hash alike, and a change
// of any client, order, field, type or map entry changes it.
func TestHashPartitionSeparatesWhatDiffers(t *testing.T) {
	op := func(client int, call, ret int64, in, out any) porcupine.Operation {
		return porcupine.Operation{ClientId: client, Call: call, Return: ret, Input: in, Output: out}
	}
	m1 := map[string]int{"a": 1, "b": 2, "c": 3}
	m2 := map[string]int{"c": 3, "a": 1, "b": 2}
	base := []porcupine.Operation{op(0, 1, 4, pair{"put", 1, m1}, true), op(1, 2, 3, "get", 7)}
	shifted := []porcupine.Operation{op(0, 10, 40, pair{"put", 1, m2}, true), op(1, 20, 30, "get", 7)}
	assert.Equal(t, hashPartition(base), hashPartition(shifted))

	for name, other := range map[string][]porcupine.Operation{
		"client":     {op(1, 1, 4, pair{"put", 1, m1}, true), op(1, 2, 3, "get", 7)},
		"order":      {op(0, 1, 2, pair{"put", 1, m1}, true), op(1, 3, 4, "get", 7)},
		"field":      {op(0, 1, 4, pair{"put", 2, m1}, true), op(1, 2, 3, "get", 7)},
		"map entry":  {op(0, 1, 4, pair{"put", 1, map[string]int{"a": 1, "b": 2, "c": 4}}, true), op(1, 2, 3, "get", 7)},
		"nil map":    {op(0, 1, 4, pair{"put", 1, nil}, true), op(1, 2, 3, "get", 7)},
		"type":       {op(0, 1, 4, pair{"put", 1, m1}, true), op(1, 2, 3, named("get"), 7)},
		"int width":  {op(0, 1, 4, pair{"put", 1, m1}, true), op(1, 2, 3, "get", int64(7))},
		"output":     {op(0, 1, 4, pair{"put", 1, m1}, false), op(1, 2, 3, "get", 7)},
		"nil output": {op(0, 1, 4, pair{"put", 1, m1}, nil), op(1, 2, 3, "get", 7)},
	} {
		assert.NotEqual(t, hashPartition(base), hashPartition(other), name)
	}
}
