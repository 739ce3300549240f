package linearize

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/sim"
)

// Verdict is the outcome of a check.
type Verdict string

const (
	Ok      Verdict = "ok"      // the history is linearizable
	Illegal Verdict = "illegal" // it is not
	Unknown Verdict = "unknown" // the check timed out before deciding
)

// DefaultTimeout is the time a check may take when none is given.
const DefaultTimeout = 10 * time.Second

// Result is the outcome of checking one history.
type Result struct {
	Verdict Verdict
	// Partitions is the number of partitions checked; Cached how many of
	// them were answered from the cache.
	Partitions, Cached int
	// Explanation says why an Illegal history is not linearizable.
	Explanation *Explanation
	// Elapsed is the wall time the check took.
	Elapsed time.Duration
}

// Checker checks histories against one model. It is safe for concurrent
// use, so that exploration workers share its verdict cache.
type Checker struct {
	model   porcupine.Model
	timeout time.Duration

	mu    sync.Mutex
	cache verdictCache
}

// NewChecker returns a checker for m. timeout bounds every Check (0:
// DefaultTimeout); there is always one, since checking is exponential in the
// concurrency of a partition.
func NewChecker(m porcupine.Model, timeout time.Duration) *Checker {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Checker{model: m, timeout: timeout, cache: newVerdictCache(cacheGeneration)}
}

// Check checks h once with a new Checker.
func Check(m porcupine.Model, h []sim.Op, timeout time.Duration) (*Result, error) {
	return NewChecker(m, timeout).Check(h)
}

// Check validates h and checks it partition by partition. The first illegal
// partition (in the model's partition order) decides, and is explained; a
// partition that times out makes the verdict Unknown unless another one is
// illegal.
func (c *Checker) Check(h []sim.Op) (*Result, error) {
	if err := Validate(h); err != nil {
		return nil, err
	}
	start := time.Now()
	deadline := start.Add(c.timeout)
	parts := c.partition(operations(h))
	res := &Result{Verdict: Ok, Partitions: len(parts)}
	bare := c.model
	bare.Partition, bare.PartitionEvent = nil, nil
	for i, part := range parts {
		key := hashPartition(part)
		c.mu.Lock()
		v, hit := c.cache.get(key)
		c.mu.Unlock()
		if hit {
			res.Cached++
		} else {
			left := time.Until(deadline)
			if left <= 0 {
				res.Verdict = Unknown
				break
			}
			v = verdictOf(porcupine.CheckOperationsTimeout(bare, part, left))
			if v != Unknown {
				c.mu.Lock()
				c.cache.put(key, v)
				c.mu.Unlock()
			}
		}
		if v == Unknown {
			res.Verdict = Unknown
		}
		if v == Illegal {
			res.Verdict = Illegal
			res.Explanation = explain(bare, part, i, time.Until(deadline))
			break
		}
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func verdictOf(r porcupine.CheckResult) Verdict {
	switch r {
	case porcupine.Ok:
		return Ok
	case porcupine.Illegal:
		return Illegal
	}
	return Unknown
}

// opMeta travels in porcupine's Metadata: where the operation came from.
type opMeta struct {
	index  int
	thread string
}

// operations converts a history for porcupine: an indeterminate operation
// gets the output model.Unknown and a return at math.MaxInt64.
func operations(h []sim.Op) []porcupine.Operation {
	ops := make([]porcupine.Operation, len(h))
	for i, op := range h {
		ops[i] = porcupine.Operation{ClientId: op.Client, Input: op.Input, Output: op.Output,
			Call: op.Call, Return: op.Return, Metadata: opMeta{index: i, thread: op.Thread}}
		if op.Indeterminate {
			ops[i].Output, ops[i].Return = model.Unknown{}, math.MaxInt64
		}
	}
	return ops
}

func (c *Checker) partition(ops []porcupine.Operation) [][]porcupine.Operation {
	if c.model.Partition == nil {
		return [][]porcupine.Operation{ops}
	}
	return c.model.Partition(ops)
}

// CacheSize returns the number of cached partition verdicts; it never
// exceeds CacheLimit.
func (c *Checker) CacheSize() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cache.len()
}

// String summarises the result in one line.
func (r *Result) String() string {
	s := fmt.Sprintf("%s (%d partitions, %d cached, %v)", r.Verdict, r.Partitions, r.Cached, r.Elapsed.Round(time.Microsecond))
	if r.Explanation != nil {
		s += ": " + r.Explanation.Text
	}
	return s
}
