// Package corpus holds real concurrency bugs of public Go projects, each
// rewritten in plain Go (sync, channels, time, context: no racelab import)
// as a test of the buggy form beside a test of the upstream fix. Each
// file cites the report and says what went wrong.
//
// These tests are for `racelab test`: under plain go test the buggy ones
// pass, fail or hang depending on the run, which is the point. They live
// under testdata so that go test ./... never runs them.
package corpus
