package opsync

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/racelab/racelab/sim/db"
)

// Name is an operation a component performs on a dataset.
type Name string

// The operations of the fixed code (OperationName).
const (
	Backup    Name = "BACKUP"
	Delete    Name = "DELETE"
	Index     Name = "INDEX"
	Reindex   Name = "REINDEX"
	ToolIndex Name = "TOOLINDEX"
	Unpack    Name = "UNPACK"
	Update    Name = "UPDATE"
	Upload    Name = "UPLOAD"
)

// Names lists every operation in a fixed order.
var Names = []Name{Backup, Delete, Index, Reindex, ToolIndex, Unpack, Update, Upload}

// State is an operation's state (OperationState).
type State string

const (
	Ready   State = "READY"
	Working State = "WORKING"
	OK      State = "OK"
	Failed  State = "FAILED"
)

// Variant selects the form of the code.
type Variant int

const (
	Buggy Variant = iota
	Fixed
	FixedIdempotent
)

// SyncSQLError is what a call returns when the database failed it: for
// Update and Error after every retry, for Next at once. The call had no
// effect (in the fixed variants).
type SyncSQLError struct {
	Component Name
	Operation string
	Err       error
}

func (e *SyncSQLError) Error() string {
	return fmt.Sprintf("Sql error executing %s %s: %v", e.Component, e.Operation, e.Err)
}

func (e *SyncSQLError) Unwrap() error { return e.Err }

// Tables: the fixed row per (dataset, operation), the buggy blob per
// dataset, and the idempotent variant's call tokens.
const (
	opsTable    = "dataset_operations"
	blobTable   = "dataset_metadata"
	tokensTable = "sync_calls"
)

// Sync is one component's handle on the operations, through one database
// session. It is used by one thread at a time.
type Sync struct {
	conn      *db.Conn
	component Name
	variant   Variant
	// Retries and Delay are Sync.RETRIES (10) and Sync.DELAY (0.1 s).
	Retries int
	Delay   time.Duration
	sleep   func(time.Duration)
	token   func() string
}

// New returns the Sync of component over conn. sleep waits between retries
// (the runtime's, so the simulator's clock advances); token returns a value
// unique to each call, for FixedIdempotent.
func New(conn *db.Conn, component Name, v Variant, sleep func(time.Duration), token func() string) *Sync {
	return &Sync{conn: conn, component: component, variant: v, Retries: 10, Delay: 100 * time.Millisecond, sleep: sleep, token: token}
}

// session makes sure the connection is alive, as a new session from the
// pool would be.
func (s *Sync) session() *db.Conn {
	if !s.conn.Alive() {
		s.conn.Reconnect()
	}
	return s.conn
}

// Next returns, sorted, the datasets on which the component's operation is
// READY. There is no retry: any error is a SyncSQLError.
func (s *Sync) Next() ([]string, error) {
	if s.variant == Buggy {
		return s.nextBlob()
	}
	tx := s.session().Begin(db.Serializable)
	rows, err := tx.Scan(opsTable, db.Eq("name", string(s.component)), db.Eq("state", string(Ready)))
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		tx.Rollback()
		return nil, &SyncSQLError{Component: s.component, Operation: "next", Err: err}
	}
	var out []string
	for _, r := range rows {
		out = append(out, r["dataset"].(string))
	}
	sort.Strings(out)
	return out, nil
}

// Update sets the component's own operation (state and/or message, creating
// the row as FAILED when no state is given) and makes every enabled
// operation READY, atomically in the fixed variants.
func (s *Sync) Update(dataset string, state State, enabled []Name, message string) error {
	if s.variant == Buggy {
		return s.updateBlob(dataset, state, enabled, message)
	}
	return s.retry("update", func(tx *db.Tx) error { return s.apply(tx, dataset, state, enabled, message) })
}

// Error marks the component's operation FAILED with a message.
func (s *Sync) Error(dataset, message string) error {
	if s.variant == Buggy {
		return s.updateBlob(dataset, Failed, nil, message)
	}
	return s.retry("update", func(tx *db.Tx) error { return s.apply(tx, dataset, Failed, nil, message) })
}

// retry runs one transaction per attempt, up to Retries, sleeping Delay
// after every failure, the last included (as the Python code does).
func (s *Sync) retry(operation string, body func(*db.Tx) error) error {
	var last error
	token := ""
	if s.variant == FixedIdempotent {
		token = s.token()
	}
	for range s.Retries {
		tx := s.session().Begin(db.Serializable)
		err := s.attempt(tx, token, body)
		if err == nil || errors.Is(err, errDone) {
			return nil
		}
		tx.Rollback()
		last = err
		s.sleep(s.Delay)
	}
	return &SyncSQLError{Component: s.component, Operation: operation, Err: last}
}

// errDone says an earlier attempt of this call committed.
var errDone = errors.New("already applied")

func (s *Sync) attempt(tx *db.Tx, token string, body func(*db.Tx) error) error {
	if token != "" {
		// The call's token is written in the same transaction: finding it
		// means an attempt whose reply was lost did commit.
		if _, found, err := tx.Get(tokensTable, token); err != nil {
			return err
		} else if found {
			tx.Rollback()
			return errDone
		}
		if err := tx.Insert(tokensTable, token, db.Row{"component": string(s.component)}); err != nil {
			return err
		}
	}
	if err := body(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// apply is one attempt of the fixed code: one read of every relevant row,
// then the writes.
func (s *Sync) apply(tx *db.Tx, dataset string, state State, enabled []Name, message string) error {
	match := slices.Clone(enabled)
	if state != "" || message != "" {
		match = append(match, s.component)
	}
	names := make([]any, len(match))
	for i, n := range match {
		names[i] = string(n)
	}
	rows, err := tx.Scan(opsTable, db.Eq("dataset", dataset), db.In("name", names...))
	if err != nil {
		return err
	}
	have := map[Name]db.Row{}
	for _, r := range rows {
		have[Name(r["name"].(string))] = r
	}
	if state != "" || message != "" {
		set := db.Row{}
		if state != "" {
			set["state"] = string(state)
		}
		if message != "" {
			set["message"] = message
		}
		if err := s.write(tx, dataset, s.component, have, set, orState(state, Failed)); err != nil {
			return err
		}
	}
	for _, e := range enabled {
		if err := s.write(tx, dataset, e, have, db.Row{"state": string(Ready)}, Ready); err != nil {
			return err
		}
	}
	return nil
}

// write updates the row of (dataset, name) if it was read, or inserts it
// with the state given.
func (s *Sync) write(tx *db.Tx, dataset string, name Name, have map[Name]db.Row, set db.Row, insertState State) error {
	key := dataset + "/" + string(name)
	if _, ok := have[name]; ok {
		_, err := tx.Update(opsTable, key, set)
		return err
	}
	row := db.Row{"dataset": dataset, "name": string(name), "state": string(insertState), "message": ""}
	if m, ok := set["message"]; ok {
		row["message"] = m
	}
	have[name] = row
	return tx.Insert(opsTable, key, row)
}

func orState(s, d State) State {
	if s == "" {
		return d
	}
	return s
}

// blobRow is the buggy variant's per-dataset JSON blob.
type blobRow struct {
	State   State  `json:"state"`
	Message string `json:"message,omitempty"`
}

func (s *Sync) readBlob(dataset string) (map[Name]blobRow, error) {
	row, ok, err := s.session().Auto().Get(blobTable, dataset)
	if err != nil || !ok {
		return map[Name]blobRow{}, err
	}
	blob := map[Name]blobRow{}
	err = json.Unmarshal([]byte(row["server"].(string)), &blob)
	return blob, err
}

func (s *Sync) writeBlob(dataset string, blob map[Name]blobRow) error {
	data, err := json.Marshal(blob) // map keys are sorted: deterministic
	if err != nil {
		return err
	}
	row := db.Row{"dataset": dataset, "server": string(data)}
	_, err = s.session().Auto().Upsert(blobTable, dataset, row, row)
	return err
}

// updateBlob is the buggy update: read, compute, write the states; then,
// for a message, read, compute, write again; each step committed alone.
func (s *Sync) updateBlob(dataset string, state State, enabled []Name, message string) error {
	fail := func(err error) error { return &SyncSQLError{Component: s.component, Operation: "update", Err: err} }
	blob, err := s.readBlob(dataset)
	if err != nil {
		return fail(err)
	}
	if state != "" || (message != "" && blob[s.component].State == "") {
		r := blob[s.component]
		r.State = orState(state, orState(r.State, Failed))
		blob[s.component] = r
	}
	for _, e := range enabled {
		r := blob[e]
		r.State = Ready
		blob[e] = r
	}
	if err := s.writeBlob(dataset, blob); err != nil {
		return fail(err)
	}
	if message == "" {
		return nil
	}
	// The second read-modify-write of the same row; the original's own
	// comment wishes it were "inside a transaction so it's all atomic".
	blob, err = s.readBlob(dataset)
	if err != nil {
		return fail(err)
	}
	r := blob[s.component]
	r.Message = message
	blob[s.component] = r
	if err := s.writeBlob(dataset, blob); err != nil {
		return fail(err)
	}
	return nil
}

// nextBlob is the buggy Next: every blob, filtered in the program.
func (s *Sync) nextBlob() ([]string, error) {
	rows, err := s.session().Auto().Scan(blobTable)
	if err != nil {
		return nil, &SyncSQLError{Component: s.component, Operation: "next", Err: err}
	}
	var out []string
	for _, r := range rows {
		blob := map[Name]blobRow{}
		if json.Unmarshal([]byte(r["server"].(string)), &blob) == nil && blob[s.component].State == Ready {
			out = append(out, r["dataset"].(string))
		}
	}
	sort.Strings(out)
	return out, nil
}
