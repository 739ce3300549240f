package scenarios

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/impl/registry"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
)

// Scenarios of Djblets' Registry (seed 001, spec 1).

var regDefaults = []registry.Item{{ID: 0, Name: "d0"}, {ID: 1, Name: "d1"}}

func regModelDefaults() []model.RegItem {
	out := make([]model.RegItem, len(regDefaults))
	for i, d := range regDefaults {
		out[i] = model.RegItem{ID: d.ID, Name: d.Name}
	}
	return out
}

var (
	registryModel = model.NewRegistryModel(regModelDefaults(), false).Porcupine()
	orderedModel  = model.NewRegistryModel(regModelDefaults(), true).Porcupine()
	lazyModel     = model.SameInstance.Porcupine()
)

func regVariant(name string) registry.Variant {
	switch name {
	case "buggy":
		return registry.Buggy
	case "shipped":
		return registry.Shipped
	}
	return registry.Fixed
}

// regClient records one client's calls on a registry.
type regClient struct {
	rt sim.Runtime
	id int
	r  *registry.Registry
}

func code(err error) string {
	var re *registry.Error
	if errors.As(err, &re) {
		return re.Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func modelItem(it registry.Item) model.RegItem { return model.RegItem{ID: it.ID, Name: it.Name} }

func (c *regClient) do(in model.RegInput) {
	id := c.rt.Begin(c.id, in)
	it := registry.Item{ID: in.Item.ID, Name: in.Item.Name}
	var out model.RegOutput
	switch in.Op {
	case model.RegRegister:
		out.Err = code(c.r.Register(it))
	case model.RegUnregister:
		out.Err = code(c.r.Unregister(it))
	case model.RegGet:
		got, err := c.r.Get(in.Attr, in.Value)
		out.Err, out.Item = code(err), modelItem(got)
		if err != nil {
			out.Item = model.RegItem{}
		}
	case model.RegLen:
		n, err := c.r.Len()
		out.Err, out.N = code(err), n
	case model.RegContains:
		ok, err := c.r.Contains(it)
		out.Err, out.Bool = code(err), ok
	case model.RegItems:
		items, err := c.r.Items()
		mi := make([]model.RegItem, len(items))
		for i, x := range items {
			mi[i] = modelItem(x)
		}
		out.Err, out.Items = code(err), model.FormatItems(mi, true)
	case model.RegReset:
		out.Err = code(c.r.Reset())
	case model.RegPopulate:
		out.Err = code(c.r.Populate())
	}
	if out.Err != "" {
		out.N, out.Bool, out.Items = 0, false, ""
	}
	c.rt.End(id, out)
}

var regVariants = []explore.Variant{
	{Name: "buggy", Expect: results.Violation, Note: "a populated flag set before the defaults, no locks"},
	{Name: "shipped", Expect: results.Clean, Note: "PENDING/POPULATING/READY and one reentrant lock"},
	{Name: "fixed", Expect: results.Clean, Note: "shipped, with populate under the lock and locked snapshot reads"},
}

var (
	lenOp   = model.RegInput{Op: model.RegLen}
	get0Op  = model.RegInput{Op: model.RegGet, Attr: "id", Value: 0}
	itemsOp = model.RegInput{Op: model.RegItems}
)

// regWorkload runs scripts on one registry, one client each, after main's
// setup ops, then main's final ops; and checks the hook counts the fix
// promises, returning what is wrong.
func regWorkload(rt sim.Runtime, variant string, ordered bool, setup []model.RegInput, scripts [][]model.RegInput, final []model.RegInput) string {
	r := registry.New(rt, regVariant(variant), ordered, regDefaults, 1)
	main := &regClient{rt: rt, id: 0, r: r}
	for _, in := range setup {
		main.do(in)
	}
	wg := rt.NewWaitGroup("clients")
	for i, script := range scripts {
		c := &regClient{rt: rt, id: i + 1, r: r}
		goGroup(rt, wg, fmt.Sprintf("client%d", i+1), func() {
			for _, in := range script {
				c.do(in)
			}
		})
	}
	wg.Wait()
	for _, in := range final {
		main.do(in)
	}
	if variant != "buggy" {
		h := &r.Hooks
		if p, d := h.Populating.Load(), h.Populated.Load(); p != d || p != 1+h.Reset.Load() {
			return fmt.Sprintf("on_populating ran %d times and on_populated %d times for %d population(s)", p, d, 1+h.Reset.Load())
		}
	}
	return ""
}

// regProgram and regNative run a registry workload in the simulator and
// on real goroutines.
func regProgram(workload func(rt sim.Runtime, variant string) string) func(w *sim.World, variant string) {
	return func(w *sim.World, variant string) {
		if problem := workload(w.Runtime(), variant); problem != "" {
			w.Fail("invariant", "%s", problem)
		}
	}
}

var (
	registryConcurrentPopulate = &explore.Scenario{
		Name:     "registry/concurrent-populate",
		Doc:      "2-3 clients read a fresh registry at once: its length and a default item",
		Variants: regVariants,
		Model:    &registryModel,
		Budget:   500,
		Program:  regProgram(concurrentPopulate),
		Native:   concurrentPopulate,
	}
	registryRegisterConflict = &explore.Scenario{
		Name:     "registry/register-conflict",
		Doc:      "two clients register different items with the same id; two register the same item",
		Variants: regVariants,
		Model:    &registryModel,
		Budget:   500,
		Program:  regProgram(registerConflict),
		Native:   registerConflict,
	}
	registryResetVsRegister = &explore.Scenario{
		Name: "registry/reset-vs-register",
		Doc:  "an ordered registry is reset while a client registers an item; then its items are listed",
		Variants: []explore.Variant{
			{Name: "buggy", Expect: results.Violation, Note: "no locks"},
			{Name: "shipped", Expect: results.Violation, Note: "register populates before taking the lock: [x d0 d1] matches no order (spec 1.6.3)"},
			{Name: "fixed", Expect: results.Clean, Note: "populate under the lock"},
		},
		Model:   &orderedModel,
		Budget:  1000,
		Program: regProgram(resetVsRegister),
		Native:  resetVsRegister,
	}
	registryLazyInstance = &explore.Scenario{
		Name: "registry/lazy-instance",
		Doc:  "two threads get the registry through lazy_import_registry at once; both must get the same instance, built once",
		Variants: []explore.Variant{
			{Name: "buggy", Expect: results.Violation, Note: "SimpleLazyObject checks _wrapped without a lock"},
			{Name: "shipped", Expect: results.Violation, Note: "the import lock only serialises the two builds: not actually fixed (spec 1.6.5)"},
			{Name: "fixed", Expect: results.Clean, Note: "double-checked creation under the lock"},
		},
		Model:  &lazyModel,
		Budget: 500,
		Program: func(w *sim.World, variant string) {
			if problem := lazyWorkload(w.Runtime(), variant); problem != "" {
				w.Fail("invariant", "%s", problem)
			}
		},
		Native: lazyWorkload,
	}
	registryRandom = &explore.Scenario{
		Name:     "registry/random-ops",
		Doc:      "2-4 clients register, unregister and read over a small domain, drawn from the seed",
		Variants: regVariants,
		Model:    &registryModel,
		Budget:   1000,
		Program:  regProgram(randomRegOps),
		Native:   randomRegOps,
	}
)

func concurrentPopulate(rt sim.Runtime, variant string) string {
	scripts := [][]model.RegInput{{lenOp}, {get0Op}}
	if rt.Intn(2) == 1 {
		scripts = append(scripts, []model.RegInput{lenOp, get0Op})
	}
	return regWorkload(rt, variant, false, nil, scripts, nil)
}

func registerConflict(rt sim.Runtime, variant string) string {
	reg := func(id int, name string) model.RegInput {
		return model.RegInput{Op: model.RegRegister, Item: model.RegItem{ID: id, Name: name}}
	}
	return regWorkload(rt, variant, false, []model.RegInput{lenOp},
		[][]model.RegInput{{reg(5, "a")}, {reg(5, "b")}, {reg(7, "x")}, {reg(7, "x")}},
		[]model.RegInput{lenOp, itemsOp})
}

func resetVsRegister(rt sim.Runtime, variant string) string {
	return regWorkload(rt, variant, true, []model.RegInput{lenOp},
		[][]model.RegInput{{{Op: model.RegRegister, Item: model.RegItem{ID: 9, Name: "x"}}}, {{Op: model.RegReset}}},
		[]model.RegInput{itemsOp})
}

func randomRegOps(rt sim.Runtime, variant string) string {
	return regWorkload(rt, variant, false, nil, randomRegScripts(rt), []model.RegInput{itemsOp})
}

// lazyWorkload gets the registry from two threads at once. Both must get
// the same instance, and the module must be imported (the factory run)
// once: a second build registers its defaults again. It returns what went
// wrong.
func lazyWorkload(rt sim.Runtime, variant string) string {
	var n atomic.Int32
	lazy := registry.NewLazy(rt, regVariant(variant), func(id int) *registry.Registry {
		n.Add(1)
		return registry.New(rt, regVariant(variant), false, regDefaults, id)
	})
	wg := rt.NewWaitGroup("threads")
	for i := range 2 {
		goGroup(rt, wg, fmt.Sprintf("thread%d", i), func() {
			id := rt.Begin(i, struct{}{})
			rt.End(id, lazy.Get().ID)
		})
	}
	wg.Wait()
	if built := n.Load(); built > 1 {
		return fmt.Sprintf("the registry was built %d times", built)
	}
	return ""
}

// randomRegScripts draws 2-4 scripts of 1-3 operations over items 0-3 (0
// and 1 are defaults; 3 clashes with 2 on its name).
func randomRegScripts(rt sim.Runtime) [][]model.RegInput {
	pool := []model.RegItem{{ID: 0, Name: "d0"}, {ID: 1, Name: "d1"}, {ID: 2, Name: "e"}, {ID: 3, Name: "e"}}
	scripts := make([][]model.RegInput, 2+rt.Intn(3))
	for i := range scripts {
		for range 1 + rt.Intn(3) {
			it := pool[rt.Intn(len(pool))]
			var in model.RegInput
			switch rt.Intn(5) {
			case 0, 1:
				in = model.RegInput{Op: model.RegRegister, Item: it}
			case 2:
				in = model.RegInput{Op: model.RegUnregister, Item: it}
			case 3:
				in = model.RegInput{Op: model.RegGet, Attr: "id", Value: it.ID}
			default:
				in = lenOp
			}
			scripts[i] = append(scripts[i], in)
		}
	}
	return scripts
}
