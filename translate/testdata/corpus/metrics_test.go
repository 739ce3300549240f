package corpus

import (
	"sync"
	"testing"
)

// codahale/metrics PR #16, "locking: Prevent deadlock by making lock
// ordering consistent": the package keeps counters, gauges and histograms
// in maps, each behind its own mutex (cm, gm, hm). One path locked them in
// one order and another path in a different order, and a goroutine dump of
// a hung process showed the cycle. The fix always locks hm, then gm, then
// cm.

type metricsRegistry struct {
	cm, gm, hm sync.Mutex
	counters   map[string]uint64
	gauges     map[string]int64
	histograms map[string][]int64
}

func newMetricsRegistry() *metricsRegistry {
	return &metricsRegistry{counters: map[string]uint64{}, gauges: map[string]int64{}, histograms: map[string][]int64{}}
}

// snapshot locks all three in the fixed order: hm, gm, cm.
func (r *metricsRegistry) snapshot() int {
	r.hm.Lock()
	defer r.hm.Unlock()
	r.gm.Lock()
	defer r.gm.Unlock()
	r.cm.Lock()
	defer r.cm.Unlock()
	return len(r.counters) + len(r.gauges) + len(r.histograms)
}

// resetBuggy locks counters first.
func (r *metricsRegistry) resetBuggy() {
	r.cm.Lock()
	defer r.cm.Unlock()
	r.gm.Lock()
	defer r.gm.Unlock()
	r.hm.Lock()
	defer r.hm.Unlock()
	clear(r.counters)
	clear(r.gauges)
	clear(r.histograms)
}

// resetFixed follows snapshot's order.
func (r *metricsRegistry) resetFixed() {
	r.hm.Lock()
	defer r.hm.Unlock()
	r.gm.Lock()
	defer r.gm.Unlock()
	r.cm.Lock()
	defer r.cm.Unlock()
	clear(r.counters)
	clear(r.gauges)
	clear(r.histograms)
}

func metricsScenario(reset func(*metricsRegistry)) {
	r := newMetricsRegistry()
	r.counters["requests"] = 1
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); r.snapshot() }()
	go func() { defer wg.Done(); reset(r) }()
	wg.Wait()
}

func TestMetricsBuggy(t *testing.T) { metricsScenario((*metricsRegistry).resetBuggy) }
func TestMetricsFixed(t *testing.T) { metricsScenario((*metricsRegistry).resetFixed) }
