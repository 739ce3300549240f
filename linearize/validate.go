package linearize

import (
	"fmt"
	"sort"

	"github.com/racelab/racelab/sim"
)

// Validate reports the first thing wrong with a history: an operation that
// returns before it is called, a negative client, a call before step 0, or
// a client with two determinate operations that overlap (a client is
// sequential; an operation with an unknown outcome stays open to the end
// and may overlap the client's later ones, as in Jepsen).
func Validate(h []sim.Op) error {
	for i, op := range h {
		switch {
		case op.Client < 0:
			return fmt.Errorf("linearize: operation %d: negative client %d", i, op.Client)
		case op.Call < 0:
			return fmt.Errorf("linearize: operation %d (client %d): call at step %d < 0", i, op.Client, op.Call)
		case op.Return < op.Call:
			return fmt.Errorf("linearize: operation %d (client %d): returns at step %d before its call at step %d", i, op.Client, op.Return, op.Call)
		}
	}
	idx := make([]int, 0, len(h))
	for i, op := range h {
		if !op.Indeterminate {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := h[idx[a]], h[idx[b]]
		if x.Client != y.Client {
			return x.Client < y.Client
		}
		return x.Call < y.Call
	})
	for k := 1; k < len(idx); k++ {
		prev, cur := h[idx[k-1]], h[idx[k]]
		if prev.Client == cur.Client && cur.Call <= prev.Return {
			return fmt.Errorf("linearize: client %d has overlapping operations %d [%d, %d] and %d [%d, %d]",
				cur.Client, idx[k-1], prev.Call, prev.Return, idx[k], cur.Call, cur.Return)
		}
	}
	return nil
}
