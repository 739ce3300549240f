package lang

import "github.com/racelab/racelab/sim"

// Uncontrolled is the finding kind of a wait racelab cannot schedule: a
// channel or context of untranslated code, a goroutine it started, a
// schedule that stopped making progress in wall-clock time.
const Uncontrolled sim.FindingKind = "uncontrolled"
