package main

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"
)

// progress shows how a run advances: bars on a terminal, plain lines every
// few seconds when the output is a file or CI is set.
type progress interface {
	start(name string, total int) tracker
	close()
}

type tracker interface {
	update(done, findings int)
	finish()
}

func newProgress(w io.Writer) progress {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) && os.Getenv("CI") == "" {
		return &barProgress{p: mpb.New(mpb.WithOutput(w), mpb.WithWidth(32))}
	}
	return &lineProgress{w: w, every: 5 * time.Second}
}

// barProgress draws one mpb bar per run.
type barProgress struct{ p *mpb.Progress }

type barTracker struct {
	bar      *mpb.Bar
	findings atomic.Int64
	last     atomic.Int64
	start    time.Time
}

func (b *barProgress) start(name string, total int) tracker {
	t := &barTracker{start: time.Now()}
	t.bar = b.p.AddBar(int64(total),
		mpb.PrependDecorators(decor.Name(name, decor.WCSyncSpaceR)),
		mpb.AppendDecorators(
			decor.CountersNoUnit("%d/%d"),
			decor.Any(func(decor.Statistics) string {
				return fmt.Sprintf(" %.0f/s %d finding(s)", float64(t.last.Load())/max(time.Since(t.start).Seconds(), 1e-3), t.findings.Load())
			}),
			decor.OnComplete(decor.AverageETA(decor.ET_STYLE_GO, decor.WCSyncSpace), ""),
		))
	return t
}

func (t *barTracker) update(done, findings int) {
	t.findings.Store(int64(findings))
	if int64(done) > t.last.Load() {
		t.last.Store(int64(done))
		t.bar.SetCurrent(int64(done))
	}
}

func (t *barTracker) finish() { t.bar.SetTotal(-1, true) }

func (b *barProgress) close() { b.p.Wait() }

// lineProgress prints a line every few seconds for runs that take that long.
type lineProgress struct {
	w     io.Writer
	every time.Duration
}

type lineTracker struct {
	done, findings atomic.Int64
	stop           chan struct{}
	exited         chan struct{}
}

func (l *lineProgress) start(name string, total int) tracker {
	t := &lineTracker{stop: make(chan struct{}), exited: make(chan struct{})}
	began := time.Now()
	go func() {
		defer close(t.exited)
		tick := time.NewTicker(l.every)
		defer tick.Stop()
		for {
			select {
			case <-t.stop:
				return
			case <-tick.C:
				done := t.done.Load()
				rate := float64(done) / time.Since(began).Seconds()
				eta := "?"
				if rate > 0 && int64(total) > done {
					eta = (time.Duration(float64(int64(total)-done)/rate) * time.Second).Round(time.Second).String()
				}
				fmt.Fprintf(l.w, "  %s: %d/%d schedules, %.0f/s, %d finding(s), ETA %s\n", name, done, total, rate, t.findings.Load(), eta)
			}
		}
	}()
	return t
}

func (t *lineTracker) update(done, findings int) {
	t.done.Store(int64(done))
	t.findings.Store(int64(findings))
}

func (t *lineTracker) finish() { close(t.stop); <-t.exited }

func (l *lineProgress) close() {}
