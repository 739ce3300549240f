package corpus

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// codeskyblue/go-sh issue #26, "Possible goroutine leak?": WaitTimeout
// selected between time.After and the channel returned by Go(s.Wait),
// where Go started a goroutine that sent f()'s result on an unbuffered
// channel. On a timeout WaitTimeout killed the process and returned; Wait
// then returned too, and its goroutine blocked forever on the send nobody
// would receive. The fix makes Go's channel buffered.

var errShTimeout = errors.New("exec timeout")

type shSession struct {
	mu     sync.Mutex
	killed chan struct{}
	once   sync.Once
}

// wait returns when the command ends (after runFor) or is killed.
func (s *shSession) wait(runFor time.Duration) error {
	select {
	case <-time.After(runFor):
		return nil
	case <-s.killed:
		return errors.New("signal: killed")
	}
}

func (s *shSession) kill() { s.once.Do(func() { close(s.killed) }) }

func shGo(f func() error, buffered bool) chan error {
	var ch chan error
	if buffered {
		ch = make(chan error, 1)
	} else {
		ch = make(chan error)
	}
	go func() { ch <- f() }()
	return ch
}

func (s *shSession) waitTimeout(runFor, timeout time.Duration, buffered bool) error {
	select {
	case <-time.After(timeout):
		s.kill()
		return errShTimeout
	case err := <-shGo(func() error { return s.wait(runFor) }, buffered):
		return err
	}
}

func goshScenario(t *testing.T, buffered bool) {
	s := &shSession{killed: make(chan struct{})}
	if err := s.waitTimeout(10*time.Second, time.Second, buffered); err != errShTimeout {
		t.Errorf("a command that outlives its timeout: got %v", err)
	}
}

func TestGoShBuggy(t *testing.T) { goshScenario(t, false) }
func TestGoShFixed(t *testing.T) { goshScenario(t, true) }
