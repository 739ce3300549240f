package deterministic

import (
	"fmt"
	"testing"
)

func TestPipeline(t *testing.T) {
	got := Sum(Square(Generate(10), 3))
	fmt.Println("pipeline: sum of squares of 1..10 =", got)
	if got != 385 {
		t.Errorf("pipeline: got %d, want 385", got)
	}
}

func TestWorkerPool(t *testing.T) {
	jobs := make([]int, 20)
	for i := range jobs {
		jobs[i] = i + 1
	}
	got := PoolSum(jobs, 4, func(j int) int { return 2 * j })
	fmt.Println("pool: twice 1..20 summed by 4 workers =", got)
	if got != 420 {
		t.Errorf("pool: got %d, want 420", got)
	}
}
