package sim

// A deadlock beside timers. Go's runtime reports "all goroutines are
// asleep" only when no timer is pending, so a ticker nobody reads hides a
// deadlock forever; racelab reports it. Two rules:
//
//   - No pending timer can wake a thread: every live timer is a channel
//     timer (After, a Ticker) whose channel no thread waits on, and there is
//     no AfterFunc to come. Nothing can ever run again: stuck at once.
//   - Patience: for timerPatience consecutive clock jumps some thread stays
//     blocked on something no timer wakes, and the only threads that ran
//     were woken by timers (ticker readers, sleepers) and woke nobody
//     else; or main has returned and only such threads are left (a
//     leaked ticker reader). A ticker reader could end the wait after that
//     many ticks; a program that does is reported all the same, which is
//     the price of not running on to the step limit.

// timerPatience is the number of clock jumps without progress after which
// a run whose blocked threads only timers keep company is a deadlock.
const timerPatience = 10_000

// timersHopeless reports whether no pending timer can ever let a blocked
// thread go on (see the rules above). It runs only when nothing is
// runnable, before the clock would jump.
func (w *World) timersHopeless() bool {
	wakeable := false
	for _, tm := range w.timers {
		switch {
		case tm.dead:
		case tm.fn != nil:
			wakeable = true
		case tm.thread != nil:
			wakeable = wakeable || tm.thread.waitGen == tm.gen
		case tm.ch != nil:
			wakeable = wakeable || hasLive(tm.ch.recvq)
		}
	}
	if !wakeable {
		return true
	}
	if w.moved != w.lastMoved {
		w.lastMoved, w.stillJumps = w.moved, 0
		return false
	}
	if !w.mainDone && !w.foreverBlocked() {
		w.stillJumps = 0
		return false
	}
	w.stillJumps++
	return w.stillJumps >= timerPatience
}

// foreverBlocked reports whether some live thread waits on something no
// timer wakes: blocked with no timeout and not on a channel a timer feeds.
func (w *World) foreverBlocked() bool {
	fed := map[*chanCore]bool{}
	for _, tm := range w.timers {
		if !tm.dead && tm.ch != nil {
			fed[tm.ch] = true
		}
	}
	for _, t := range w.threads {
		if t.state != blocked || t.timeout != nil {
			continue
		}
		if !waitsOnTimer(t, fed) {
			return true
		}
	}
	return false
}

// waitsOnTimer reports whether t waits in the receive queue of a channel a
// timer feeds.
func waitsOnTimer(t *thread, fed map[*chanCore]bool) bool {
	for c := range fed {
		for _, wt := range c.recvq {
			if wt.t == t {
				return true
			}
		}
	}
	return false
}
