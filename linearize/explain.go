package linearize

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"
)

// Explanation says in plain words why a partition is not linearizable.
type Explanation struct {
	// Partition is the index of the failing partition.
	Partition int
	// Prefix describes, in order, the longest sequence of operations of the
	// partition that the model accepts.
	Prefix []string
	// Stuck describes the first operation that cannot be placed after the
	// prefix (of those left, the one that returned first); StuckOp is its
	// index in the history, -1 when none was found.
	Stuck   string
	StuckOp int
	// State describes the model state after the prefix.
	State string
	// Text is the whole explanation as one sentence.
	Text string
}

// explain re-checks the failing partition verbosely and reads its longest
// partial linearization.
func explain(m porcupine.Model, part []porcupine.Operation, index int, left time.Duration) *Explanation {
	e := &Explanation{Partition: index, StuckOp: -1}
	if left <= 0 {
		left = time.Second
	}
	_, info := porcupine.CheckOperationsVerbose(m, part, left)
	var longest []int
	for _, p := range info.PartialLinearizations() {
		for _, lin := range p {
			// porcupine gathers them from a map: pick deterministically.
			if len(lin) > len(longest) || (len(lin) == len(longest) && slices.Compare(lin, longest) < 0) {
				longest = lin
			}
		}
	}
	state := m.Init()
	placed := make([]bool, len(part))
	for _, id := range longest {
		op := part[id]
		e.Prefix = append(e.Prefix, m.DescribeOperation(op.Input, op.Output))
		_, state = m.Step(state, op.Input, op.Output)
		placed[id] = true
	}
	e.State = m.DescribeState(state)
	stuck := -1
	for i, op := range part {
		if placed[i] {
			continue
		}
		if stuck < 0 || op.Return < part[stuck].Return || (op.Return == part[stuck].Return && op.Call < part[stuck].Call) {
			stuck = i
		}
	}
	prefix := "no operation"
	if len(e.Prefix) > 0 {
		prefix = fmt.Sprintf("%d operation(s) linearize (%s)", len(e.Prefix), strings.Join(e.Prefix, "; "))
	}
	if stuck >= 0 {
		op := part[stuck]
		e.Stuck = m.DescribeOperation(op.Input, op.Output)
		e.StuckOp = op.Metadata.(opMeta).index
		who := fmt.Sprintf("client %d", op.ClientId)
		if t := op.Metadata.(opMeta).thread; t != "" {
			who += " (" + t + ")"
		}
		e.Text = fmt.Sprintf("%s; then %s by %s cannot be placed: in state %s the model does not allow it", prefix, e.Stuck, who, e.State)
	} else {
		e.Text = fmt.Sprintf("%s; the model state there is %s", prefix, e.State)
	}
	return e
}
