package sim

// The same-thread fast path: at a yield point where the loop would resume
// the same thread at once without asking the Source anything (it is the
// only runnable thread, no timer is pending, no fault of the plan can fire
// there, the run is not near its step limit), the thread does the loop's
// work itself and goes on without a coroutine switch. The log, the hash and
// every decision are those of the slow path: the fast path asks no Source
// anything, so it works the same whatever Source is in use.

// continues reports whether t, at a yield point declaring kinds, may go on
// without handing control to the loop.
func (w *World) continues(t *thread, kinds []FaultKind) bool {
	if !fastPath || w.forced != nil || len(w.runq) != 1 || w.runq[0] != t || w.last != t {
		return false
	}
	if w.timers.Len() > 0 && w.opts.TimerRate > 0 {
		return false // pick would ask whether the timer fires
	}
	if len(w.rules) > 0 && (!t.protected && (w.canFault(FaultCrash) || w.canFault(FaultSleep)) || w.canFaultAny(kinds)) {
		return false // faultAt would ask whether a fault fires
	}
	if w.race != nil {
		w.checkRaces(t) // as the loop would on getting control; then a no-op there
	}
	// The yield's event must not reach the step limit's watch window,
	// where it may end the run with the thread parked at the point.
	if w.step+1 >= w.watchFrom {
		return false
	}
	w.fastSteps++
	return true
}

// fastPath turns the fast path off in a test that compares both paths.
var fastPath = true

// canFaultAny reports whether a fault of one of kinds may fire.
func (w *World) canFaultAny(kinds []FaultKind) bool {
	for _, k := range kinds {
		if w.canFault(k) {
			return true
		}
	}
	return false
}

// canFault reports whether tryFault would ask a decision for kind: the
// rule it uses (the last of that kind) has budget left.
func (w *World) canFault(kind FaultKind) bool {
	r := w.rule(kind)
	return r != nil && r.used < r.Budget
}

// rule is the plan's rule for kind (the last of that kind), or nil.
func (w *World) rule(kind FaultKind) *ruleState {
	var r *ruleState
	for i := range w.rules {
		if w.rules[i].Kind == kind {
			r = &w.rules[i]
		}
	}
	return r
}
