package corpus

import (
	"sync"
	"testing"
)

// adrianbrad/queue PR #5, "fix: cond.wait() not in for condition loop":
// the blocking queue's GetWait checked for an empty queue with if, not
// for, before cond.Wait. A consumer woken by Offer's Signal could find the
// element already taken by another consumer that arrived without waiting,
// and read an empty queue. The fix waits in a loop.

type blockingQueue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func newBlockingQueue() *blockingQueue {
	q := &blockingQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *blockingQueue) offer(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, v)
	q.cond.Signal()
}

func (q *blockingQueue) getWaitBuggy() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0] // may be empty: index out of range
	q.items = q.items[1:]
	return v
}

func (q *blockingQueue) getWaitFixed() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

func queueScenario(t *testing.T, get func(*blockingQueue) int) {
	q := newBlockingQueue()
	var wg sync.WaitGroup
	sums := make([]int, 2)
	for i := range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); sums[i] = get(q) }()
	}
	q.offer(1)
	q.offer(2)
	wg.Wait()
	if sums[0]+sums[1] != 3 {
		t.Errorf("consumers got %v, want 1 and 2", sums)
	}
}

func TestQueueBuggy(t *testing.T) { queueScenario(t, (*blockingQueue).getWaitBuggy) }
func TestQueueFixed(t *testing.T) { queueScenario(t, (*blockingQueue).getWaitFixed) }
