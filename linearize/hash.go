package linearize

import (
	"fmt"
	"hash/fnv"
	"sort"

	"github.com/anishathalye/porcupine"
)

// hashPartition hashes a partition's history with call and return steps
// replaced by their ranks, so that the same history recorded at other
// absolute steps hashes alike. Linearizability depends only on the order of
// calls and returns, so the cache stays exact.
func hashPartition(ops []porcupine.Operation) uint64 {
	times := make([]int64, 0, 2*len(ops))
	for _, op := range ops {
		times = append(times, op.Call, op.Return)
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	rank := func(t int64) int { return sort.Search(len(times), func(i int) bool { return times[i] >= t }) }
	h := fnv.New64a()
	for _, op := range ops {
		fmt.Fprintf(h, "%d|%d|%d|%T:%v|%T:%v\n", op.ClientId, rank(op.Call), rank(op.Return), op.Input, op.Input, op.Output, op.Output)
	}
	return h.Sum64()
}
