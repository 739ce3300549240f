package cache_test

import (
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/cache"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// run runs body as the main thread and fails the test on any finding.
func run(t *testing.T, opts sim.Options, body func(w *sim.World, c *cache.Cache)) {
	t.Helper()
	res := sim.Run(opts, func(w *sim.World) { body(w, cache.New(w, "memcached")) })
	require.False(t, res.Failed(), "%v %v", res.Err, res.Findings)
}

func TestMemcachedSemantics(t *testing.T) {
	run(t, sim.Options{}, func(w *sim.World, c *cache.Cache) {
		stored, err := c.Add("gen", int64(100), 0)
		assert.True(t, stored)
		assert.NoError(t, err)
		stored, _ = c.Add("gen", int64(5), 0)
		assert.False(t, stored, "add only if absent")
		n, err := c.Incr("gen", 1)
		assert.NoError(t, err)
		assert.Equal(t, int64(101), n)
		_, err = c.Incr("missing", 1)
		assert.ErrorIs(t, err, cache.ErrNotFound)
		c.Set("name", "x", 0)
		_, err = c.Incr("name", 1)
		assert.ErrorIs(t, err, cache.ErrNotInteger)
		v, ok, _ := c.Get("gen")
		assert.True(t, ok)
		assert.Equal(t, int64(101), v)
		deleted, _ := c.Delete("gen")
		assert.True(t, deleted)
		_, ok, _ = c.Get("gen")
		assert.False(t, ok)
	})
}

func TestTTLExpiresOnTheVirtualClock(t *testing.T) {
	run(t, sim.Options{}, func(w *sim.World, c *cache.Cache) {
		c.Set("k", int64(1), time.Minute)
		w.Sleep(59 * time.Second)
		_, ok, _ := c.Get("k")
		assert.True(t, ok)
		w.Sleep(time.Second)
		_, ok, _ = c.Get("k")
		assert.False(t, ok)
		stored, _ := c.Add("k", int64(2), 0)
		assert.True(t, stored, "an expired key is absent for add")
	})
}

func TestBackendErrorHasNoEffectAndLostReplyDoes(t *testing.T) {
	for _, tt := range []struct {
		kind    sim.FaultKind
		applied bool
	}{{cache.FaultError, false}, {cache.FaultLostReply, true}} {
		t.Run(string(tt.kind), func(t *testing.T) {
			run(t, sim.Options{Faults: sim.FaultPlan{Rules: []sim.FaultRule{{Kind: tt.kind, Rate: 1, Budget: 1}}}}, func(w *sim.World, c *cache.Cache) {
				err := c.Set("k", int64(1), 0)
				assert.ErrorIs(t, err, cache.ErrBackend)
				_, applied := c.Peek("k")
				assert.Equal(t, tt.applied, applied)
				assert.NoError(t, c.Set("k2", int64(1), 0), "the budget is spent")
			})
		})
	}
}

func TestDownCacheFailsEveryCall(t *testing.T) {
	run(t, sim.Options{}, func(w *sim.World, c *cache.Cache) {
		c.SetDown(true)
		_, _, err := c.Get("k")
		assert.ErrorIs(t, err, cache.ErrBackend)
		_, err = c.Add("k", int64(1), 0)
		assert.ErrorIs(t, err, cache.ErrBackend)
		_, ok := c.Peek("k")
		assert.False(t, ok)
		c.SetDown(false)
		_, err = c.Add("k", int64(1), 0)
		assert.NoError(t, err)
	})
}

func TestEveryCallIsAYieldPointNamingItsKey(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		c := cache.New(w, "mc")
		c.Get("site:gen")
		c.Incr("site:gen", 1)
	})
	var labels []string
	for _, e := range res.Log {
		if e.Kind == sim.EvYield {
			labels = append(labels, e.Label)
		}
	}
	assert.Equal(t, []string{"mc get site:gen", "mc incr site:gen"}, labels)
}

func TestFaultOpsLimitWhereFaultsFire(t *testing.T) {
	run(t, sim.Options{Faults: sim.FaultPlan{Rules: []sim.FaultRule{{Kind: cache.FaultError, Rate: 1, Budget: 5}}}}, func(w *sim.World, c *cache.Cache) {
		c.SetFaultOps("add")
		assert.NoError(t, c.Set("k", int64(1), 0))
		_, _, err := c.Get("k")
		assert.NoError(t, err)
		_, err = c.Add("j", int64(1), 0)
		assert.ErrorIs(t, err, cache.ErrBackend)
		c.SetFaultOps()
		_, err = c.Add("j", int64(1), 0)
		assert.NoError(t, err)
	})
}
