package linearize

// cacheGeneration is the number of verdicts one generation of a Checker's
// cache holds; CacheLimit, two generations, bounds it. An exploration of
// millions of schedules sees millions of distinct partitions, and an
// unbounded map grew by about 100 bytes a schedule (cachesync/random-ops
// went from 47 MB to 295 MB over 2.37M schedules). What makes the cache pay
// are the few histories that recur, so a small one keeps nearly every hit.
const cacheGeneration = 1 << 12

// CacheLimit is the most partition verdicts a Checker keeps.
const CacheLimit = 2 * cacheGeneration

// verdictCache is a two-generation cache: new verdicts go into the young
// map; when it is full, the old map is dropped and the young one becomes
// old. A hit in the old generation is copied back into the young one, so a
// verdict asked for again and again survives every turn. (An exact LRU
// would need a list node per entry for no better hit rate here.) It is not
// safe for concurrent use; the Checker's mutex guards it.
type verdictCache struct {
	size       int
	young, old map[uint64]Verdict
}

// newVerdictCache starts small: a Checker is made per exploration (and per
// one-shot Check), and a full-size map up front cost 200 KB and most of the
// set-up time of a short run. A generation that fills up is sized in full.
func newVerdictCache(size int) verdictCache {
	return verdictCache{size: size, young: map[uint64]Verdict{}}
}

func (c *verdictCache) get(key uint64) (Verdict, bool) {
	if v, ok := c.young[key]; ok {
		return v, true
	}
	v, ok := c.old[key]
	if ok {
		c.put(key, v)
	}
	return v, ok
}

func (c *verdictCache) put(key uint64, v Verdict) {
	if len(c.young) >= c.size {
		c.old, c.young = c.young, make(map[uint64]Verdict, c.size)
	}
	c.young[key] = v
}

func (c *verdictCache) len() int {
	n := len(c.young)
	for k := range c.old {
		if _, dup := c.young[k]; !dup {
			n++
		}
	}
	return n
}
