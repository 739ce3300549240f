package mutate

import (
	"fmt"
	"go/ast"
	"go/token"
	"sort"
	"strings"
)

// Operator is one kind of concurrency mistake, applied wherever its
// syntactic pattern matches. A mutant is one application at one site.
type Operator struct {
	// Name is the operator's stable name ("remove-lock").
	Name string
	// Doc says, in a few words, what mistake it models.
	Doc   string
	sites func(f *file) []site
}

// site is one place an operator applies, as edits of the file's text: text
// edits keep every comment and build directive where it was, which
// re-printing a changed syntax tree would not.
type site struct {
	pos   token.Pos
	desc  string
	edits []edit
}

// edit replaces the bytes [from, to) of the source with text.
type edit struct {
	from, to int
	text     string
}

// Operators returns every operator, in a fixed order.
func Operators() []Operator {
	return []Operator{
		{"remove-lock", "remove a Lock and its Unlock", removeLock},
		{"unlock-early", "release a lock before the last statement it guards", unlockEarly},
		{"read-outside-lock", "move the first read or check of a critical section before its Lock", readOutsideLock},
		{"split-lock", "split a critical section in two (unlock and lock again after its first statement)", splitLock},
		{"lower-isolation", "lower a transaction's isolation level to READ COMMITTED", lowerIsolation},
		{"drop-retry", "make a retry loop try once", dropRetry},
		{"reuse-first-read", "hoist a retry loop's first read before the loop, so every attempt reuses it", reuseFirstRead},
		{"drop-reconnect", "remove a reconnect", dropReconnect},
		{"error-as-success", "treat an error as success (err != nil never taken, err == nil always)", errorAsSuccess},
		{"swap-writes", "swap two adjacent writes", swapWrites},
		{"drop-once", "call a Once's function directly (init twice)", dropOnce},
		{"remove-wait", "remove a WaitGroup Wait", removeWait},
		{"remove-recv", "remove a channel receive that only waits", removeRecv},
		{"non-atomic", "replace an atomic Load, Store or Add by a plain access", nonAtomic},
	}
}

// SelectOperators returns the named operators (comma-separated; "" or
// "all": every one), or an error naming an unknown one.
func SelectOperators(names string) ([]Operator, error) {
	all := Operators()
	if names == "" || names == "all" {
		return all, nil
	}
	var out []Operator
	for _, n := range strings.Split(names, ",") {
		n = strings.TrimSpace(n)
		found := false
		for _, op := range all {
			if op.Name == n {
				out, found = append(out, op), true
			}
		}
		if !found {
			known := make([]string, len(all))
			for i, op := range all {
				known[i] = op.Name
			}
			return nil, fmt.Errorf("unknown operator %q (operators: %s)", n, strings.Join(known, ", "))
		}
	}
	return out, nil
}

// file is one parsed source file.
type file struct {
	fset *token.FileSet
	ast  *ast.File
	src  []byte
}

func (f *file) off(p token.Pos) int { return f.fset.Position(p).Offset }

// text is a node's source text.
func (f *file) text(n ast.Node) string { return string(f.src[f.off(n.Pos()):f.off(n.End())]) }

func (f *file) line(p token.Pos) int { return f.fset.Position(p).Line }

// del removes a node.
func (f *file) del(n ast.Node) edit { return edit{f.off(n.Pos()), f.off(n.End()), ""} }

// replace replaces a node's text.
func (f *file) replace(n ast.Node, text string) edit {
	return edit{f.off(n.Pos()), f.off(n.End()), text}
}

// before inserts a line of text before a statement.
func (f *file) before(n ast.Node, text string) edit {
	o := f.off(n.Pos())
	return edit{o, o, text + "\n"}
}

// apply returns the source with the edits made; they must not overlap.
func apply(src []byte, edits []edit) ([]byte, error) {
	es := append([]edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool {
		return es[i].from > es[j].from || (es[i].from == es[j].from && es[i].to > es[j].to)
	})
	out := append([]byte(nil), src...)
	end := len(src) + 1
	for _, e := range es {
		if e.to > end {
			return nil, fmt.Errorf("mutate: overlapping edits at byte %d", e.from)
		}
		out = append(out[:e.from:e.from], append([]byte(e.text), out[e.to:]...)...)
		end = e.from
	}
	return out, nil
}
