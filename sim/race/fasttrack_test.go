package race_test

import (
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// compare checks what the detector reported (got) against every racing pair
// of the stream (want): no false positive, and on each location the first
// race at the same access, which is as far as FastTrack promises to agree
// with a detector that remembers every access (see the package doc).
func compare(s []ev, got, want []pair) error {
	truth := map[pair]bool{}
	for _, p := range want {
		truth[p] = true
	}
	seen := map[pair]bool{}
	for _, p := range got {
		if !truth[p] {
			return fmt.Errorf("reported %v (%v, %v) which is ordered", p, s[p.prev], s[p.cur])
		}
		if seen[p] {
			return fmt.Errorf("reported %v twice", p)
		}
		seen[p] = true
	}
	first := func(ps []pair) map[int]int {
		m := map[int]int{}
		for _, p := range ps {
			loc := s[p.cur].obj
			if f, ok := m[loc]; !ok || p.cur < f {
				m[loc] = p.cur
			}
		}
		return m
	}
	fg, fw := first(got), first(want)
	for loc := range nLocs {
		g, gok := fg[loc]
		w, wok := fw[loc]
		if gok != wok || g != w {
			return fmt.Errorf("location %d: first race found at access %d (found: %v), want %d (exists: %v)", loc, g, gok, w, wok)
		}
	}
	return nil
}

func TestFastTrackMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genStream.Draw(t, "stream")
		if err := compare(s, runDetector(s), referenceRaces(s)); err != nil {
			t.Fatal(err)
		}
	})
}

// TestFastTrackMatchesReferenceSeeds runs the same property over a fixed
// range of streams, so that every run checks at least these.
func TestFastTrackMatchesReferenceSeeds(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 3000
	}
	for seed := range n {
		s := genStream.Example(seed)
		if err := compare(s, runDetector(s), referenceRaces(s)); err != nil {
			t.Fatalf("stream %d %v: %v", seed, s, err)
		}
	}
}

// TestFastTrackPropertyCatchesLostEdges shows the property above can fail:
// a detector that misses every edge of one kind (the events dropped from
// its stream, not from the reference's) disagrees on some generated stream.
func TestFastTrackPropertyCatchesLostEdges(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 1000
	}
	for k := evAcquire; k < nKinds; k++ {
		t.Run(kindNames[k], func(t *testing.T) {
			for seed := range n {
				s := genStream.Example(seed)
				mutant := slices.DeleteFunc(slices.Clone(s), func(e ev) bool { return e.k == k })
				if !slices.ContainsFunc(s, func(e ev) bool { return e.k == k }) {
					continue
				}
				// Keep the stream indexes of the accesses: renumber back.
				got := remap(s, mutant, runDetector(mutant))
				if compare(s, got, referenceRaces(s)) != nil {
					return
				}
			}
			t.Fatalf("no stream of %d told a detector without %s edges apart", n, kindNames[k])
		})
	}
}

// remap turns the pairs of indexes into mutant, a subsequence of s, into
// indexes into s.
func remap(s, mutant []ev, ps []pair) []pair {
	idx := make([]int, 0, len(mutant))
	j := 0
	for i := range s {
		if j < len(mutant) && s[i] == mutant[j] {
			idx = append(idx, i)
			j++
		}
	}
	out := make([]pair, len(ps))
	for i, p := range ps {
		out[i] = pair{idx[p.prev], idx[p.cur]}
	}
	return out
}

func TestDetectorDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genStream.Draw(t, "stream")
		a, b := runDetector(s), runDetector(s)
		if !slices.Equal(a, b) {
			t.Fatalf("same stream, different races: %v then %v", a, b)
		}
	})
}
