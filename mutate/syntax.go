package mutate

import (
	"go/ast"
	"go/types"
	"strings"
)

// lists returns every statement list of the file (blocks, case and select
// clauses), in source order.
func lists(root ast.Node) [][]ast.Stmt {
	var out [][]ast.Stmt
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			out = append(out, n.List)
		case *ast.CaseClause:
			out = append(out, n.Body)
		case *ast.CommClause:
			out = append(out, n.Body)
		}
		return true
	})
	return out
}

// callOf returns the call a statement makes: an expression statement's, a
// defer's, or the single right-hand side of an assignment.
func callOf(s ast.Stmt) *ast.CallExpr {
	var e ast.Expr
	switch s := s.(type) {
	case *ast.ExprStmt:
		e = s.X
	case *ast.DeferStmt:
		return s.Call
	case *ast.AssignStmt:
		if len(s.Rhs) != 1 {
			return nil
		}
		e = s.Rhs[0]
	default:
		return nil
	}
	c, _ := ast.Unparen(e).(*ast.CallExpr)
	return c
}

// method returns a method call's receiver (as source text) and name.
func method(c *ast.CallExpr) (recv, name string, ok bool) {
	if c == nil {
		return "", "", false
	}
	sel, isSel := c.Fun.(*ast.SelectorExpr)
	if !isSel {
		return "", "", false
	}
	return types.ExprString(sel.X), sel.Sel.Name, true
}

// calleeName is the name of the function or method a call calls.
func calleeName(c *ast.CallExpr) string {
	switch fn := c.Fun.(type) {
	case *ast.SelectorExpr:
		return fn.Sel.Name
	case *ast.Ident:
		return fn.Name
	}
	return ""
}

// unlockOf pairs each lock method with its release.
var unlockOf = map[string]string{"Lock": "Unlock", "RLock": "RUnlock", "LockTimeout": "Unlock"}

// section is a critical section: list[lock] takes the lock and
// list[start:end] is what it guards, up to an explicit Unlock at list[end]
// (unlockAt) or to the end of the block when the Unlock is deferred
// (deferAt).
type section struct {
	list               []ast.Stmt
	lock               int
	call               *ast.CallExpr
	recv, unlock       string
	args               []string
	start, end         int
	unlockAt, deferAt  int // -1: none
	unlockText, locker string
}

func exprStrings(es []ast.Expr) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = types.ExprString(e)
	}
	return out
}

// releases reports whether s (an expression statement or a defer) releases
// the section's lock: the same receiver, the matching method, and arguments
// that begin the Lock's (a named lock's name, without its timeout).
func (sec *section) releases(s ast.Stmt) bool {
	switch s.(type) {
	case *ast.ExprStmt, *ast.DeferStmt:
	default:
		return false
	}
	c := callOf(s)
	recv, name, ok := method(c)
	if !ok || recv != sec.recv || name != sec.unlock || len(c.Args) > len(sec.args) {
		return false
	}
	for i, a := range exprStrings(c.Args) {
		if a != sec.args[i] {
			return false
		}
	}
	return true
}

// relocks reports whether s takes the section's lock again.
func (sec *section) relocks(s ast.Stmt) bool {
	recv, name, ok := method(callOf(s))
	return ok && recv == sec.recv && unlockOf[name] == sec.unlock && !isDefer(s)
}

func isDefer(s ast.Stmt) bool { _, ok := s.(*ast.DeferStmt); return ok }

// sections finds every critical section of the file.
func (f *file) sections() []section {
	var out []section
	for _, l := range lists(f.ast) {
		for i, s := range l {
			if _, ok := s.(*ast.ExprStmt); !ok {
				if _, ok := s.(*ast.AssignStmt); !ok {
					continue
				}
			}
			c := callOf(s)
			recv, name, ok := method(c)
			if !ok || unlockOf[name] == "" {
				continue
			}
			sec := section{list: l, lock: i, call: c, recv: recv, unlock: unlockOf[name], args: exprStrings(c.Args),
				start: i + 1, end: len(l), unlockAt: -1, deferAt: -1, locker: f.text(c)}
			if as, ok := s.(*ast.AssignStmt); ok && sec.start < len(l) && mentions(l[sec.start], as.Lhs) {
				sec.start++ // the check of the lock's result
			}
			for j := i + 1; j < len(l); j++ {
				if sec.releases(l[j]) {
					if isDefer(l[j]) {
						sec.deferAt = j
						if j == sec.start {
							sec.start++
						}
					} else {
						sec.unlockAt, sec.end = j, j
					}
					sec.unlockText = f.text(callOf(l[j]))
					break
				}
				if sec.relocks(l[j]) {
					sec.end = j
					break
				}
			}
			out = append(out, sec)
		}
	}
	return out
}

// mentions reports whether an if statement's condition names any of idents.
func mentions(s ast.Stmt, idents []ast.Expr) bool {
	is, ok := s.(*ast.IfStmt)
	if !ok {
		return false
	}
	names := map[string]bool{}
	for _, e := range idents {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			names[id.Name] = true
		}
	}
	found := false
	ast.Inspect(is.Cond, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

// guarded is the section's guarded statements.
func (sec *section) guarded() []ast.Stmt { return sec.list[sec.start:sec.end] }

// trivialReturn reports whether s is a return of nothing but names and
// literals, which reads no shared state.
func trivialReturn(s ast.Stmt) bool {
	r, ok := s.(*ast.ReturnStmt)
	if !ok {
		return false
	}
	for _, e := range r.Results {
		switch e.(type) {
		case *ast.Ident, *ast.BasicLit:
		default:
			return false
		}
	}
	return true
}

// isRetryLoop reports whether a loop looks like a bounded retry: a count
// named like one (retries, attempts, tries), or a body that sleeps, backs
// off or reconnects between attempts.
func isRetryLoop(loop ast.Stmt) bool {
	var header ast.Node
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.RangeStmt:
		if l.Value != nil {
			return false
		}
		if _, lit := l.X.(*ast.CompositeLit); lit {
			return false
		}
		header, body = l.X, l.Body
	case *ast.ForStmt:
		if l.Cond == nil {
			return false
		}
		header, body = l.Cond, l.Body
	default:
		return false
	}
	h := strings.ToLower(types.ExprString(header.(ast.Expr)))
	for _, w := range []string{"retr", "attempt", "tries"} {
		if strings.Contains(h, w) {
			return true
		}
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			name := strings.ToLower(calleeName(c))
			if strings.Contains(name, "sleep") || strings.Contains(name, "backoff") || strings.Contains(name, "reconnect") {
				found = true
			}
		}
		return !found
	})
	return found
}

// errName reports whether an identifier names an error (err, saveErr).
func errName(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && strings.HasSuffix(strings.ToLower(id.Name), "err")
}

func isNil(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "nil"
}

// uses reports whether n names any of names.
func uses(n ast.Node, names map[string]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}
