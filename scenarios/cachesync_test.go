package scenarios

import (
	"testing"
	"time"

	"github.com/racelab/racelab/impl/cachesync"
	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/cache"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The same synchronizer and workload run on real goroutines, with real
// cache errors injected at random: the fixed variant's histories are
// linearizable there too.
func TestCacheSyncRunsNatively(t *testing.T) {
	runs := 200
	if testing.Short() {
		runs = 50
	}
	faults := sim.FaultPlan{Rules: []sim.FaultRule{{Kind: cache.FaultError, Rate: 0.2, Budget: 2}}}
	for i := range runs {
		res := sim.RunNative(sim.NativeOptions{Seed: uint64(i), StressRate: 0.3, MaxStressSleep: 50 * time.Microsecond, Faults: faults}, func(rt sim.Runtime) {
			syncWorkload(rt, cache.New(rt, "memcached"), cachesync.Fixed, []string{"get", "add", "incr", "delete"}, randomSyncScripts(rt))
		})
		require.Empty(t, res.Findings)
		require.NotEmpty(t, res.History)
		lr, err := linearize.Check(cacheSyncModel, res.History, 5*time.Second)
		require.NoError(t, err)
		assert.NotEqual(t, linearize.Illegal, lr.Verdict, "native run %d: %v", i, lr)
	}
}

// The model itself: the fault in the output decides what is legal.
func TestCacheSyncModelSeparatesTheVariants(t *testing.T) {
	m := model.CacheSync
	s := m.Init()
	s = m.Step(s, model.SyncInput{Op: model.SyncNew, Inst: 0})[0].Next
	assert.Empty(t, m.Apply(s, model.SyncInput{Op: model.SyncIsExpired, Inst: 0}, model.SyncOutput{Expired: false, Failed: "get"}),
		"a faulted expiry check may not answer not-expired")
	assert.NotEmpty(t, m.Apply(s, model.SyncInput{Op: model.SyncIsExpired, Inst: 0}, model.SyncOutput{Expired: true, Failed: "get"}))
	after := m.Apply(s, model.SyncInput{Op: model.SyncRefresh, Inst: 0}, model.SyncOutput{Failed: "add"})
	require.Len(t, after, 1)
	assert.Empty(t, m.Apply(after[0], model.SyncInput{Op: model.SyncIsExpired, Inst: 0}, model.SyncOutput{Expired: false}),
		"after a failed add the instance's generation is fresh: expired")
}

// A MarkUpdated whose incr finds the key missing, whose fallback add loses
// to a concurrent refresh and whose get then fails changes nothing (spec
// 2.2: "if add returned False and get raises, sync_gen is unchanged"): the
// model allows it once the key is present again. random-ops, with Clear in
// its workload, finds that history in the fixed variant.
func TestCacheSyncMarkUpdatedFallbackGetFails(t *testing.T) {
	m := model.CacheSync
	s := m.Step(m.Init(), model.SyncInput{Op: model.SyncNew, Inst: 0})[0].Next
	after := m.Apply(s, model.SyncInput{Op: model.SyncMarkUpdated, Inst: 1}, model.SyncOutput{Failed: "get"})
	require.Len(t, after, 1)
	assert.Equal(t, s, after[0], "no effect")
}
