package conformance_test

import (
	"fmt"
	"strings"

	"github.com/racelab/racelab/sim/db"
	"github.com/racelab/racelab/sim/db/conformance"
)

// The first case of the suite, a claim by conditional UPDATE in two
// transactions, run against sim/db: the second UPDATE blocks, then matches
// no row. RunServer gives the same observation from PostgreSQL.
func ExampleRunSim() {
	c := conformance.Cases[0]
	obs, err := conformance.RunSim(c, db.PostgreSQL, db.ReadCommitted)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, s := range c.Steps {
		fmt.Println(strings.TrimSpace(fmt.Sprintf("%-44s %v", s, obs.Steps[i])))
	}
	fmt.Println("final", obs.Final)
	// Output:
	// c0 BEGIN
	// c1 BEGIN
	// c0 UPDATE set map[state:b] id=1 state=a      1
	// c1 UPDATE set map[state:b] id=1 state=a      blocked, then 0
	// c0 COMMIT
	// c1 COMMIT
	// c0 GET id=1                                  1:b/0/0
	// final 1:b/0/0 2:a/0/0 3:b/0/0
}
