package corpus

import (
	"context"
	"testing"
	"time"
)

// bookingcom/carbonapi PR #193 (review thread on pkg/backend/net/net.go):
// Backend.do ran the HTTP request in a goroutine that sent its result on
// an unbuffered channel, while the caller selected on that channel and
// ctx.Done(). When the context was cancelled the caller returned, and the
// request goroutine, finishing later, blocked forever on its send: one
// leaked goroutine per cancelled request. The fix makes the send a select
// with ctx.Done() as well.

type carbonResult struct {
	body string
	err  error
}

func carbonDo(ctx context.Context, request func() (string, error), sendRespectsCtx bool) (string, error) {
	ch := make(chan carbonResult)
	go func() {
		body, err := request()
		if sendRespectsCtx {
			select {
			case ch <- carbonResult{body, err}:
			case <-ctx.Done():
			}
			return
		}
		ch <- carbonResult{body, err}
	}()
	select {
	case r := <-ch:
		return r.body, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func carbonScenario(t *testing.T, sendRespectsCtx bool) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	slowBackend := func() (string, error) { time.Sleep(3 * time.Second); return "[]", nil }
	if _, err := carbonDo(ctx, slowBackend, sendRespectsCtx); err != context.DeadlineExceeded {
		t.Errorf("a request slower than its deadline: got %v", err)
	}
}

func TestCarbonapiBuggy(t *testing.T) { carbonScenario(t, false) }
func TestCarbonapiFixed(t *testing.T) { carbonScenario(t, true) }
