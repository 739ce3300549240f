package races

import (
	"sync"
	"testing"
)

// counter: two goroutines increment one int.
func counter(locked bool) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	n := 0
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if locked {
				mu.Lock()
				defer mu.Unlock()
			}
			n++
		}()
	}
	wg.Wait()
	return n
}

func TestCounterRacy(t *testing.T) {
	if n := counter(false); n != 2 {
		t.Fatalf("counter = %d after two increments", n)
	}
}

func TestCounterLocked(t *testing.T) {
	if n := counter(true); n != 2 {
		t.Fatalf("counter = %d after two increments", n)
	}
}

type config struct{ name string }

var (
	instance *config
	inits    int
	instMu   sync.Mutex
)

// get initializes instance on first use, without a lock (racy) or under
// instMu.
func get(locked bool) *config {
	if locked {
		instMu.Lock()
		defer instMu.Unlock()
	}
	if instance == nil {
		inits++
		instance = &config{name: "default"}
	}
	return instance
}

func lazyInit(t *testing.T, locked bool) {
	instance, inits = nil, 0
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			get(locked)
		}()
	}
	wg.Wait()
	if inits != 1 {
		t.Fatalf("initialized %d times", inits)
	}
}

func TestLazyInitRacy(t *testing.T)   { lazyInit(t, false) }
func TestLazyInitLocked(t *testing.T) { lazyInit(t, true) }

// job reports its result through a callback that runs in another
// goroutine and sets a field the caller reads.
type job struct {
	mu     sync.Mutex
	result string
}

func (j *job) run(locked bool, done func()) {
	go func() {
		if locked {
			j.mu.Lock()
			defer j.mu.Unlock()
		}
		j.result = "ok"
		done()
	}()
}

func callback(t *testing.T, locked bool) {
	j := &job{}
	var wg sync.WaitGroup
	wg.Add(1)
	j.run(locked, func() {})
	go func() { defer wg.Done() }()
	if locked {
		j.mu.Lock()
	}
	_ = j.result // the caller looks without waiting
	if locked {
		j.mu.Unlock()
	}
	wg.Wait()
}

func TestCallbackFieldRacy(t *testing.T)   { callback(t, false) }
func TestCallbackFieldLocked(t *testing.T) { callback(t, true) }

// mapWrites: two goroutines write one map.
func mapWrites(locked bool) map[int]int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	m := map[int]int{}
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if locked {
				mu.Lock()
				defer mu.Unlock()
			}
			m[i] = i
		}()
	}
	wg.Wait()
	return m
}

func TestMapRacy(t *testing.T)   { mapWrites(false) }
func TestMapLocked(t *testing.T) { mapWrites(true) }

// appends: two goroutines append to one slice.
func appends(locked bool) []int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	var s []int
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if locked {
				mu.Lock()
				defer mu.Unlock()
			}
			s = append(s, i)
		}()
	}
	wg.Wait()
	return s
}

func TestAppendRacy(t *testing.T) {
	if s := appends(false); len(s) != 2 {
		t.Fatalf("%d elements after two appends", len(s))
	}
}

func TestAppendLocked(t *testing.T) {
	if s := appends(true); len(s) != 2 {
		t.Fatalf("%d elements after two appends", len(s))
	}
}
