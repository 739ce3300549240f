package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/racelab/racelab/mutate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMutateBadInput(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no package", []string{"mutate"}, "name the packages to mutate"},
		{"unknown operator", []string{"mutate", "--operators", "remove-lok", "../../impl/replica"}, `unknown operator "remove-lok"`},
		{"bad seeds", []string{"mutate", "--seeds", "1,x", "../../impl/replica"}, `--seeds: "x"`},
		{"bad score", []string{"mutate", "--min-score", "95", "../../impl/replica"}, "--min-score 95"},
		{"no such package", []string{"mutate", "./nowhere"}, "mutate:"},
		{"unknown scenario", []string{"mutate", "--scenarios", "replica/nope", "../../impl/replica"}, `unknown scenario "replica/nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := racelab(t, nil, tt.args...)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr, tt.stderr)
			assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
		})
	}
}

// The catalogue's power, measured on one system with the lock and retry
// operators: every mutant that changes what the replica scenarios can see
// is killed. A change to the models or workloads that lets one survive
// fails this test. (make mutate runs every operator on every system.)
func TestMutateCatalogueKillsReplicaMutants(t *testing.T) {
	out := filepath.Join(t.TempDir(), "mutate.json")
	stdout, stderr, code := racelab(t, nil, "mutate", "--operators", "remove-lock,unlock-early,read-outside-lock,split-lock,drop-retry,drop-reconnect",
		"--seeds", "1", "--min-score", "1", "--json", out, "../../impl/replica")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	f, err := mutate.ParseFile(data)
	require.NoError(t, err)
	require.Len(t, f.Packages, 1)
	rep := f.Packages[0]
	assert.Equal(t, "catalogue", rep.Mode)
	assert.GreaterOrEqual(t, rep.Killed, 6, "killed mutants:\n%s", stdout)
	assert.Zero(t, rep.Survived)
	assert.Contains(t, stderr, "mutate: github.com/racelab/racelab/impl/replica 1/", "a progress line per mutant")
}

// A user's package covered by racetest.Check, in test mode: the lock's
// mutants fail its test, and the package's directory is left as it was.
func TestMutateUsersPackageWithRacetest(t *testing.T) {
	dir := filepath.Join("testdata", "hits")
	before, err := os.ReadDir(dir)
	require.NoError(t, err)
	stdout, stderr, code := racelab(t, nil, "mutate", "--seeds", "1", "--min-score", "1", "./testdata/hits")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "(test; seeds 1)")
	assert.Contains(t, stdout, "| remove-lock | hits.go:")
	assert.Contains(t, stdout, "killed | TestTwoHits")
	after, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Equal(t, len(before), len(after), "no trace saved in the package")
}

// A user's package with plain go tests (no racetest), in a module of its
// own: racelab mutate explores each mutant with racelab test, kills the
// lock's and the Once's mutants that lose a vote, prints the score, and
// leaves the package's directory as it was.
func TestMutateUsersPackageWithRacelabTest(t *testing.T) {
	dir := copyModule(t, "testdata/tally")
	before, err := os.ReadDir(dir)
	require.NoError(t, err)
	stdout, stderr, code := racelabIn(t, dir, "mutate", "--seeds", "1", "--operators", "remove-lock,drop-once", ".")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "example.com/user (racelab-test; seeds 1)")
	assert.Regexp(t, `\| remove-lock \| tally\.go:25 \| killed \| TestVotesAreCounted \| \d+ \|`, stdout, "Vote without its lock loses a vote")
	assert.Regexp(t, `\| drop-once \| tally\.go:24 \| killed \| TestVotesAreCounted \|`, stdout, "a second init drops the first votes")
	assert.Regexp(t, `\| remove-lock \| tally\.go:41 \| survived \|`, stdout, "the test never counts beside a vote")
	assert.Regexp(t, `example\.com/user: score 75% \(3 killed of 4;`, stdout)
	after, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Equal(t, len(before), len(after), "no trace saved in the package")
}
