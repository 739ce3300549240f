package rand_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/rt/internal/rttest"
	rtrand "github.com/racelab/racelab/rt/math/rand"
	"github.com/racelab/racelab/sim"
)

func draws() string {
	return fmt.Sprint(rtrand.Intn(3), rtrand.Int63(), rtrand.Float64(), rtrand.Perm(4), rtrand.Int31n(1000))
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
}

func TestSmallDrawIsADecision(t *testing.T) {
	res := rttest.Run(1, func() { rtrand.Intn(3) })
	n := 0
	for _, c := range res.Decisions {
		if c.Kind == sim.DecideValue && c.N == 3 {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("decisions %v, want one value decision of 3", res.Decisions)
	}
}

func TestOutsideAWorld(t *testing.T) {
	if v := rtrand.Intn(5); v < 0 || v >= 5 {
		t.Fatal(v)
	}
	r := rtrand.New(rtrand.NewSource(1))
	if r.Intn(100) != rtrand.New(rtrand.NewSource(1)).Intn(100) {
		t.Fatal("New is not the standard one")
	}
}
