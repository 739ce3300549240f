// Package racetest runs racelab inside go test: [Check] explores a program
// of the test's under a deterministic scheduler and fails the test with the
// finding, its explanation and a line that replays it.
//
// On a failure, Check writes the failing schedule's trace to
// testdata/racelab/<Test>-<hash>.json (as rapid writes fail files) and
// prints
//
//	go test -run '^TestX$' -racelab.replay=testdata/racelab/TestX-<hash>.json
//
// Saved traces of a test are replayed first on every later run, so a bug
// once found stays found until the trace passes (remove the file once the
// fix is confirmed).
//
// [RunTranslated] runs a test that racelab test translated from plain Go
// (func TestX(t *testing.T) turned into func racelabTestX(t *T), its sync,
// time, channels and go statements calling the drop-ins under rt/) with the
// same engine, once per schedule, and reports what cannot be scheduled
// (untranslated goroutines, real waits, nondeterminism) as findings.
//
// Flags: -racelab.seed (start seed; default random, printed on failure),
// -racelab.schedules, -racelab.strategy (random, pct, dfs) and
// -racelab.replay (a trace named there that cannot be replayed fails the
// test). With -short, budgets are a tenth. A schedule stuck outside the
// scheduler (a real sync.Mutex or channel) fails the test with a hang
// finding after Options.ScheduleTimeout instead of hanging it.
//
// # Reproducing a failure
//
// Paste the printed command, or pass the same -racelab.seed.
package racetest
