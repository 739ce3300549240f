//go:build race

package race_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The differential test: every real-goroutine twin runs in a child process
// of this (race-enabled) test binary, and Go's race detector must agree with
// the edge tables: quiet where the program keeps an edge, a report where it
// does not.

const twinEnv = "RACELAB_RACE_TWIN"

func TestTwinChild(t *testing.T) {
	name := os.Getenv(twinEnv)
	if name == "" {
		t.Skip("only as the child of TestGoRaceDetectorAgrees")
	}
	for _, tw := range twins {
		if tw.name == name {
			tw.run()
			return
		}
	}
	t.Fatalf("no twin %q", name)
}

func TestGoRaceDetectorAgrees(t *testing.T) {
	for _, tw := range twins {
		t.Run(tw.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestTwinChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), twinEnv+"="+tw.name, "GORACE=atexit_sleep_ms=0")
			out, _ := cmd.CombinedOutput()
			raced := strings.Contains(string(out), "WARNING: DATA RACE")
			want := !tw.withEdge
			if why := goDiffers[tw.name]; why != "" {
				want = !want
				t.Logf("Go's race detector differs: %s", why)
			}
			if raced != want {
				t.Errorf("Go's race detector: race=%v, want %v\n%s", raced, want, out)
			}
		})
	}
}
