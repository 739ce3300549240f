package explore

import (
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/race"
)

// firstFinding is the finding a run is judged by: the first that is not a
// data race (a race lets the wrong result happen; the result is the worse
// news), else the first data race.
func firstFinding(fs []sim.Finding) (sim.Finding, bool) {
	for _, f := range fs {
		if f.Kind != sim.DataRace {
			return f, true
		}
	}
	if len(fs) > 0 {
		return fs[0], true
	}
	return sim.Finding{}, false
}

func racesOf(fs []sim.Finding) []race.Race {
	var out []race.Race
	for _, f := range fs {
		if f.Race != nil {
			out = append(out, *f.Race)
		}
	}
	return out
}

// newRaces turns hits sorted by schedule into one hit per racing pair of
// sites not reported by an earlier hit (a run may race on several): each
// pair once per exploration, the same ones whatever the number of workers.
func newRaces(hits []hit) []hit {
	seen := race.Seen{}
	var out []hit
	for _, h := range hits {
		if h.verdict.kind != string(sim.DataRace) {
			out = append(out, h)
			continue
		}
		for _, r := range h.verdict.races {
			if seen.Add(r) {
				one := h
				one.verdict.race, one.verdict.message = &r, sim.RaceMessage(r)
				out = append(out, one)
			}
		}
	}
	return out
}

func raceIdentity(r race.Race) string {
	p := r.Pair()
	return string(sim.DataRace) + ": " + p.A.String() + " / " + p.B.String()
}

// hasRace reports whether the run judged v has a data race identified by want.
func hasRace(v verdict, want string) bool {
	for _, r := range v.races {
		if raceIdentity(r) == want {
			return true
		}
	}
	return false
}

// sameRace is v told as the data race r's pair, when the run has it and
// fails by nothing worse.
func sameRace(v verdict, r race.Race) verdict {
	if v.kind != string(sim.DataRace) {
		return v
	}
	for _, x := range v.races {
		if x.Pair() == r.Pair() {
			v.race, v.message = &x, sim.RaceMessage(x)
		}
	}
	return v
}

// accesses are a data race's two sides as a finding shows them.
func accesses(r *race.Race) []results.Access {
	if r == nil {
		return nil
	}
	var out []results.Access
	for _, a := range []race.Access{r.Prev, r.Cur} {
		out = append(out, results.Access{Kind: a.Kind.String(), Thread: a.Name, Site: a.Site.String(), LastSync: a.LastSync})
	}
	return out
}
