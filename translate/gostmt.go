package translate

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// goStmtFacts decides, before the call is rewritten, the goroutine's name
// and which parts of the call must be evaluated at the go statement.
func (r *rewriter) goStmtFacts(n *ast.GoStmt) goFacts {
	g := goFacts{site: r.site(n.Go), keep: make([]bool, len(n.Call.Args))}
	fun := ast.Unparen(n.Call.Fun)
	for {
		// f[int](x): the instantiation is as static as f.
		if idx, ok := fun.(*ast.IndexExpr); ok {
			fun = idx.X
			continue
		}
		if idx, ok := fun.(*ast.IndexListExpr); ok {
			fun = idx.X
			continue
		}
		break
	}
	switch f := fun.(type) {
	case *ast.FuncLit:
		g.static = true
		g.name = r.peekLitName()
	case *ast.Ident:
		switch obj := r.info.Uses[f].(type) {
		case *types.Func:
			g.static, g.name = true, funcName(obj)
		case *types.Builtin:
			g.static, g.name = true, obj.Name()
		}
	case *ast.SelectorExpr:
		if sel := r.info.Selections[f]; sel != nil {
			if obj, ok := sel.Obj().(*types.Func); ok {
				g.name = funcName(obj)
				g.static = sel.Kind() == types.MethodExpr
			}
		} else if obj, ok := r.info.Uses[f.Sel].(*types.Func); ok {
			g.static, g.name = true, funcName(obj) // pkg.F
		}
	}
	if g.name == "" {
		g.name = types.ExprString(n.Call.Fun)
	}
	for i, a := range n.Call.Args {
		tv := r.info.Types[a]
		_, lit := ast.Unparen(a).(*ast.FuncLit)
		g.keep[i] = tv.Value != nil || tv.IsNil() || lit
	}
	return g
}

// funcName is a function's name as a stack trace shows it: pkg.F,
// pkg.T.M or pkg.(*T).M.
func funcName(f *types.Func) string {
	pkg := ""
	if f.Pkg() != nil {
		pkg = f.Pkg().Name() + "."
	}
	sig, _ := f.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return pkg + f.Name()
	}
	t := sig.Recv().Type()
	ptr := false
	if p, ok := t.(*types.Pointer); ok {
		t, ptr = p.Elem(), true
	}
	recv := types.TypeString(t, func(*types.Package) string { return "" })
	if ptr {
		return fmt.Sprintf("%s(*%s).%s", pkg, recv, f.Name())
	}
	return fmt.Sprintf("%s%s.%s", pkg, recv, f.Name())
}

// goStmt rewrites go f(x, y) to
//
//	{ racelabA0, racelabA1 := x, y; racelablang.Go("pkg.f", "file.go:12", func() { f(racelabA0, racelabA1) }) }
//
// so that the function value and the arguments are evaluated at the go
// statement, as Go does (constants, nil and function literals are the same
// whenever they are evaluated, so they stay in place).
func (r *rewriter) goStmt(n *ast.GoStmt) ast.Stmt {
	g := r.goFacts[n]
	call := n.Call
	var lhs, rhs []ast.Expr
	fun := call.Fun
	if !g.static {
		lhs, rhs = append(lhs, ast.NewIdent("racelabF")), append(rhs, fun)
		fun = ast.NewIdent("racelabF")
	}
	args := make([]ast.Expr, len(call.Args))
	for i, a := range call.Args {
		if g.keep[i] {
			args[i] = a
			continue
		}
		name := fmt.Sprintf("racelabA%d", i)
		lhs, rhs = append(lhs, ast.NewIdent(name)), append(rhs, a)
		args[i] = ast.NewIdent(name)
	}
	body := &ast.CallExpr{Fun: fun, Lparen: call.Lparen, Args: args, Ellipsis: call.Ellipsis, Rparen: call.Rparen}
	spawn := &ast.ExprStmt{X: &ast.CallExpr{
		Fun: r.lang("Go"),
		Args: []ast.Expr{
			&ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(g.name)},
			&ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(g.site)},
			&ast.FuncLit{Type: &ast.FuncType{Params: &ast.FieldList{}}, Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: body}}}},
		},
	}}
	if len(lhs) == 0 {
		return spawn
	}
	return &ast.BlockStmt{List: []ast.Stmt{
		&ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: rhs},
		spawn,
	}}
}
