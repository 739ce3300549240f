package deterministic

import "sync"

// Generate sends 1..n on the returned channel and closes it.
func Generate(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 1; i <= n; i++ {
			out <- i
		}
	}()
	return out
}

// Square squares every value of in, with k goroutines, and closes the
// returned channel when in is drained.
func Square(in <-chan int, k int) <-chan int {
	out := make(chan int, k)
	var wg sync.WaitGroup
	for range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range in {
				out <- v * v
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

// Sum adds every value of in.
func Sum(in <-chan int) int {
	total := 0
	for v := range in {
		total += v
	}
	return total
}

// PoolSum sums f(job) over jobs with a pool of workers that share a
// mutex-guarded total.
func PoolSum(jobs []int, workers int, f func(int) int) int {
	ch := make(chan int)
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				v := f(j)
				mu.Lock()
				total += v
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
	return total
}
