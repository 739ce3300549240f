package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/racelab/racelab/scenarios"
)

// list prints one line per scenario: its name, its variants with their
// expectations, and what it does.
func list(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return badInput("list takes no arguments")
	}
	for _, s := range scenarios.Default().All() {
		vs := make([]string, len(s.Variants))
		for i, v := range s.Variants {
			vs[i] = v.Name + "=" + v.Expect
		}
		fmt.Fprintf(stdout, "%-28s %-44s %s\n", s.Name, strings.Join(vs, " "), s.Doc)
	}
	return nil
}
