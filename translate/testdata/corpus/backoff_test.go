package corpus

import (
	"context"
	"testing"
	"time"
)

// lestrrat-go/backoff PR #30, "fix goroutine leaks": a backoff
// controller's goroutine waited out each interval and then sent on its
// unbuffered Next channel. Once the caller's context was cancelled the
// caller stopped receiving, and the goroutine blocked on that send
// forever. The fix selects on ctx.Done() around the send too.

func backoffStart(ctx context.Context, interval time.Duration, fixed bool) <-chan struct{} {
	next := make(chan struct{})
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(interval):
			}
			if fixed {
				select {
				case next <- struct{}{}:
				case <-ctx.Done():
					return
				}
				continue
			}
			next <- struct{}{}
		}
	}()
	return next
}

func backoffScenario(fixed bool) {
	ctx, cancel := context.WithCancel(context.Background())
	next := backoffStart(ctx, 100*time.Millisecond, fixed)
	<-next // first retry
	<-next // second retry: the operation succeeds
	time.Sleep(150 * time.Millisecond)
	cancel()
}

func TestBackoffBuggy(t *testing.T) { backoffScenario(false) }
func TestBackoffFixed(t *testing.T) { backoffScenario(true) }
