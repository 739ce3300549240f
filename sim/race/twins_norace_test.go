//go:build !race

package race_test

import "testing"

// Without the race detector the twins run in this process: each must run to
// completion (under it, native_race_test.go runs them in child processes).
func TestTwinsRun(t *testing.T) {
	for _, tw := range twins {
		tw.run()
	}
}
