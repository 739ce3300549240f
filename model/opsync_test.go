package model_test

import (
	"testing"

	"github.com/racelab/racelab/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpSyncUpdateSemantics(t *testing.T) {
	m := model.OpSync
	apply := func(s model.OpSyncState, in model.OpSyncInput, out model.OpSyncOutput) model.OpSyncState {
		t.Helper()
		next := m.Apply(s, in, out)
		require.Len(t, next, 1, "%v -> %v", in, out)
		return next[0]
	}
	listed := func(s model.OpSyncState, comp string) bool {
		return len(m.Apply(s, model.OpSyncInput{Call: model.OpListed, Comp: comp, DS: "d"}, model.OpSyncOutput{Listed: true})) == 1
	}
	s := apply(m.Init(), model.OpSyncInput{Call: model.OpUpdate, Comp: "UPLOAD", DS: "d", State: "OK", Enabled: []string{"BACKUP", "UNPACK"}}, model.OpSyncOutput{})
	assert.True(t, listed(s, "BACKUP"))
	assert.True(t, listed(s, "UNPACK"))
	assert.False(t, listed(s, "UPLOAD"))

	// A SyncSqlError is legal only with no effect, and only once every
	// retry failed.
	unpack := model.OpSyncInput{Call: model.OpUpdate, Comp: "UNPACK", DS: "d", State: "OK", Enabled: []string{"INDEX"}}
	failed := apply(s, unpack, model.OpSyncOutput{Err: true, GaveUp: true})
	assert.Equal(t, s, failed)
	assert.Empty(t, m.Apply(s, unpack, model.OpSyncOutput{Err: true}), "a SyncSqlError before the retries were spent")

	// A message alone on a missing row creates it FAILED.
	msg := apply(s, model.OpSyncInput{Call: model.OpUpdate, Comp: "INDEX", DS: "d", Msg: "boom"}, model.OpSyncOutput{})
	assert.Contains(t, m.DescribeState(msg), `INDEX=FAILED("boom")`)

	// The ordering quirk: a component that enables itself ends READY.
	self := apply(s, model.OpSyncInput{Call: model.OpUpdate, Comp: "INDEX", DS: "d", State: "OK", Enabled: []string{"INDEX"}}, model.OpSyncOutput{})
	assert.True(t, listed(self, "INDEX"))

	// Error sets FAILED with the message.
	e := apply(s, model.OpSyncInput{Call: model.OpError, Comp: "UNPACK", DS: "d", Msg: "bad tarball"}, model.OpSyncOutput{})
	assert.False(t, listed(e, "UNPACK"))
	assert.Contains(t, m.DescribeState(e), `UNPACK=FAILED("bad tarball")`)
}
