// Package diff holds six small plain-Go programs (timers, tickers, select
// with default, busy polling, a mutex, a panic of a closed channel) as
// tests that each compute a coarse outcome and append it, as a line
// "TestName outcome", to the file named by RACELAB_DIFF_OUT. cmd/racelab's
// differential test runs them natively many times and under racelab test,
// and checks that every native outcome is reachable under the scheduler.
package diff
