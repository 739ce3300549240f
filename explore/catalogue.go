package explore

import (
	"fmt"
	"sort"
	"strings"
)

// Catalogue is a set of scenarios, by name.
type Catalogue struct {
	byName map[string]*Scenario
}

// NewCatalogue returns a catalogue of the given scenarios, or the first
// problem with one of them.
func NewCatalogue(scs ...*Scenario) (*Catalogue, error) {
	c := &Catalogue{byName: map[string]*Scenario{}}
	for _, s := range scs {
		if err := c.Add(s); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Add adds a scenario; a malformed one or a second one of the same name is
// an error.
func (c *Catalogue) Add(s *Scenario) error {
	if err := s.validate(); err != nil {
		return err
	}
	if _, dup := c.byName[s.Name]; dup {
		return fmt.Errorf("scenario %s: already in the catalogue", s.Name)
	}
	c.byName[s.Name] = s
	return nil
}

// Lookup returns the named scenario.
func (c *Catalogue) Lookup(name string) (*Scenario, bool) {
	s, ok := c.byName[name]
	return s, ok
}

// All returns every scenario, sorted by name.
func (c *Catalogue) All() []*Scenario {
	out := make([]*Scenario, 0, len(c.byName))
	for _, s := range c.byName {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Target is one scenario variant to run.
type Target struct {
	Scenario *Scenario
	Variant  Variant
}

// Name is "scenario:variant".
func (t Target) Name() string { return t.Scenario.Name + ":" + t.Variant.Name }

// Resolve turns arguments "SCENARIO" (every variant) and
// "SCENARIO:VARIANT" into targets, in the order given; no argument means the
// whole catalogue. An unknown scenario or variant is an error naming it.
func (c *Catalogue) Resolve(args []string) ([]Target, error) {
	var out []Target
	if len(args) == 0 {
		for _, s := range c.All() {
			for _, v := range s.Variants {
				out = append(out, Target{s, v})
			}
		}
		return out, nil
	}
	for _, a := range args {
		name, variant, hasVariant := strings.Cut(a, ":")
		s, ok := c.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("unknown scenario %q (racelab list shows them)", name)
		}
		if !hasVariant {
			for _, v := range s.Variants {
				out = append(out, Target{s, v})
			}
			continue
		}
		v, ok := s.Variant(variant)
		if !ok {
			return nil, fmt.Errorf("scenario %s has no variant %q (it has %s)", name, variant, strings.Join(s.VariantNames(), ", "))
		}
		out = append(out, Target{s, v})
	}
	return out, nil
}
