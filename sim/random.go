package sim

import "math/rand/v2"

// Random returns a source that makes every decision with a PRNG seeded by
// seed: threads, ready select cases and values uniformly, faults with the
// plan's rate, timer preemptions with Options.TimerRate.
func Random(seed uint64) Source { return &random{rng: newRNG(seed)} }

type random struct{ rng *rand.Rand }

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

func (r *random) Choose(d *Decision) (int, error) { return chooseRandomly(r.rng, d), nil }

// chooseRandomly is the random answer to d: for a fault or a timer
// preemption, option 0 with probability 1-Rate and the others evenly;
// otherwise all options evenly.
func chooseRandomly(rng *rand.Rand, d *Decision) int {
	if d.Kind == DecideFault || d.Kind == DecideTimer {
		if rng.Float64() >= d.Rate {
			return 0
		}
		return 1 + rng.IntN(d.N-1)
	}
	return rng.IntN(d.N)
}

// ScheduleSeed derives the seed of schedule i of an exploration started from
// seed (splitmix64), so that each schedule is independent of which worker
// runs it and of how many there are.
func ScheduleSeed(seed uint64, i int) uint64 {
	z := seed + uint64(i+1)*0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// ThreadBlind reports true: Choose never reads Decision.Threads.
func (r *random) ThreadBlind() bool { return true }
