// Package model holds racelab's sequential specifications: what each system
// must do when its operations run one at a time. A model is plain data and
// pure functions; it knows nothing of threads, time or schedulers.
//
// [Model] is a typed layer over porcupine's interface{} API: Init, and a Step
// that returns every legal (output, next state) pair of an input, so that
// nondeterministic specifications (an operation that may fail with no
// effect, an in-doubt write) are written as plainly as deterministic ones.
// [Model.Porcupine] turns it into a porcupine.Model over sets of states,
// partitioned by [Model.Key].
//
// An operation whose outcome is unknown (its thread crashed, its connection
// dropped during commit) is recorded with the output [Unknown]; every model
// then accepts it with any output, and lets it take effect or not. No model
// re-implements that.
//
// # Reproducing a failure
//
// A model's verdict depends only on the history it is given: a history
// saved from a failing run checks the same way every time.
package model
