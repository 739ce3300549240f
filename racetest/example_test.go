package racetest_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/racelab/racelab/racetest"
	"github.com/racelab/racelab/sim"
)

// Cache is a ten-line lazily initialised cache with a check-then-act race:
// two callers can both see it empty and both load it.
type Cache struct {
	loaded *sim.Var[bool]
	loads  *sim.Var[int]
}

func (c *Cache) Get() {
	if !c.loaded.Load() {
		c.loads.Store(c.loads.Load() + 1) // the expensive load
		c.loaded.Store(true)
	}
}

// printer is a racetest.TB for the example; in a test, pass t. (Check
// calls only the methods it defines.)
type printer struct{ racetest.TB }

func (printer) Helper()             {}
func (printer) Name() string        { return "TestCache" }
func (printer) Logf(string, ...any) {}
func (printer) Fatalf(f string, a ...any) {
	msg := fmt.Sprintf(f, a...)
	fmt.Println(msg[:strings.Index(msg, "\n")]) // the finding's first line
}

func ExampleCheck() {
	dir, _ := os.MkdirTemp("", "racelab-example") // in a test: the default, testdata/racelab
	defer os.RemoveAll(dir)
	racetest.Check(printer{}, func(w *sim.World) {
		c := &Cache{loaded: sim.NewVar(w, "loaded", false), loads: sim.NewVar(w, "loads", 0)}
		wg := w.NewWaitGroup("callers")
		wg.Go("a", c.Get)
		wg.Go("b", c.Get)
		wg.Wait()
		if n := c.loads.Peek(); n != 1 {
			w.Fail("invariant", "the cache was loaded %d times", n)
		}
	}, racetest.Options{Strategy: "dfs", Dir: dir})
	// Output:
	// racelab: invariant: the cache was loaded 2 times
}
