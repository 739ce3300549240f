package context

import (
	"context"
	"sync"
	"time"

	"github.com/racelab/racelab/rt/internal/world"
	"github.com/racelab/racelab/rt/lang"
	rttime "github.com/racelab/racelab/rt/time"
	"github.com/racelab/racelab/sim"
)

// The standard types and errors, as aliases, so contexts pass freely to
// and from code that was not translated and errors.Is works across both.
type (
	Context         = context.Context
	CancelFunc      = context.CancelFunc
	CancelCauseFunc = context.CancelCauseFunc
)

var (
	// Canceled is the error of a context canceled by its CancelFunc.
	Canceled = context.Canceled
	// DeadlineExceeded is the error of a context whose deadline passed.
	DeadlineExceeded = context.DeadlineExceeded
)

// Background returns context.Background(): never canceled, no values, no
// deadline.
func Background() Context { return context.Background() }

// TODO returns context.TODO().
func TODO() Context { return context.TODO() }

// WithValue returns a copy of parent carrying key and val, as
// context.WithValue.
func WithValue(parent Context, key, val any) Context { return context.WithValue(parent, key, val) }

// WithoutCancel returns a copy of parent that is not canceled when parent
// is, as context.WithoutCancel.
func WithoutCancel(parent Context) Context { return context.WithoutCancel(parent) }

// cancelKey is the key under which a cancelCtx returns itself from Value,
// as the standard package finds its own contexts.
var cancelKey int

// cancelCtx is a cancelable context of one World. Its simulated channel
// is what translated code waits on (through Done); its real channel, made
// when untranslated code asks for Done(), is closed at the same time.
// Fields under mu are also read by untranslated goroutines; the rest is
// used by the World's threads only, one at a time.
type cancelCtx struct {
	parent    Context
	w         *sim.World
	done      lang.Chan[struct{}]
	canceling bool
	children  []*cancelCtx
	funcs     []*afterFunc
	deadline  time.Time
	timer     *rttime.Timer

	mu       sync.Mutex
	err      error
	cause    error
	realDone chan struct{}
}

type afterFunc struct {
	f       func()
	stopped bool
	started bool
}

// newCancelCtx is called by the exported constructors directly (or one
// level deeper, for WithTimeout): its Done channel is named after the
// program's line that made the context.
func newCancelCtx(w *sim.World, parent Context, skip int) *cancelCtx {
	return &cancelCtx{parent: parent, w: w, done: lang.NamedChan[struct{}](0, "context@"+world.Site(skip+2))}
}

// Deadline returns the context's deadline, or its parent's.
func (c *cancelCtx) Deadline() (time.Time, bool) {
	if !c.deadline.IsZero() {
		return c.deadline, true
	}
	return c.parent.Deadline()
}

// Done returns a real channel closed when the context is canceled, for
// untranslated code; translated code calls the package's Done instead.
func (c *cancelCtx) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.realDone == nil {
		c.realDone = make(chan struct{})
		if c.err != nil {
			close(c.realDone)
		}
	}
	return c.realDone
}

// Err returns nil until the context is canceled, then Canceled or
// DeadlineExceeded. Under a World it is a yield point, as its lock is in Go.
func (c *cancelCtx) Err() error {
	if w := sim.Current(); w != nil {
		w.Yield("context.Err")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Value returns the value for key, or the context itself for cancelKey.
func (c *cancelCtx) Value(key any) any {
	if key == &cancelKey {
		return c
	}
	return c.parent.Value(key)
}

// AfterFunc makes the standard package's own contexts derived from c call
// back here instead of starting a goroutine to watch c.
func (c *cancelCtx) AfterFunc(f func()) func() bool { return c.afterFunc(f) }

// cancel closes the simulated channel (a yield point), then records err
// and cause, closes the real channel, cancels the children and starts the
// AfterFunc functions. The close comes first, so no thread sees the error
// while Done is still open.
func (c *cancelCtx) cancel(removeFromParent bool, err, cause error) {
	if c.canceling {
		return
	}
	c.canceling = true
	if cause == nil {
		cause = err
	}
	inRun := sim.Current() != nil // canceled after the run: only the real channel is left
	if inRun {
		c.done.Close()
	}
	c.mu.Lock()
	c.err, c.cause = err, cause
	if c.realDone != nil {
		close(c.realDone)
	}
	c.mu.Unlock()
	if c.timer != nil && inRun {
		c.timer.Stop()
	}
	children := c.children
	c.children = nil
	for _, child := range children {
		child.cancel(false, err, cause)
	}
	for _, af := range c.funcs {
		if !af.stopped {
			af.started = true
			lang.Go("context.AfterFunc", "context", af.f)
		}
	}
	c.funcs = nil
	if removeFromParent {
		if p := ownCtx(c.parent); p != nil {
			for i, x := range p.children {
				if x == c {
					p.children = append(p.children[:i:i], p.children[i+1:]...)
					break
				}
			}
		}
	}
}

func (c *cancelCtx) afterFunc(f func()) func() bool {
	af := &afterFunc{f: f}
	if c.canceling {
		af.started = true
		lang.Go("context.AfterFunc", "context", f)
	} else {
		c.funcs = append(c.funcs, af)
	}
	return func() bool {
		if af.started || af.stopped {
			return false
		}
		af.stopped = true
		return true
	}
}

// ownCtx returns the nearest cancelCtx of this package that ctx derives
// from and is canceled with, or nil.
func ownCtx(ctx Context) *cancelCtx {
	c, _ := ctx.Value(&cancelKey).(*cancelCtx)
	if c == nil {
		return nil
	}
	if ctx.Done() != c.Done() { // wrapped by a context that cancels on its own
		return nil
	}
	return c
}

// propagate arranges for c to be canceled with its parent.
func (c *cancelCtx) propagate() {
	if c.parent.Done() == nil {
		return
	}
	p := ownCtx(c.parent)
	if p == nil || p.w != c.w {
		c.w.Fail(lang.Uncontrolled, "a context of %T, not made under this run by rt/context, is a parent: racelab cannot watch it", c.parent)
		return
	}
	if p.canceling {
		p.mu.Lock()
		err, cause := p.err, p.cause
		p.mu.Unlock()
		c.cancel(false, err, cause)
		return
	}
	p.children = append(p.children, c)
}

func world0() *sim.World {
	w, _ := world.Get()
	return w
}

// WithCancel returns a copy of parent with a new Done channel, closed when
// cancel is called or when parent's is, as context.WithCancel.
func WithCancel(parent Context) (Context, CancelFunc) {
	w := world0()
	if w == nil {
		return context.WithCancel(parent)
	}
	c := newCancelCtx(w, parent, 0)
	c.propagate()
	return c, func() { c.cancel(true, Canceled, nil) }
}

// WithCancelCause is WithCancel whose cancel function records a cause,
// returned by Cause.
func WithCancelCause(parent Context) (Context, CancelCauseFunc) {
	w := world0()
	if w == nil {
		return context.WithCancelCause(parent)
	}
	c := newCancelCtx(w, parent, 0)
	c.propagate()
	return c, func(cause error) { c.cancel(true, Canceled, cause) }
}

// WithDeadline returns a copy of parent canceled at d (on the World's
// virtual clock), when cancel is called or when parent is.
func WithDeadline(parent Context, d time.Time) (Context, CancelFunc) {
	return withDeadline(parent, d, nil, 1)
}

// WithDeadlineCause is WithDeadline with the cause recorded when the
// deadline passes.
func WithDeadlineCause(parent Context, d time.Time, cause error) (Context, CancelFunc) {
	return withDeadline(parent, d, cause, 1)
}

// withDeadline is WithDeadlineCause, skip frames below the program's call.
func withDeadline(parent Context, d time.Time, cause error, skip int) (Context, CancelFunc) {
	w := world0()
	if w == nil {
		return context.WithDeadlineCause(parent, d, cause)
	}
	c := newCancelCtx(w, parent, skip)
	if cur, ok := parent.Deadline(); ok && cur.Before(d) {
		c.propagate() // the parent's deadline comes first
		return c, func() { c.cancel(true, Canceled, nil) }
	}
	c.deadline = d
	c.propagate()
	dur := rttime.Until(d)
	if dur <= 0 {
		c.cancel(true, DeadlineExceeded, cause)
		return c, func() { c.cancel(false, Canceled, nil) }
	}
	if !c.canceling {
		c.timer = rttime.AfterFunc(dur, func() { c.cancel(true, DeadlineExceeded, cause) })
	}
	return c, func() { c.cancel(true, Canceled, nil) }
}

// WithTimeout is WithDeadline(parent, Now().Add(timeout)).
func WithTimeout(parent Context, timeout time.Duration) (Context, CancelFunc) {
	return withDeadline(parent, rttime.Now().Add(timeout), nil, 1)
}

// WithTimeoutCause is WithDeadlineCause(parent, Now().Add(timeout), cause).
func WithTimeoutCause(parent Context, timeout time.Duration, cause error) (Context, CancelFunc) {
	return withDeadline(parent, rttime.Now().Add(timeout), cause, 1)
}

// Cause returns why c was canceled: the cause given to its cancel
// function, or its Err; nil while it is not canceled.
func Cause(c Context) error {
	if p, _ := c.Value(&cancelKey).(*cancelCtx); p != nil {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.cause
	}
	return context.Cause(c)
}

// AfterFunc arranges for f to run in its own goroutine once ctx is
// canceled (at once if it already is). stop reports whether it kept f from
// starting.
func AfterFunc(ctx Context, f func()) (stop func() bool) {
	w := world0()
	if w == nil {
		return context.AfterFunc(ctx, f)
	}
	if ctx.Done() == nil {
		stopped := false
		return func() bool { was := !stopped; stopped = true; return was }
	}
	c := ownCtx(ctx)
	if c == nil || c.w != w {
		w.Fail(lang.Uncontrolled, "context.AfterFunc on a context of %T, not made under this run by rt/context: racelab cannot watch it", ctx)
	}
	return c.afterFunc(f)
}

// Done returns the channel translated code waits on for ctx.Done(): a nil
// channel for a context that is never canceled (Background, TODO,
// WithoutCancel), the simulated channel of a context of this package, and
// for any other context its real channel, which under a World cannot be
// waited on (an uncontrolled finding, not a hang).
func Done(ctx Context) lang.Chan[struct{}] {
	d := ctx.Done()
	if d == nil {
		return lang.Chan[struct{}]{}
	}
	if c := ownCtx(ctx); c != nil && c.w == sim.Current() {
		return c.done
	}
	return lang.FromChan(d)
}
