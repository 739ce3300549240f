package conformance_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/racelab/racelab/sim/db"
	"github.com/racelab/racelab/sim/db/conformance"
)

// server returns the DSN of the dialect's server, or skips (fails in CI)
// with one line saying why there is none.
func server(t *testing.T, d db.Dialect) string {
	env, why := "RACELAB_PG_DSN", "RACELAB_PG_UNAVAILABLE"
	if d == db.MySQL {
		env, why = "RACELAB_MYSQL_DSN", "RACELAB_MYSQL_UNAVAILABLE"
	}
	if dsn := os.Getenv(env); dsn != "" {
		return dsn
	}
	msg := fmt.Sprintf("conformance: no %s server: %s is not set (make test starts one with .ci/databases)", d, env)
	if r := os.Getenv(why); r != "" {
		msg = fmt.Sprintf("conformance: no %s server: %s", d, r)
	}
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func TestConformance(t *testing.T) {
	for _, dialect := range []db.Dialect{db.PostgreSQL, db.MySQL} {
		t.Run(dialect.String(), func(t *testing.T) {
			t.Parallel()
			dsn := server(t, dialect)
			for _, c := range conformance.Cases {
				if c.Dialects != nil && !slices.Contains(c.Dialects, dialect) {
					continue
				}
				levels := c.Levels
				if levels == nil {
					levels = conformance.Levels
				}
				for _, level := range levels {
					name := strings.ReplaceAll(c.Name, " ", "-") + "/" + strings.ReplaceAll(level.String(), " ", "-")
					t.Run(name, func(t *testing.T) {
						want, err := conformance.RunServer(context.Background(), c, dialect, level, dsn)
						if err != nil {
							t.Fatal(err)
						}
						got, err := conformance.RunSim(c, dialect, level)
						if err != nil {
							t.Fatal(err)
						}
						if c.Stricter != "" && dialect == db.PostgreSQL {
							stricter(t, c, want, got)
							return
						}
						if diff := compare(c, want, got); diff != "" {
							// "Blocked" is a real-time window: a loaded
							// machine can stretch a step past it once.
							// The server must agree the second time.
							t.Logf("%s at %v: differs once, running it on the server again:\n%s", c.Name, level, diff)
							if want, err = conformance.RunServer(context.Background(), c, dialect, level, dsn); err != nil {
								t.Fatal(err)
							}
							if diff := compare(c, want, got); diff != "" {
								t.Errorf("%s at %v: sim/db differs from the server:\n%s", c.Name, level, diff)
							}
						}
					})
				}
			}
		})
	}
}

// stricter asserts the case's known difference: every step that differs
// is one that the server ran and sim/db failed with a serialization
// failure, or a later step of the same connection after it.
func stricter(t *testing.T, c conformance.Case, server, sim conformance.Observation) {
	failed := map[int]bool{}
	differ := false
	for i, s := range c.Steps {
		if server.Steps[i] == sim.Steps[i] {
			continue
		}
		differ = true
		ok := server.Steps[i].Err == "" && (sim.Steps[i].Err == "serialization" || failed[s.Conn])
		if !ok {
			t.Errorf("%s: step %d (%v) differs otherwise than the known difference:\n%s", c.Name, i, s, compare(c, server, sim))
			return
		}
		failed[s.Conn] = true
	}
	if !differ {
		t.Errorf("%s: the known difference is gone (%s): drop Stricter", c.Name, c.Stricter)
		return
	}
	t.Logf("%s: known difference: %s\n%s", c.Name, c.Stricter, compare(c, server, sim))
}

// compare lists each step with both observations, marking the ones that
// differ; "" when none does.
func compare(c conformance.Case, server, sim conformance.Observation) string {
	var b strings.Builder
	differ := false
	fmt.Fprintf(&b, "  %-4s %-48s %-36s %s\n", "", "step", "server", "sim/db")
	for i, s := range c.Steps {
		mark := ""
		if server.Steps[i] != sim.Steps[i] {
			mark, differ = "!!", true
		}
		fmt.Fprintf(&b, "  %-4s %-48s %-36s %s\n", mark, s, server.Steps[i], sim.Steps[i])
	}
	mark := ""
	if server.Final != sim.Final {
		mark, differ = "!!", true
	}
	fmt.Fprintf(&b, "  %-4s %-48s %-36s %s\n", mark, "final", server.Final, sim.Final)
	if !differ {
		return ""
	}
	return b.String()
}

// The observations tell the dialects apart, so the suite can fail: the
// same cases under sim/db's two dialects differ in some cases at every
// level.
func TestTheObservationsTellTheDialectsApart(t *testing.T) {
	for _, level := range conformance.Levels {
		differ := 0
		for _, c := range conformance.Cases {
			if c.Dialects != nil {
				continue
			}
			pg, err := conformance.RunSim(c, db.PostgreSQL, level)
			if err != nil {
				t.Fatal(err)
			}
			my, err := conformance.RunSim(c, db.MySQL, level)
			if err != nil {
				t.Fatal(err)
			}
			if compare(c, pg, my) != "" {
				differ++
			}
		}
		if differ == 0 {
			t.Errorf("at %v no case tells PostgreSQL from MySQL", level)
		}
		t.Logf("%v: %d of %d cases differ between the dialects", level, differ, len(conformance.Cases))
	}
}
