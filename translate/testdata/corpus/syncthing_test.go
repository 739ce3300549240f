package corpus

import (
	"sync"
	"testing"
)

// syncthing/syncthing PR #6496, "cmd/strelaypoolsrv: Fix race condition
// in caching": the relay pool server looked up a client's rate limiter
// under a read lock and, on a miss, created one and stored it under the
// write lock; concurrent first requests from one address each created
// their own limiter, so the address got more than its rate. The fix holds
// one lock until the key's presence is settled.

type stLimiter struct{ tokens int }

type stLimiters struct {
	mu sync.RWMutex
	m  map[string]*stLimiter
}

func (l *stLimiters) getBuggy(addr string) *stLimiter {
	l.mu.RLock()
	lim, ok := l.m[addr]
	l.mu.RUnlock()
	if ok {
		return lim
	}
	lim = &stLimiter{tokens: 1}
	l.mu.Lock()
	l.m[addr] = lim
	l.mu.Unlock()
	return lim
}

func (l *stLimiters) getFixed(addr string) *stLimiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.m[addr]
	if !ok {
		lim = &stLimiter{tokens: 1}
		l.m[addr] = lim
	}
	return lim
}

func syncthingScenario(t *testing.T, get func(*stLimiters, string) *stLimiter) {
	l := &stLimiters{m: map[string]*stLimiter{}}
	var mu sync.Mutex
	allowed := 0
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lim := get(l, "192.0.2.1")
			mu.Lock()
			defer mu.Unlock()
			if lim.tokens > 0 {
				lim.tokens--
				allowed++
			}
		}()
	}
	wg.Wait()
	if allowed != 1 {
		t.Errorf("one address with one token was allowed %d requests", allowed)
	}
}

func TestSyncthingBuggy(t *testing.T) { syncthingScenario(t, (*stLimiters).getBuggy) }
func TestSyncthingFixed(t *testing.T) { syncthingScenario(t, (*stLimiters).getFixed) }
