package lang_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/rt/internal/rttest"
	"github.com/racelab/racelab/rt/lang"
)

func TestSelectAsGo(t *testing.T) {
	real, simulated := rttest.Both(func() string {
		a := lang.MakeChan[int](1)
		var never lang.Chan[int]
		out := ""
		i, _, _ := lang.Select(lang.Recv(a), lang.Recv(never), lang.Default())
		out += fmt.Sprint("empty:", i)
		a.Send(5)
		i, v, ok := lang.Select(lang.Recv(never), lang.Recv(a))
		out += fmt.Sprint(" ready:", i, v, ok)
		i, _, _ = lang.Select(lang.Send(a, 6), lang.Send(never, 1), lang.Default())
		out += fmt.Sprint(" send:", i, a.Len())
		a.Recv()
		a.Close()
		i, v, ok = lang.Select(lang.Recv(a), lang.Default())
		out += fmt.Sprint(" closed:", i, v, ok)
		return out
	})
	if real != simulated || real != "empty:2 ready:1 5 true send:0 1 closed:0 0 false" {
		t.Fatalf("real %q simulated %q", real, simulated)
	}
}

func TestSelectChoiceIsADecision(t *testing.T) {
	// Both ready cases are chosen in some schedule, and each seed chooses
	// the same way twice.
	seen := map[int]bool{}
	for seed := uint64(1); seed <= 40; seed++ {
		var first, again int
		rttest.Run(seed, func() { first = twoReady() })
		rttest.Run(seed, func() { again = twoReady() })
		if first != again {
			t.Fatalf("seed %d chose %d then %d", seed, first, again)
		}
		seen[first] = true
	}
	if !seen[0] || !seen[1] {
		t.Fatalf("chosen cases %v, want both", seen)
	}
}

func twoReady() int {
	a, b := lang.MakeChan[int](1), lang.MakeChan[int](1)
	a.Send(1)
	b.Send(2)
	i, _, _ := lang.Select(lang.Recv(a), lang.Recv(b))
	return i
}

func TestSelectBlocksUntilReady(t *testing.T) {
	failed, first := rttest.Seeds(30, func() {
		c := lang.MakeChan[string](0)
		quit := lang.MakeChan[struct{}](0)
		lang.Go("p.producer", "p.go:1", func() {
			c.Send("x")
			quit.Close()
		})
		got := 0
		for {
			i, v, _ := lang.Select(lang.Recv(c), lang.Recv(quit))
			if i == 1 {
				break
			}
			if v.(string) != "x" {
				panic("wrong value")
			}
			got++
		}
		if got != 1 {
			panic("lost the value")
		}
	})
	if failed > 0 {
		t.Fatal(first)
	}
}
