package conformance

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
)

// Window is how long a step may take before it counts as blocked; the
// simulator uses the same of virtual time.
const Window = 400 * time.Millisecond

// DeadlockTimeout is PostgreSQL's deadlock_timeout in every run: long
// enough that a second waiter is seen blocked before the first looks for a
// cycle.
const DeadlockTimeout = 2 * time.Second

// Patience is how long the driver waits for a blocked step at the end.
const Patience = 15 * time.Second

// RunSim runs c against sim/db in dialect at level, under the simulator.
// Every decision takes option 0: the threads run in the driver's order and
// a deadlock's victim is the one the real servers pick.
func RunSim(c Case, dialect db.Dialect, level db.Isolation) (Observation, error) {
	var obs Observation
	res := sim.Run(sim.Options{Source: firstOption{}}, func(w *sim.World) {
		d := db.New(w, "db")
		lt := c.LockTimeout
		if lt == 0 && dialect == db.PostgreSQL {
			lt = -1
		}
		d.Configure(db.Settings{Dialect: dialect, LockTimeout: lt, DeadlockTimeout: DeadlockTimeout})
		for _, r := range seedRows {
			d.Seed("t", strconv.Itoa(r.id), db.Row{"id": r.id, "state": r.state, "a": 0, "b": 0})
		}
		var ss []session
		for i := range c.Conns {
			ss = append(ss, &simSession{c: d.Open(fmt.Sprintf("c%d", i))})
		}
		obs.Steps = drive(simThreads{w}, ss, c, level, Window, Patience)
		var rows []string
		for _, r := range d.PeekScan("t") {
			rows = append(rows, row(r["id"].(int), r["state"].(string), int64(r["a"].(int)), int64(r["b"].(int))))
		}
		obs.Final = strings.Join(rows, " ")
	})
	if res.Err != nil || len(res.Findings) > 0 {
		return obs, fmt.Errorf("conformance: sim/db: %v %v", res.Err, res.Findings)
	}
	return obs, nil
}

var seedRows = []struct {
	id    int
	state string
}{{1, "a"}, {2, "a"}, {3, "b"}}

type firstOption struct{}

func (firstOption) Choose(*sim.Decision) (int, error) { return 0, nil }

type simThreads struct{ w *sim.World }

func (t simThreads) spawn(name string, fn func()) { t.w.Go(name, fn) }
func (t simThreads) pipe(name string) pipe        { return simPipe{sim.NewChan[any](t.w, name, 1)} }

type simPipe struct{ c *sim.Chan[any] }

func (p simPipe) send(v any) { p.c.Send(v) }
func (p simPipe) recv(d time.Duration) (any, bool) {
	if d < 0 {
		return p.c.Recv()
	}
	v, ok, _ := p.c.RecvTimeout(d)
	return v, ok
}

type simSession struct {
	c  *db.Conn
	tx *db.Tx
}

func (s *simSession) h() *db.Tx {
	if s.tx != nil {
		return s.tx
	}
	return s.c.Auto()
}

func simRow(r db.Row) string {
	return row(r["id"].(int), r["state"].(string), int64(r["a"].(int)), int64(r["b"].(int)))
}

func (s *simSession) do(st Step, l db.Isolation) Result {
	key := strconv.Itoa(st.Key)
	var cond []db.Pred
	if st.Cond != "" {
		cond = []db.Pred{db.Eq("state", st.Cond)}
	}
	set := db.Row{}
	for k, v := range st.Set {
		set[k] = v
	}
	switch st.Kind {
	case Begin:
		s.tx = s.c.Begin(level(st, l))
	case Commit:
		if s.tx != nil {
			err := s.tx.Commit()
			s.tx = nil
			return Result{Err: errClass(err)}
		}
	case Rollback:
		if s.tx != nil {
			s.tx.Rollback()
			s.tx = nil
		}
	case Get:
		var r db.Row
		var ok bool
		var err error
		if st.Lock != 0 {
			r, ok, err = s.h().GetFor(st.Lock, "t", key)
		} else {
			r, ok, err = s.h().Get("t", key)
		}
		if err != nil {
			return Result{Err: errClass(err)}
		}
		if !ok {
			return Result{Out: "absent"}
		}
		return Result{Out: simRow(r)}
	case Scan:
		rows, err := s.h().Select(db.Query{Table: "t", Where: cond, Lock: st.Lock, Limit: st.Limit})
		if err != nil {
			return Result{Err: errClass(err)}
		}
		var out []string
		for _, r := range rows {
			out = append(out, simRow(r))
		}
		return Result{Out: "[" + strings.Join(out, " ") + "]"}
	case Update:
		n, err := s.h().Update("t", key, set, cond...)
		return Result{Out: strconv.Itoa(n), Err: errClass(err)}
	case Insert:
		err := s.h().Insert("t", key, db.Row{"id": st.Key, "state": st.State, "a": 0, "b": 0})
		return Result{Err: errClass(err)}
	case Upsert:
		ins, err := s.h().Upsert("t", key, db.Row{"id": st.Key, "state": st.State, "a": 0, "b": 0}, set)
		if err != nil {
			return Result{Err: errClass(err)}
		}
		return Result{Out: map[bool]string{true: "inserted", false: "updated"}[ins]}
	case Delete:
		n, err := s.h().Delete("t", key)
		return Result{Out: strconv.Itoa(n), Err: errClass(err)}
	case Lock:
		ok, err := s.c.Lock(st.Name, st.Timeout)
		return Result{Out: strconv.FormatBool(ok), Err: errClass(err)}
	case Unlock:
		ok, err := s.c.Unlock(st.Name)
		return Result{Out: strconv.FormatBool(ok), Err: errClass(err)}
	case Close:
		s.c.Close()
	}
	return Result{}
}
