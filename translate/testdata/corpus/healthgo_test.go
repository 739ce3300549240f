package corpus

import (
	"errors"
	"testing"
	"time"
)

// hellofresh/health-go issue #224, "Goroutine Leak when the Check Timeout
// happens": each health check ran in a goroutine that sent its result on
// an unbuffered channel, and the caller selected between that channel and
// a timeout. After a timeout nobody received, so the check's goroutine
// blocked on its send forever, one more per timed-out check. The fix gives
// the channel a buffer of one.

var errHealthTimeout = errors.New("check timed out")

func healthRunCheck(check func() error, timeout time.Duration, buffered bool) error {
	var res chan error
	if buffered {
		res = make(chan error, 1)
	} else {
		res = make(chan error)
	}
	go func() { res <- check() }()
	select {
	case err := <-res:
		return err
	case <-time.After(timeout):
		return errHealthTimeout
	}
}

func healthScenario(t *testing.T, buffered bool) {
	slowDB := func() error { time.Sleep(2 * time.Second); return nil }
	if err := healthRunCheck(slowDB, time.Second, buffered); err != errHealthTimeout {
		t.Errorf("a check slower than its timeout: got %v, want the timeout", err)
	}
}

func TestHealthGoBuggy(t *testing.T) { healthScenario(t, false) }
func TestHealthGoFixed(t *testing.T) { healthScenario(t, true) }
