package mutate

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// The operators of transactions, retries, errors, ordering and waiting.

// weaker maps an isolation level to READ COMMITTED, in sim/db's and
// database/sql's spelling.
var weaker = map[string]string{
	"Serializable": "ReadCommitted", "RepeatableRead": "ReadCommitted", "Snapshot": "ReadCommitted",
	"LevelSerializable": "LevelReadCommitted", "LevelRepeatableRead": "LevelReadCommitted", "LevelSnapshot": "LevelReadCommitted",
}

func lowerIsolation(f *file) []site {
	var out []site
	ast.Inspect(f.ast, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if to, ok := weaker[sel.Sel.Name]; ok {
			if _, pkg := sel.X.(*ast.Ident); pkg {
				out = append(out, site{sel.Pos(), "lowers " + f.text(sel) + " to " + to, []edit{f.replace(sel.Sel, to)}})
			}
		}
		return true
	})
	return out
}

// retryLoops returns every loop that looks like a bounded retry.
func retryLoops(f *file) []ast.Stmt {
	var out []ast.Stmt
	ast.Inspect(f.ast, func(n ast.Node) bool {
		if s, ok := n.(ast.Stmt); ok && isRetryLoop(s) {
			out = append(out, s)
		}
		return true
	})
	return out
}

func dropRetry(f *file) []site {
	var out []site
	for _, l := range retryLoops(f) {
		switch l := l.(type) {
		case *ast.RangeStmt:
			// min keeps a count variable used, and is 1 for any count >= 1
			out = append(out, site{l.Pos(), "tries once instead of " + f.text(l.X) + " times", []edit{f.replace(l.X, "min("+f.text(l.X)+", 1)")}})
		case *ast.ForStmt:
			if b, ok := l.Cond.(*ast.BinaryExpr); ok && b.Op == token.LSS {
				out = append(out, site{l.Pos(), "tries once instead of " + f.text(b.Y) + " times", []edit{f.replace(b.Y, "min("+f.text(b.Y)+", 1)")}})
			}
		}
	}
	return out
}

// reuseFirstRead hoists the first read of a retry loop's body (an
// assignment from a call, or an if statement's initializer) before the
// loop: every attempt after the first acts on what the first one read.
func reuseFirstRead(f *file) []site {
	var out []site
	for _, l := range retryLoops(f) {
		var body *ast.BlockStmt
		switch l := l.(type) {
		case *ast.RangeStmt:
			body = l.Body
		case *ast.ForStmt:
			body = l.Body
		}
		for _, s := range body.List {
			if as, ok := s.(*ast.AssignStmt); ok && callOf(as) != nil {
				out = append(out, site{s.Pos(), "reads `" + firstLine(f.text(s)) + "` once, before the retry loop",
					[]edit{f.before(l, f.text(s)), f.del(s)}})
				break
			}
			if is, ok := s.(*ast.IfStmt); ok && is.Init != nil && callOf(is.Init) != nil {
				out = append(out, site{s.Pos(), "reads `" + f.text(is.Init) + "` once, before the retry loop",
					[]edit{f.before(l, f.text(is.Init)), {f.off(is.Init.Pos()), f.off(is.Cond.Pos()), ""}}})
				break
			}
		}
	}
	return out
}

// dropReconnect deletes a reconnect, and the check around it when it is
// all the check does.
func dropReconnect(f *file) []site {
	var out []site
	inIf := map[ast.Stmt]bool{} // a reconnect already removed with its check
	for _, l := range lists(f.ast) {
		for _, s := range l {
			target := s
			if is, ok := s.(*ast.IfStmt); ok && is.Else == nil && len(is.Body.List) == 1 && is.Init == nil {
				s = is.Body.List[0]
				inIf[s] = true
			} else if inIf[s] {
				continue
			}
			es, ok := s.(*ast.ExprStmt)
			if !ok {
				continue
			}
			c, ok := es.X.(*ast.CallExpr)
			if !ok || !strings.Contains(strings.ToLower(calleeName(c)), "reconnect") {
				continue
			}
			out = append(out, site{s.Pos(), "removes " + f.text(c), []edit{f.del(target)}})
		}
	}
	return out
}

// errorAsSuccess treats an error as success. Where a test of an error
// (err != nil) guards a return of that error, the return reports success
// instead (return "", nil): the caller is told it worked. Any other test is
// rewritten in place: err != nil is never true, err == nil always.
func errorAsSuccess(f *file) []site {
	var out []site
	visit := func(cond ast.Expr, body *ast.BlockStmt) {
		ast.Inspect(cond, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok || (b.Op != token.NEQ && b.Op != token.EQL) {
				return true
			}
			x := b.X
			if isNil(x) {
				x = b.Y
			} else if !isNil(b.Y) {
				return true
			}
			if !errName(x) {
				return true
			}
			if b.Op == token.NEQ && body != nil {
				if edits := f.returnSuccess(body, x.(*ast.Ident).Name); edits != nil {
					out = append(out, site{b.Pos(), "returns success where `" + f.text(b) + "`", edits})
					return false
				}
			}
			text := "(" + f.text(b) + " && false)"
			desc := "treats `" + f.text(b) + "` as never true"
			if b.Op == token.EQL {
				text = "(" + f.text(b) + " || true)"
				desc = "treats `" + f.text(b) + "` as always true"
			}
			out = append(out, site{b.Pos(), desc, []edit{f.replace(b, text)}})
			return false
		})
	}
	ast.Inspect(f.ast, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt:
			visit(n.Cond, n.Body)
		case *ast.SwitchStmt:
			if n.Tag == nil {
				for _, c := range n.Body.List {
					for _, e := range c.(*ast.CaseClause).List {
						visit(e, nil)
					}
				}
			}
		}
		return true
	})
	return out
}

// returnSuccess rewrites the return that ends body, when it returns the
// error err (wrapped or not), to return nil in its place.
func (f *file) returnSuccess(body *ast.BlockStmt, err string) []edit {
	if len(body.List) == 0 {
		return nil
	}
	ret, ok := body.List[len(body.List)-1].(*ast.ReturnStmt)
	if !ok {
		return nil
	}
	var edits []edit
	for _, r := range ret.Results {
		if uses(r, map[string]bool{err: true}) {
			edits = append(edits, f.replace(r, "nil"))
		}
	}
	return edits
}

// writeVerbs begin the names of calls that write (lower-cased).
var writeVerbs = []string{"set", "store", "save", "update", "upsert", "insert", "delete", "incr", "decr", "add", "put",
	"write", "mark", "bump", "clear", "invalidate", "remove", "append", "publish", "queue", "release", "schedule"}

// isWrite reports whether a statement writes: a call named like a write,
// or an assignment to fields or elements.
func isWrite(s ast.Stmt) bool {
	if c := callOf(s); c != nil && !isDefer(s) {
		name := strings.ToLower(calleeName(c))
		for _, v := range writeVerbs {
			if strings.HasPrefix(name, v) {
				return true
			}
		}
	}
	as, ok := s.(*ast.AssignStmt)
	if !ok || as.Tok != token.ASSIGN {
		return false
	}
	for _, l := range as.Lhs {
		switch l.(type) {
		case *ast.SelectorExpr, *ast.IndexExpr:
		default:
			return false
		}
	}
	return true
}

// dependent reports whether b reads what a assigns: a name a defines,
// or a variable of which a assigns a field or element (r.State = x, then
// m[k] = r).
func dependent(a, b ast.Stmt) bool {
	as, ok := a.(*ast.AssignStmt)
	if !ok {
		return false
	}
	var written []string
	for _, l := range as.Lhs {
		written = append(written, types.ExprString(l))
	}
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		e, ok := n.(ast.Expr)
		if !ok || found {
			return !found
		}
		switch e.(type) {
		case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr:
		default:
			return true
		}
		t := types.ExprString(e)
		for _, w := range written {
			if w == t || strings.HasPrefix(w, t+".") || strings.HasPrefix(w, t+"[") {
				if isLHSOf(b, e) && w != t {
					continue // b writes into the same variable, it does not read it
				}
				found = true
			}
		}
		return !found
	})
	return found
}

// isLHSOf reports whether e is the root of an assignment target of s.
func isLHSOf(s ast.Stmt, e ast.Expr) bool {
	as, ok := s.(*ast.AssignStmt)
	if !ok {
		return false
	}
	for _, l := range as.Lhs {
		for x := l; x != nil; {
			if x == e {
				return true
			}
			switch y := x.(type) {
			case *ast.SelectorExpr:
				x = y.X
			case *ast.IndexExpr:
				x = y.X
			default:
				x = nil
			}
		}
	}
	return false
}

// swapWrites swaps two adjacent writes where the second does not use what
// the first assigned (invalidate then set, write then bump).
func swapWrites(f *file) []site {
	var out []site
	for _, l := range lists(f.ast) {
		for i := 0; i+1 < len(l); i++ {
			a, b := l[i], l[i+1]
			if !isWrite(a) || !isWrite(b) || dependent(a, b) || dependent(b, a) || f.text(a) == f.text(b) {
				continue
			}
			gap := string(f.src[f.off(a.End()):f.off(b.Pos())])
			out = append(out, site{a.Pos(), "swaps `" + firstLine(f.text(a)) + "` and `" + firstLine(f.text(b)) + "`",
				[]edit{{f.off(a.Pos()), f.off(b.End()), f.text(b) + gap + f.text(a)}}})
			i++
		}
	}
	return out
}

// exprCalls returns every expression statement that is a call.
func exprCalls(f *file, keep func(*ast.CallExpr) bool) []*ast.ExprStmt {
	var out []*ast.ExprStmt
	ast.Inspect(f.ast, func(n ast.Node) bool {
		if es, ok := n.(*ast.ExprStmt); ok {
			if c, ok := es.X.(*ast.CallExpr); ok && keep(c) {
				out = append(out, es)
			}
		}
		return true
	})
	return out
}

func dropOnce(f *file) []site {
	var out []site
	for _, es := range exprCalls(f, func(c *ast.CallExpr) bool {
		recv, name, ok := method(c)
		return ok && name == "Do" && len(c.Args) == 1 && strings.Contains(strings.ToLower(recv), "once")
	}) {
		c := es.X.(*ast.CallExpr)
		out = append(out, site{es.Pos(), "calls the function of " + f.text(c.Fun) + " directly",
			[]edit{f.replace(c, "("+f.text(c.Args[0])+")()")}})
	}
	return out
}

func removeWait(f *file) []site {
	var out []site
	for _, es := range exprCalls(f, func(c *ast.CallExpr) bool {
		recv, name, ok := method(c)
		r := strings.ToLower(recv)
		return ok && name == "Wait" && len(c.Args) == 0 && !strings.Contains(r, "cond") && !strings.HasSuffix(r, "cv")
	}) {
		out = append(out, site{es.Pos(), "removes " + f.text(es), []edit{f.del(es)}})
	}
	return out
}

func removeRecv(f *file) []site {
	var out []site
	ast.Inspect(f.ast, func(n ast.Node) bool {
		if es, ok := n.(*ast.ExprStmt); ok {
			if u, ok := es.X.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				out = append(out, site{es.Pos(), "removes the receive " + f.text(es), []edit{f.del(es)}})
			}
		}
		return true
	})
	return out
}

// nonAtomic rewrites atomic.LoadT(&x), atomic.StoreT(&x, v) and (as a
// statement) atomic.AddT(&x, d) into plain accesses of x.
func nonAtomic(f *file) []site {
	var out []site
	addrOf := func(e ast.Expr) (string, bool) {
		u, ok := e.(*ast.UnaryExpr)
		if !ok || u.Op != token.AND {
			return "", false
		}
		return f.text(u.X), true
	}
	stmts := map[*ast.CallExpr]bool{}
	ast.Inspect(f.ast, func(n ast.Node) bool {
		if es, ok := n.(*ast.ExprStmt); ok {
			if c, ok := es.X.(*ast.CallExpr); ok {
				stmts[c] = true
			}
		}
		c, ok := n.(*ast.CallExpr)
		if !ok || len(c.Args) == 0 {
			return true
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok || types.ExprString(sel.X) != "atomic" {
			return true
		}
		x, ok := addrOf(c.Args[0])
		if !ok {
			return true
		}
		name := sel.Sel.Name
		var text string
		switch {
		case strings.HasPrefix(name, "Load") && len(c.Args) == 1:
			text = "(" + x + ")"
		case strings.HasPrefix(name, "Store") && len(c.Args) == 2 && stmts[c]:
			text = x + " = " + f.text(c.Args[1])
		case strings.HasPrefix(name, "Add") && len(c.Args) == 2 && stmts[c]:
			text = x + " += " + f.text(c.Args[1])
		default:
			return true
		}
		out = append(out, site{c.Pos(), "makes " + f.text(c) + " a plain access", []edit{f.replace(c, text)}})
		return true
	})
	return out
}
