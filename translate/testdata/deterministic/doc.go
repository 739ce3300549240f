// Package deterministic holds plain-Go tests of deterministic concurrent
// programs (a pipeline, a worker pool that sums): they pass under go test
// and under racelab test, and print the same lines under both.
package deterministic
