package sim_test

import (
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func binomial(n, k int) int {
	r := 1
	for i := 1; i <= k; i++ {
		r = r * (n - k + i) / i
	}
	return r
}

func TestDFSCountsEverySchedule(t *testing.T) {
	tests := []struct {
		name          string
		threads, segs int
		bound         int
		want          int
	}{
		{"2x1 unbounded", 2, 1, -1, binomial(2, 1)},
		{"2x2 unbounded", 2, 2, -1, binomial(4, 2)},
		{"2x3 unbounded", 2, 3, -1, binomial(6, 3)},
		{"2x4 unbounded", 2, 4, -1, binomial(8, 4)},
		{"2x4 bound 0", 2, 4, 0, 2},
		{"3x1 unbounded", 3, 1, -1, 6},
		{"3x3 bound 0", 3, 3, 0, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs, failed, hashes := dfsAll(t, tt.bound, 100_000, segments(tt.threads, tt.segs))
			assert.Equal(t, tt.want, runs, "schedules run")
			assert.Equal(t, tt.want, len(hashes), "distinct schedules")
			assert.Zero(t, failed)
		})
	}
}

func TestDFSBoundGrowsTheSpace(t *testing.T) {
	r0, _, _ := dfsAll(t, 0, 1000, segments(2, 3))
	r1, _, _ := dfsAll(t, 1, 1000, segments(2, 3))
	r2, _, _ := dfsAll(t, 2, 1000, segments(2, 3))
	all, _, _ := dfsAll(t, -1, 1000, segments(2, 3))
	assert.Less(t, r0, r1)
	assert.Less(t, r1, r2)
	assert.LessOrEqual(t, r2, all)
	assert.Equal(t, binomial(6, 3), all)
}

func TestLostUpdateIsFoundByEveryStrategy(t *testing.T) {
	for start := range uint64(20) {
		i := firstFailure(100, func(i int) sim.Source { return sim.Random(sim.ScheduleSeed(start, i)) }, lostUpdate(false))
		assert.GreaterOrEqual(t, i, 0, "random from start seed %d found nothing in 100 schedules", start)
		i = firstFailure(100, func(i int) sim.Source { return sim.PCT(sim.ScheduleSeed(start, i), 2, 20) }, lostUpdate(false))
		assert.GreaterOrEqual(t, i, 0, "pct from start seed %d found nothing in 100 schedules", start)
	}
	_, failed, _ := dfsAll(t, -1, 10_000, lostUpdate(false))
	assert.Positive(t, failed, "dfs")
}

func TestMutexCounterIsCleanUnderExhaustiveDFS(t *testing.T) {
	runs, failed, _ := dfsAll(t, -1, 100_000, lostUpdate(true))
	assert.Zero(t, failed)
	assert.Greater(t, runs, 1)
	t.Logf("%d schedules, all clean", runs)
}

func TestDifferentSeedsGiveDifferentSchedules(t *testing.T) {
	hashes := map[uint64]bool{}
	for s := range uint64(20) {
		hashes[sim.Run(sim.Options{Source: sim.Random(s)}, segments(3, 4)).Hash] = true
	}
	assert.Greater(t, len(hashes), 10)
}

func TestPCTDepthOneRunsThreadsWithoutPreemption(t *testing.T) {
	for s := range uint64(10) {
		res := sim.Run(sim.Options{Source: sim.PCT(s, 1, 50)}, segments(3, 5))
		require.NoError(t, res.Err)
		assert.Zero(t, res.Preemptions(), "seed %d", s)
	}
}

func TestPCTChangePointsPreempt(t *testing.T) {
	preempted := 0
	for s := range uint64(20) {
		res := sim.Run(sim.Options{Source: sim.PCT(s, 3, 15)}, segments(3, 5))
		preempted += res.Preemptions()
	}
	assert.Positive(t, preempted)
}
