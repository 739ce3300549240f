package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// --faults over a scenario meant to run fault-free says so before it runs:
// a violation it then reports may be the injected fault's, not a bug.
func TestFaultsOverFaultFreeScenarioWarns(t *testing.T) {
	_, stderr, _ := racelab(t, nil, "run", "replica/first-push:fixed", "--faults", "db.disconnect:0.5:4", "--seed", "1")
	assert.Contains(t, stderr, "racelab: warning: --faults: replica/first-push:fixed is fault-free by design")

	_, stderr, _ = racelab(t, nil, "run", "replica/disconnect-during-push:fixed", "--faults", "db.disconnect:0.5:4", "--seed", "1")
	assert.NotContains(t, stderr, "fault-free by design", "a scenario with a fault plan of its own")

	_, stderr, _ = racelab(t, nil, "run", "replica/first-push:fixed", "--seed", "1")
	assert.NotContains(t, stderr, "fault-free by design", "no --faults, no warning")
}
