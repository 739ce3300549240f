package explore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func scenario(t *testing.T, name string, program func(w *sim.World)) explore.Target {
	t.Helper()
	sc := &explore.Scenario{Name: "test/" + name, Variants: []explore.Variant{{Name: "v", Expect: results.Clean}},
		Program: func(w *sim.World, _ string) { program(w) }}
	_, err := explore.NewCatalogue(sc)
	require.NoError(t, err)
	return explore.Target{Scenario: sc, Variant: sc.Variants[0]}
}

// A real sync.Mutex held across a yield point blocks the next thread that
// takes it outside the scheduler's sight, and with it the whole schedule.
// The watchdog ends it with a finding that names where the thread blocked.
func TestWatchdogEndsAScheduleBlockedOnARealMutex(t *testing.T) {
	// The abandoned schedules' goroutines stay blocked until the test
	// binary exits, as they would in a user's test.
	tg := scenario(t, "real-mutex", func(w *sim.World) {
		var real sync.Mutex
		wg := w.NewWaitGroup("wg")
		for _, name := range []string{"a", "b"} {
			wg.Go(name, func() {
				real.Lock() // the line the finding must name
				w.Yield("holding a real mutex")
				real.Unlock()
			})
		}
		wg.Wait()
	})
	for seed := range uint64(3) {
		run, err := explore.Explore(context.Background(), tg, explore.Config{Seed: seed + 1, Workers: 2, ScheduleTimeout: 200 * time.Millisecond, Schedules: 1000})
		require.NoError(t, err)
		require.Equal(t, results.Violation, run.Verdict)
		require.NotEmpty(t, run.Findings)
		f := run.Findings[0]
		assert.Equal(t, "hang", f.Kind)
		assert.Contains(t, f.Message, "blocked in sync.Mutex.Lock at explore/watchdog_test.go:")
		require.NotEmpty(t, f.Threads)
		assert.Contains(t, f.Threads[0].At, "watchdog_test.go:")
		assert.Contains(t, f.Threads[0].Stack, "sync.(*Mutex).Lock")
		assert.Contains(t, f.Replay, "racelab replay test/real-mutex:v")
	}
}

// The same holds for a real channel: main waits on it while the thread
// that would send never gets to run.
func TestWatchdogEndsAScheduleBlockedOnARealChannel(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	tg := scenario(t, "real-channel", func(w *sim.World) {
		ch := make(chan int)
		w.Go("sender", func() {
			select {
			case ch <- 1:
			case <-release:
			}
		})
		select {
		case <-ch:
		case <-release:
		}
	})
	run, err := explore.Explore(context.Background(), tg, explore.Config{Seed: 1, Workers: 1, ScheduleTimeout: 200 * time.Millisecond})
	require.NoError(t, err)
	require.NotEmpty(t, run.Findings)
	assert.Equal(t, "hang", run.Findings[0].Kind)
	assert.Contains(t, run.Findings[0].Message, "blocked in select at explore/watchdog_test.go:")
}

// An exploration that interleaves nothing passes, but says so.
func TestExplorationWithNothingToInterleaveWarns(t *testing.T) {
	one := scenario(t, "one-thread", func(w *sim.World) { w.Yield("alone") })
	run, err := explore.Explore(context.Background(), one, explore.Config{Seed: 1, Schedules: 10})
	require.NoError(t, err)
	assert.True(t, run.Met())
	require.Len(t, run.Warnings, 1)
	assert.Contains(t, run.Warnings[0], "one thread only")

	var hits int
	var mu sync.Mutex
	none := scenario(t, "no-yield", func(w *sim.World) {
		// Two threads, and no yield point between them: main returns
		// before a starts, and a real mutex is no yield point.
		w.Go("a", func() { mu.Lock(); hits++; mu.Unlock() })
	})
	run, err = explore.Explore(context.Background(), none, explore.Config{Seed: 1, Schedules: 10})
	require.NoError(t, err)
	require.Len(t, run.Warnings, 1)
	assert.Contains(t, run.Warnings[0], "no schedule made a single scheduling decision")

	racy := scenario(t, "two-threads", func(w *sim.World) {
		wg := w.NewWaitGroup("wg")
		wg.Go("a", func() { w.Yield("a") })
		wg.Go("b", func() { w.Yield("b") })
		wg.Wait()
	})
	run, err = explore.Explore(context.Background(), racy, explore.Config{Seed: 1, Schedules: 10})
	require.NoError(t, err)
	assert.Empty(t, run.Warnings)
}

// A long schedule that goes on taking steps is not hung, however long it
// takes: the watchdog counts from its last progress. (Before, a livelock
// on its way to the step limit, on a loaded machine, was reported as a
// hang.) The program spins on yields for three timeouts of wall time.
func TestWatchdogLetsALongScheduleThatStepsGoOn(t *testing.T) {
	const timeout = 100 * time.Millisecond
	tg := scenario(t, "long", func(w *sim.World) {
		start := time.Now()
		for time.Since(start) < 3*timeout {
			w.Yield("spin")
		}
	})
	tg.Scenario.MaxSteps = 1 << 40
	run, err := explore.Explore(context.Background(), tg, explore.Config{Seed: 1, Workers: 1, Schedules: 1, ScheduleTimeout: timeout})
	require.NoError(t, err)
	for _, f := range run.Findings {
		assert.NotEqual(t, "hang", f.Kind, f.Message)
	}
	assert.Equal(t, results.Clean, run.Verdict)
}
