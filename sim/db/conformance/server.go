package conformance

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/racelab/racelab/sim/db"
)

// runs numbers the runs against one process's servers, so that cases may
// run in parallel on their own tables and lock names.
var runs atomic.Int64

// RunServer runs c against the real server at dsn (PostgreSQL through pgx
// for db.PostgreSQL, MariaDB or MySQL through go-sql-driver/mysql for
// db.MySQL) at level, on real goroutines and the real clock.
func RunServer(ctx context.Context, c Case, dialect db.Dialect, level db.Isolation, dsn string) (Observation, error) {
	n := runs.Add(1)
	q := sqlDialect{mysql: dialect == db.MySQL, table: fmt.Sprintf("t%d", n), prefix: fmt.Sprintf("r%d.", n)}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	admin, err := q.open(ctx, dsn, c)
	if err != nil {
		return Observation{}, err
	}
	defer admin.close()
	if err := admin.setup(ctx); err != nil {
		return Observation{}, err
	}
	var ss []session
	var cs []*conn
	defer func() {
		for _, s := range cs {
			s.close()
		}
	}()
	for range c.Conns {
		s, err := q.open(ctx, dsn, c)
		if err != nil {
			return Observation{}, err
		}
		s.admin = admin
		cs, ss = append(cs, s), append(ss, s)
	}
	obs := Observation{Steps: drive(realThreads{}, ss, c, level, Window, Patience)}
	cancel() // a statement still blocked gives up
	for _, s := range cs {
		s.close()
	}
	cs = nil
	fctx, fcancel := context.WithTimeout(context.Background(), Patience)
	defer fcancel()
	admin.ctx = fctx
	obs.Final, err = admin.final(fctx)
	admin.exec(fctx, "DROP TABLE "+q.table)
	return obs, err
}

type realThreads struct{}

func (realThreads) spawn(_ string, fn func()) { go fn() }
func (realThreads) pipe(string) pipe          { return realPipe(make(chan any, 1)) }

type realPipe chan any

func (p realPipe) send(v any) { p <- v }
func (p realPipe) recv(d time.Duration) (any, bool) {
	if d < 0 {
		return <-p, true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case v := <-p:
		return v, true
	case <-t.C:
		return nil, false
	}
}

// waitingForLock asks the server whether the connection's statement waits
// for a row lock or a named lock.
func (s *conn) waitingForLock() bool {
	ctx, cancel := context.WithTimeout(context.Background(), Patience)
	defer cancel()
	var n int64
	var err error
	if s.pg != nil {
		err = s.admin.pg.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", s.id).Scan(&n)
	} else {
		err = s.admin.my.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ? AND trx_state = 'LOCK WAIT')
			+ (SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND STATE = 'User lock')`, s.id, s.id).Scan(&n)
	}
	return err != nil || n > 0 // when in doubt, the window decides
}

// sqlDialect writes the statements of each step for one server.
type sqlDialect struct {
	mysql         bool
	table, prefix string
}

// conn is one connection to a real server.
type conn struct {
	q     sqlDialect
	ctx   context.Context
	pg    *pgx.Conn
	my    *sql.Conn
	mdb   *sql.DB
	id    int64 // the server's id of the connection
	admin *conn // asks the server about this one
}

func (q sqlDialect) open(ctx context.Context, dsn string, c Case) (*conn, error) {
	s := &conn{q: q, ctx: ctx}
	if !q.mysql {
		pc, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("conformance: postgresql: %w", err)
		}
		s.pg, s.id = pc, int64(pc.PgConn().PID())
		lt := "0"
		if c.LockTimeout > 0 {
			lt = fmt.Sprintf("%dms", c.LockTimeout.Milliseconds())
		}
		if _, err := pc.Exec(ctx, fmt.Sprintf("SET deadlock_timeout = '%dms'; SET lock_timeout = '%s'", DeadlockTimeout.Milliseconds(), lt)); err != nil {
			pc.Close(ctx)
			return nil, fmt.Errorf("conformance: postgresql: %w", err)
		}
		return s, nil
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("conformance: mysql dsn: %w", err)
	}
	cfg.ClientFoundRows = true // rows matched, as PostgreSQL reports them
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("conformance: mysql: %w", err)
	}
	s.mdb = sql.OpenDB(connector)
	s.mdb.SetMaxOpenConns(1)
	if s.my, err = s.mdb.Conn(ctx); err != nil {
		s.mdb.Close()
		return nil, fmt.Errorf("conformance: mysql: %w", err)
	}
	if err := s.my.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&s.id); err != nil {
		s.close()
		return nil, fmt.Errorf("conformance: mysql: %w", err)
	}
	lt := 50
	if c.LockTimeout > 0 {
		lt = int(c.LockTimeout.Seconds())
	}
	if _, err := s.my.ExecContext(ctx, fmt.Sprintf("SET SESSION innodb_lock_wait_timeout = %d", lt)); err != nil {
		s.close()
		return nil, fmt.Errorf("conformance: mysql: %w", err)
	}
	return s, nil
}

func (s *conn) close() {
	if s.pg != nil {
		s.pg.Close(context.Background())
		s.pg = nil
	}
	if s.my != nil {
		// Drop the connection itself rather than return it to the pool.
		s.my.Raw(func(any) error { return driver.ErrBadConn })
		s.my.Close()
		s.mdb.Close()
		s.my = nil
	}
}

func (s *conn) exec(ctx context.Context, stmt string, args ...any) (int64, error) {
	if s.pg != nil {
		tag, err := s.pg.Exec(ctx, stmt, args...)
		if err == nil && tag.String() == "ROLLBACK" && strings.HasPrefix(stmt, "COMMIT") {
			return 0, db.ErrAborted
		}
		return tag.RowsAffected(), err
	}
	res, err := s.my.ExecContext(ctx, stmt, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// query returns the rows of a SELECT of id, state, a, b.
func (s *conn) query(ctx context.Context, stmt string, args ...any) ([]string, error) {
	var out []string
	scan := func(next func() bool, scan func(...any) error, errf func() error) error {
		for next() {
			var id int
			var state string
			var a, b int64
			if err := scan(&id, &state, &a, &b); err != nil {
				return err
			}
			out = append(out, row(id, state, a, b))
		}
		return errf()
	}
	if s.pg != nil {
		rows, err := s.pg.Query(ctx, stmt, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		return out, scan(rows.Next, rows.Scan, rows.Err)
	}
	rows, err := s.my.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return out, scan(rows.Next, rows.Scan, rows.Err)
}

func (s *conn) scalar(ctx context.Context, stmt string, args ...any) (sql.NullInt64, error) {
	var v sql.NullInt64
	if s.pg != nil {
		var b *bool
		err := s.pg.QueryRow(ctx, stmt, args...).Scan(&b)
		if b != nil {
			v.Valid = true
			if *b {
				v.Int64 = 1
			}
		}
		return v, err
	}
	err := s.my.QueryRowContext(ctx, stmt, args...).Scan(&v)
	return v, err
}

func (s *conn) setup(ctx context.Context) error {
	t := s.q.table
	stmts := []string{fmt.Sprintf("CREATE TABLE %s (id int PRIMARY KEY, state varchar(20) NOT NULL, a int NOT NULL, b int NOT NULL)", t)}
	for _, r := range seedRows {
		stmts = append(stmts, fmt.Sprintf("INSERT INTO %s VALUES (%d, '%s', 0, 0)", t, r.id, r.state))
	}
	for _, st := range stmts {
		if _, err := s.exec(ctx, st); err != nil {
			return fmt.Errorf("conformance: setup: %w", err)
		}
	}
	return nil
}

func (s *conn) final(ctx context.Context) (string, error) {
	rows, err := s.query(ctx, fmt.Sprintf("SELECT id, state, a, b FROM %s ORDER BY id", s.q.table))
	return strings.Join(rows, " "), err
}

func (q sqlDialect) ph(i int) string {
	if q.mysql {
		return "?"
	}
	return "$" + strconv.Itoa(i)
}

func (q sqlDialect) lockClause(l db.RowLock) string {
	if l == 0 {
		return ""
	}
	s := " FOR UPDATE"
	if l&db.ForShare != 0 {
		s = " FOR SHARE"
		if q.mysql {
			s = " LOCK IN SHARE MODE"
		}
	}
	if l&db.SkipLocked != 0 {
		s += " SKIP LOCKED"
	}
	return s
}

func (s *conn) do(st Step, l db.Isolation) Result {
	ctx, q, t := s.ctx, s.q, s.q.table
	var set []string
	var args []any
	for _, c := range cols {
		if v, ok := st.Set[c]; ok {
			args = append(args, v)
			set = append(set, fmt.Sprintf("%s = %s", c, q.ph(len(args))))
		}
	}
	switch st.Kind {
	case Begin:
		iso := level(st, l).String()
		if q.mysql {
			if _, err := s.exec(ctx, "SET TRANSACTION ISOLATION LEVEL "+iso); err != nil {
				return Result{Err: classify(err)}
			}
			_, err := s.exec(ctx, "START TRANSACTION")
			return Result{Err: classify(err)}
		}
		_, err := s.exec(ctx, "BEGIN ISOLATION LEVEL "+iso)
		return Result{Err: classify(err)}
	case Commit:
		_, err := s.exec(ctx, "COMMIT")
		return Result{Err: classify(err)}
	case Rollback:
		_, err := s.exec(ctx, "ROLLBACK")
		return Result{Err: classify(err)}
	case Get:
		rows, err := s.query(ctx, fmt.Sprintf("SELECT id, state, a, b FROM %s WHERE id = %s%s", t, q.ph(1), q.lockClause(st.Lock)), st.Key)
		if err != nil {
			return Result{Err: classify(err)}
		}
		if len(rows) == 0 {
			return Result{Out: "absent"}
		}
		return Result{Out: rows[0]}
	case Scan:
		stmt := fmt.Sprintf("SELECT id, state, a, b FROM %s", t)
		var args []any
		if st.Cond != "" {
			stmt += " WHERE state = " + q.ph(1)
			args = append(args, st.Cond)
		}
		stmt += " ORDER BY id"
		if st.Limit > 0 {
			stmt += fmt.Sprintf(" LIMIT %d", st.Limit)
		}
		rows, err := s.query(ctx, stmt+q.lockClause(st.Lock), args...)
		if err != nil {
			return Result{Err: classify(err)}
		}
		return Result{Out: "[" + strings.Join(rows, " ") + "]"}
	case Update:
		args = append(args, st.Key)
		stmt := fmt.Sprintf("UPDATE %s SET %s WHERE id = %s", t, strings.Join(set, ", "), q.ph(len(args)))
		if st.Cond != "" {
			args = append(args, st.Cond)
			stmt += " AND state = " + q.ph(len(args))
		}
		n, err := s.exec(ctx, stmt, args...)
		if err != nil {
			return Result{Out: "0", Err: classify(err)}
		}
		return Result{Out: strconv.FormatInt(n, 10)}
	case Insert:
		_, err := s.exec(ctx, fmt.Sprintf("INSERT INTO %s VALUES (%s, %s, 0, 0)", t, q.ph(1), q.ph(2)), st.Key, st.State)
		return Result{Err: classify(err)}
	case Upsert:
		vals := []any{st.Key, st.State}
		setArgs := make([]string, 0, len(set))
		for i, c := range slices.DeleteFunc(slices.Clone(cols), func(c string) bool { _, ok := st.Set[c]; return !ok }) {
			vals = append(vals, st.Set[c])
			setArgs = append(setArgs, fmt.Sprintf("%s = %s", c, q.ph(3+i)))
		}
		if q.mysql {
			n, err := s.exec(ctx, fmt.Sprintf("INSERT INTO %s VALUES (?, ?, 0, 0) ON DUPLICATE KEY UPDATE %s", t, strings.Join(setArgs, ", ")), vals...)
			if err != nil {
				return Result{Err: classify(err)}
			}
			return Result{Out: map[bool]string{true: "inserted", false: "updated"}[n == 1]}
		}
		v, err := s.scalar(ctx, fmt.Sprintf("INSERT INTO %s VALUES ($1, $2, 0, 0) ON CONFLICT (id) DO UPDATE SET %s RETURNING (xmax = 0)", t, strings.Join(setArgs, ", ")), vals...)
		if err != nil {
			return Result{Err: classify(err)}
		}
		return Result{Out: map[bool]string{true: "inserted", false: "updated"}[v.Int64 == 1]}
	case Delete:
		n, err := s.exec(ctx, fmt.Sprintf("DELETE FROM %s WHERE id = %s", t, q.ph(1)), st.Key)
		if err != nil {
			return Result{Out: "0", Err: classify(err)}
		}
		return Result{Out: strconv.FormatInt(n, 10)}
	case Lock:
		return s.lock(ctx, q.prefix+st.Name, st.Timeout)
	case Unlock:
		stmt := "SELECT pg_advisory_unlock(hashtext($1))"
		if q.mysql {
			stmt = "SELECT RELEASE_LOCK(?)"
		}
		v, err := s.scalar(ctx, stmt, q.prefix+st.Name)
		if err != nil {
			return Result{Out: "false", Err: classify(err)}
		}
		return Result{Out: strconv.FormatBool(v.Valid && v.Int64 == 1)}
	case Close:
		s.close()
	}
	return Result{}
}

// lock takes a named lock: GET_LOCK, or PostgreSQL's session advisory lock
// waiting at most timeout (lock_timeout), a timeout reading as false.
func (s *conn) lock(ctx context.Context, name string, timeout time.Duration) Result {
	if s.q.mysql {
		v, err := s.scalar(ctx, "SELECT GET_LOCK(?, ?)", name, int(timeout.Seconds()))
		if err != nil {
			return Result{Out: "false", Err: classify(err)}
		}
		return Result{Out: strconv.FormatBool(v.Valid && v.Int64 == 1)}
	}
	if timeout <= 0 {
		v, err := s.scalar(ctx, "SELECT pg_try_advisory_lock(hashtext($1))", name)
		if err != nil {
			return Result{Out: "false", Err: classify(err)}
		}
		return Result{Out: strconv.FormatBool(v.Int64 == 1)}
	}
	if _, err := s.exec(ctx, fmt.Sprintf("SET lock_timeout = '%dms'", timeout.Milliseconds())); err != nil {
		return Result{Out: "false", Err: classify(err)}
	}
	_, err := s.exec(ctx, "SELECT pg_advisory_lock(hashtext($1))", name)
	s.exec(ctx, "RESET lock_timeout")
	if c := classify(err); c == "lock-timeout" {
		return Result{Out: "false"}
	} else if c != "" {
		return Result{Out: "false", Err: c}
	}
	return Result{Out: "true"}
}

// classify names a server's error as errClass names sim/db's.
func classify(err error) string {
	var pe *pgconn.PgError
	var me *mysql.MySQLError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, db.ErrAborted):
		return "aborted"
	case errors.As(err, &pe):
		switch pe.Code {
		case "23505":
			return "duplicate"
		case "40P01":
			return "deadlock"
		case "55P03":
			return "lock-timeout"
		case "40001":
			return "serialization"
		case "25P02":
			return "aborted"
		}
		return pe.Code + " " + pe.Message
	case errors.As(err, &me):
		switch me.Number {
		case 1062:
			return "duplicate"
		case 1213:
			return "deadlock"
		case 1205:
			return "lock-timeout"
		}
		return fmt.Sprintf("%d %s", me.Number, me.Message)
	}
	return err.Error()
}
