// Package context is package context for translated code: Background,
// TODO, WithCancel, WithCancelCause, WithDeadline(Cause), WithTimeout(Cause),
// WithValue, WithoutCancel, AfterFunc and Cause, with the standard types
// (Context, CancelFunc and the errors are aliases).
//
// # Contract
//
// Under a World (sim.Current() != nil) the cancelable contexts are this
// package's: canceling closes a simulated channel (a yield point) that
// translated code waits on through [Done] (the translator rewrites
// ctx.Done() to context.Done(ctx)), deadlines run on the virtual clock, and
// AfterFunc functions run as threads. They still implement context.Context:
// their Done method returns a real channel closed at the same time, for
// code that was not translated. A context of another kind with a Done
// channel (made outside the run, or by untranslated code) cannot be
// watched: using it as a parent, with AfterFunc, or waiting on its Done is
// an "uncontrolled" finding.
//
// Outside a World every function is the standard one.
//
// # Reproducing a failure
//
// Under a World every operation here is a decision or an event of the run,
// so the run replays from its trace: racetest.RunTranslated prints the line
// that replays a failing schedule.
package context
