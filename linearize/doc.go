// Package linearize checks recorded histories ([sim.Op]) for
// linearizability with porcupine, against any porcupine model.
//
// A [Checker] validates a history first (every return at or after its call,
// non-negative clients, no client with two overlapping operations) and
// reports a malformed one as an error, never as a verdict. It then checks
// each partition of the model on its own, always with a timeout, and
// returns a [Verdict]: Ok, Illegal or Unknown (timed out). An Illegal result
// carries an [Explanation] in plain words: the longest linearizable prefix
// of the failing partition, the first operation that cannot be placed after
// it, and the model state there.
//
// Operations whose outcome is unknown ([sim.Op].Indeterminate) are given the
// output [model.Unknown]; models built with the model package accept any
// output for them and let them take effect or not.
//
// Checking often costs more than running a schedule, so a Checker caches
// verdicts by a hash of each partition's history with its timestamps
// replaced by their ranks: two runs that produced the same partition
// history in the same order are checked once.
//
// # Reproducing a failure
//
// A verdict depends only on the model and the history: save the history of a
// failing run (its trace replays it) and Check gives the same answer.
package linearize
