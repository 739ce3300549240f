package model_test

import (
	"testing"

	"github.com/anishathalye/porcupine"
	"github.com/racelab/racelab/model"
	"github.com/stretchr/testify/assert"
)

func TestStepIsPure(t *testing.T) {
	// Running Step twice on one state gives the same outcomes, and the
	// state is unchanged (STYLE 9).
	s := "ab"
	in := model.KVInput{Op: model.KVAppend, Key: "k", Value: "c"}
	first := model.KV.Step(s, in)
	second := model.KV.Step(s, in)
	assert.Equal(t, first, second)
	assert.Equal(t, "ab", s)
	assert.Equal(t, "abc", first[0].Next)
}

func TestUnknownOutputMayOrMayNotTakeEffect(t *testing.T) {
	next := model.Register.Apply(5, model.RegisterInput{Write: true, Value: 7}, model.Unknown{})
	assert.ElementsMatch(t, []int{5, 7}, next)
	assert.Empty(t, model.Register.Apply(5, model.RegisterInput{}, 6), "a read of 5 cannot return 6")
	assert.Empty(t, model.Register.Apply(5, model.RegisterInput{}, "five"), "an output of the wrong type is illegal")
}

func TestPorcupineModelOverSetsOfStates(t *testing.T) {
	pm := model.Register.Porcupine()
	ok, st := pm.Step(pm.Init(), model.RegisterInput{Write: true, Value: 3}, model.Unknown{})
	assert.True(t, ok)
	assert.Equal(t, "one of: 0 | 3", pm.DescribeState(st))
	ok, st = pm.Step(st, model.RegisterInput{}, 3)
	assert.True(t, ok)
	assert.Equal(t, "3", pm.DescribeState(st))
	ok, _ = pm.Step(st, model.RegisterInput{}, 4)
	assert.False(t, ok)
	assert.Equal(t, "write(3) -> ?", pm.DescribeOperation(model.RegisterInput{Write: true, Value: 3}, model.Unknown{}))
}

func TestKVPartitionsByKeyInKeyOrder(t *testing.T) {
	pm := model.KV.Porcupine()
	h := []porcupine.Operation{
		{Input: model.KVInput{Op: model.KVPut, Key: "b", Value: "1"}},
		{Input: model.KVInput{Op: model.KVPut, Key: "a", Value: "2"}},
		{Input: model.KVInput{Op: model.KVGet, Key: "b"}},
	}
	parts := pm.Partition(h)
	assert.Len(t, parts, 2)
	assert.Equal(t, "a", parts[0][0].Input.(model.KVInput).Key)
	assert.Len(t, parts[1], 2)
}
