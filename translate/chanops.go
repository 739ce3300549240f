package translate

import (
	"go/ast"
	"go/token"
	"go/types"
)

// The channel operations: every form of Go's becomes a call on
// racelablang.Chan (select is in select.go, the literal nil in nils.go).

// lang is racelablang.name, importing rt/lang.
func (r *rewriter) lang(name string) ast.Expr {
	return &ast.SelectorExpr{X: ast.NewIdent(r.use(langPath, langName)), Sel: ast.NewIdent(name)}
}

// chanOf is the type racelablang.Chan[elem].
func (r *rewriter) chanOf(elem ast.Expr) *ast.IndexExpr {
	e := &ast.IndexExpr{X: r.lang("Chan"), Index: elem}
	r.madeChan[e] = true
	return e
}

// method is the call x.name(args...).
func method(x ast.Expr, name string, args ...ast.Expr) *ast.CallExpr {
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: x, Sel: ast.NewIdent(name)}, Args: args}
}

// isChan reports whether t is a channel type.
func isChan(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// commaOk turns c.Recv() into c.Recv2() on the right of v, ok := <-c.
func (r *rewriter) commaOk(rhs ast.Expr) {
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok {
		return
	}
	if op, ok := r.made[call]; ok && op.kind == opRecv {
		call.Fun.(*ast.SelectorExpr).Sel.Name = "Recv2"
	}
}

// commChan is the channel of a select case's communication.
func commChan(s ast.Stmt) ast.Expr {
	switch s := s.(type) {
	case *ast.SendStmt:
		return s.Chan
	case *ast.ExprStmt:
		if u, ok := ast.Unparen(s.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			return u.X
		}
	case *ast.AssignStmt:
		if u, ok := ast.Unparen(s.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			return u.X
		}
	}
	return nil
}

func (r *rewriter) postCall(c *stampingCursor, n *ast.CallExpr) {
	switch fun := ast.Unparen(n.Fun).(type) {
	case *ast.Ident:
		b, ok := r.info.Uses[fun].(*types.Builtin)
		if !ok {
			return
		}
		switch b.Name() {
		case "make":
			t, ok := r.info.TypeOf(n).Underlying().(*types.Chan)
			if !ok {
				return
			}
			var elem ast.Expr
			if idx, ok := n.Args[0].(*ast.IndexExpr); ok && r.madeChan[idx] {
				elem = idx.Index
			} else {
				elem = r.typeExpr(t.Elem(), n.Pos())
			}
			var size ast.Expr = &ast.BasicLit{Kind: token.INT, Value: "0"}
			if len(n.Args) > 1 {
				size = n.Args[1]
				// make takes any integer type; MakeChan an int.
				if tv := r.info.Types[n.Args[1]]; tv.Value == nil && !types.Identical(tv.Type, types.Typ[types.Int]) {
					size = &ast.CallExpr{Fun: ast.NewIdent("int"), Args: []ast.Expr{size}}
				}
			}
			var made ast.Expr = &ast.CallExpr{Fun: &ast.IndexExpr{X: r.lang("MakeChan"), Index: elem}, Lparen: n.Lparen, Args: []ast.Expr{size}, Rparen: n.Rparen}
			if named := r.info.TypeOf(n); hasOwnMethods(named) {
				made = &ast.CallExpr{Fun: r.typeExpr(named, n.Pos()), Args: []ast.Expr{made}}
			}
			c.Replace(made)
		case "close", "len", "cap":
			if isChan(r.childType[n]) {
				name := map[string]string{"close": "Close", "len": "Len", "cap": "Cap"}[b.Name()]
				c.Replace(method(r.asChan(n.Args[0], r.childType[n]), name))
			}
		}
	case *ast.SelectorExpr:
		// ctx.Done() of a context.Context (or a type embedding one).
		sel := r.info.Selections[fun]
		if fun.Sel.Name == "Done" && len(n.Args) == 0 && sel != nil && sel.Kind() == types.MethodVal &&
			sel.Obj().Pkg() != nil && sel.Obj().Pkg().Path() == "context" {
			c.Replace(&ast.CallExpr{
				Fun:  &ast.SelectorExpr{X: ast.NewIdent(r.use(contextPath, contextName)), Sel: ast.NewIdent("Done")},
				Args: []ast.Expr{fun.X},
			})
		}
	}
}

// chanTypeSpec makes a defined channel type without methods an alias of
// racelablang.Chan, which has the channel's methods. One with methods of
// its own stays a defined type over racelablang.Chan (its methods keep
// their receiver), and its channel operations convert to
// racelablang.Chan first (asChan).
func (r *rewriter) chanTypeSpec(n *ast.TypeSpec) {
	tn, ok := r.info.Defs[n.Name].(*types.TypeName)
	if !ok || tn.IsAlias() || !isChan(tn.Type()) || hasOwnMethods(tn.Type()) {
		return
	}
	n.Assign = n.Name.End()
}

// hasOwnMethods reports whether t is a defined channel type with methods
// (one the translation keeps as a defined type).
func hasOwnMethods(t types.Type) bool {
	named, ok := t.(*types.Named)
	return ok && named.NumMethods() > 0 && isChan(named)
}

// asChan converts x, of type t, to racelablang.Chan[T] when t is a defined
// channel type with methods of its own; other channels already are one.
func (r *rewriter) asChan(x ast.Expr, t types.Type) ast.Expr {
	if t == nil || !hasOwnMethods(t) {
		return x
	}
	elem := t.Underlying().(*types.Chan).Elem()
	return stamp(&ast.CallExpr{Fun: r.chanOf(r.typeExpr(elem, x.Pos())), Args: []ast.Expr{x}}, x.Pos())
}
