package mutate

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"slices"

	"github.com/racelab/racelab/sim"
)

// historyHash identifies what a client of the system could observe in one
// run: every operation's client, input and output, the order in which the
// calls and returns happened (not their step numbers, which any extra
// internal step shifts), which operations never returned, and the run's
// findings. Two runs with the same hash get the same verdict from every
// check racelab makes (the linearizability check sees only this order and
// these values), so a mutant whose runs all hash as the original's cannot
// be told from it by the exploration: it is equivalent by test. Internal
// steps (statements, lock operations, retries) are left out on purpose:
// they are what a mutant changes without necessarily changing anything a
// client sees.
func historyHash(res *sim.Result) string {
	type edge struct {
		step int64
		op   int
		ret  bool
	}
	edges := make([]edge, 0, 2*len(res.History))
	for i, op := range res.History {
		edges = append(edges, edge{op.Call, i, false})
		if !op.Indeterminate {
			edges = append(edges, edge{op.Return, i, true})
		}
	}
	slices.SortStableFunc(edges, func(a, b edge) int { return cmp.Compare(a.step, b.step) })
	// Operations are numbered by call order, so that the same history
	// recorded with Begin calls in another order of indices hashes alike.
	num := map[int]int{}
	h := fnv.New64a()
	for _, e := range edges {
		op := res.History[e.op]
		if !e.ret {
			num[e.op] = len(num)
			fmt.Fprintf(h, "call %d c%d %s %v\n", num[e.op], op.Client, op.Thread, op.Input)
			if op.Indeterminate {
				fmt.Fprintf(h, "open %d\n", num[e.op])
			}
			continue
		}
		fmt.Fprintf(h, "ret %d %v\n", num[e.op], op.Output)
	}
	for _, f := range res.Findings {
		fmt.Fprintf(h, "finding %s %s\n", f.Kind, f.Message)
	}
	if res.Err != nil {
		fmt.Fprintf(h, "error %v\n", res.Err)
	}
	return sim.FormatHash(h.Sum64())
}
