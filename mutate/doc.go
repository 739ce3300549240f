// Package mutate measures whether tests can find races: it weakens the code
// under test in the ways developers really break concurrent code, explores
// each weakened copy (a mutant), and reports which ones the tests kill.
//
// [Generate] parses a package's non-test files with go/ast and applies the
// named [Operators] (remove-lock, unlock-early, read-outside-lock,
// split-lock, lower-isolation, drop-retry, reuse-first-read,
// drop-reconnect, error-as-success, swap-writes, drop-once, remove-wait,
// remove-recv, non-atomic), each at every site it matches, one change per
// mutant. [Run] builds every mutant with go build -overlay (the module tree
// is never copied: the mutated file replaces the original in the build only)
// and explores it in its own worker process with a time budget:
//
//   - in catalogue mode (a package of the racelab module that catalogue
//     scenarios cover, as impl/cachesync is covered by cachesync/*), the
//     racelab command is rebuilt with the mutant and explores the clean
//     variants of those scenarios with [Work];
//   - in test mode (any other package), the package's test binary is built
//     with the mutant and its tests run, racetest.Check explorations
//     included; tests in plain Go (no racetest) are explored instead by
//     `racelab test` (Config.RacelabTest), which translates the package
//     with the mutant's file overlaid.
//
// A mutant is killed when the exploration from every start seed finds a
// violation; survived when one seed finds none; no-compile when the build
// fails; timeout when its budget ran out first; and equivalent when no
// schedule of the original's first-seed exploration differs (catalogue mode:
// schedule i of the mutant, run from the same source as the original's,
// gives the same client-visible history: operations, outputs, the order of
// calls and returns, findings; see historyHash), or when it survives and a
// person reviewed it (Config.Reviewed, from mutate-reviewed.txt). The
// score is killed / (killed + survived + timeout).
//
// The results file (schema racelab/mutate/v1, [File]) holds every mutant's
// result; [File.WriteHTML] renders it as one page.
//
// # Reproducing a kill
//
// Every killed mutant names its scenario and schedules; with
// Config.WorkDir (racelab mutate --keep DIR) the mutant's file and overlay
// are kept, and
//
//	go run -overlay DIR/M7/overlay.json ./cmd/racelab run SCENARIO:VARIANT --seed S
//
// replays the exploration that killed it.
package mutate
