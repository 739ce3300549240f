package sim

import "fmt"

// DFS explores every schedule of a program exhaustively, depth first, with a
// preemption bound: a run may make at most Bound choices that are not option
// 0 of a Default decision (a switch away from a runnable thread, a timer
// that fires while threads are runnable, or a fault). Select and value
// decisions are explored fully and cost nothing. A timer preemption shares
// the bound rather than having one of its own: it preempts every runnable
// thread at once, a bug that needs one early timer and one switch is of
// depth two either way, and one bound keeps the number of schedules
// polynomial in one parameter. Schedules forced by fairness
// ([FairnessBound]) are not decisions. Bound < 0 means no bound.
//
// DFS is stateful and serves one run at a time: call Next for the source of
// the next run, run it, and repeat until Next reports false. The program must
// be deterministic given its decisions; a run that asks for a different
// decision than the one it asked before at the same position is an error.
type DFS struct {
	Bound     int
	stack     []Choice
	last      *dfsRun
	runs      int
	exhausted bool
}

// NewDFS returns an exhaustive explorer with the given preemption bound.
func NewDFS(bound int) *DFS { return &DFS{Bound: bound} }

// Next returns the source for the next schedule, or false when every
// schedule within the bound has been run.
func (d *DFS) Next() (Source, bool) {
	if d.last != nil && !d.backtrack() {
		d.exhausted = true
		return nil, false
	}
	if d.exhausted {
		return nil, false
	}
	d.last = &dfsRun{d: d}
	d.runs++
	return d.last, true
}

// Runs returns the number of schedules handed out.
func (d *DFS) Runs() int { return d.runs }

// Exhausted reports whether every schedule within the bound has been run.
func (d *DFS) Exhausted() bool { return d.exhausted }

// backtrack moves the stack to the next unexplored schedule.
func (d *DFS) backtrack() bool {
	d.stack = d.stack[:d.last.pos]
	for i := len(d.stack) - 1; i >= 0; i-- {
		c := d.stack[i]
		if c.Choice+1 < c.N && (d.Bound < 0 || cost(d.stack[:i])+cost1(c.Default, int(c.Choice)+1) <= d.Bound) {
			d.stack[i].Choice++
			d.stack = d.stack[:i+1]
			return true
		}
	}
	d.stack = d.stack[:0]
	return false
}

func cost1(dflt bool, choice int) int {
	if dflt && choice != 0 {
		return 1
	}
	return 0
}

func cost(cs []Choice) int {
	n := 0
	for _, c := range cs {
		n += cost1(c.Default, int(c.Choice))
	}
	return n
}

type dfsRun struct {
	d   *DFS
	pos int
}

func (r *dfsRun) Choose(dec *Decision) (int, error) {
	d := r.d
	if d.last != r {
		return 0, fmt.Errorf("dfs: a source was used after the next run began")
	}
	defer func() { r.pos++ }()
	if r.pos < len(d.stack) {
		c := d.stack[r.pos]
		if c.Kind != dec.Kind || int(c.N) != dec.N {
			return 0, fmt.Errorf("dfs: the program is not deterministic: decision %d was %v of %d and is now %v of %d",
				r.pos, c.Kind, c.N, dec.Kind, dec.N)
		}
		return int(c.Choice), nil
	}
	d.stack = append(d.stack, Choice{Kind: dec.Kind, N: int32(dec.N), Default: dec.Default})
	return 0, nil
}

// ThreadBlind reports true: Choose never reads Decision.Threads.
func (r *dfsRun) ThreadBlind() bool { return true }
