package rand_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/rt/internal/rttest"
	rtrand "github.com/racelab/racelab/rt/math/rand/v2"
)

func draws() string {
	return fmt.Sprint(rtrand.IntN(3), rtrand.Uint64(), rtrand.N(10*time.Second), rtrand.Perm(3), rtrand.Int64N(1<<40))
}

func TestDrawsFollowTheWorld(t *testing.T) {
	distinct := map[string]bool{}
	for seed := uint64(1); seed <= 10; seed++ {
		var a, b string
		rttest.Run(seed, func() { a = draws() })
		rttest.Run(seed, func() { b = draws() })
		if a != b {
			t.Fatalf("seed %d: %s then %s", seed, a, b)
		}
		distinct[a] = true
	}
	if len(distinct) < 5 {
		t.Fatalf("%d distinct draws in 10 seeds", len(distinct))
	}
	if v := rtrand.IntN(4); v < 0 || v >= 4 {
		t.Fatal(v)
	}
}
