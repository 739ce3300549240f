package translate

import (
	"go/ast"
	"go/token"
	"strconv"
)

// selectStmt rewrites a select (its cases' channel operations are already
// rewritten, and marked in r.made) to
//
//	switch racelabI, racelabV, racelabOK := racelablang.Select(racelablang.Recv(c1), racelablang.Send(c2, x), racelablang.Default()); racelabI {
//	case 0:
//		v, _ := racelabV.(T)
//		...
//	default: // the last case
//		...
//	}
//
// Select evaluates every channel and every value to send on entry, in
// source order, as Go does; the left side of a receive is assigned only
// in the chosen case, as in Go. The comma-ok assertion gives the zero T
// for a nil interface value (a receive from a closed channel of an
// interface type).
func (r *rewriter) selectStmt(n *ast.SelectStmt) ast.Stmt {
	if len(n.Body.List) == 0 {
		return &ast.ExprStmt{X: &ast.CallExpr{Fun: r.lang("Select")}}
	}
	var cases []ast.Expr
	var clauses []ast.Stmt
	usesV, usesOK := false, false
	for i, s := range n.Body.List {
		cc := s.(*ast.CommClause)
		var prelude []ast.Stmt
		switch comm := cc.Comm.(type) {
		case nil:
			cases = append(cases, stamp(&ast.CallExpr{Fun: r.lang("Default")}, cc.Case))
		case *ast.ExprStmt:
			op := r.made[ast.Unparen(comm.X).(*ast.CallExpr)]
			if op.kind == opSend {
				cases = append(cases, stamp(&ast.CallExpr{Fun: r.lang("Send"), Args: []ast.Expr{op.ch, op.val}}, cc.Case))
			} else {
				cases = append(cases, stamp(&ast.CallExpr{Fun: r.lang("Recv"), Args: []ast.Expr{op.ch}}, cc.Case))
			}
		case *ast.AssignStmt:
			op := r.made[ast.Unparen(comm.Rhs[0]).(*ast.CallExpr)]
			cases = append(cases, stamp(&ast.CallExpr{Fun: r.lang("Recv"), Args: []ast.Expr{op.ch}}, cc.Case))
			if !isBlank(comm.Lhs[0]) {
				usesV = true
				assert := &ast.TypeAssertExpr{X: ast.NewIdent("racelabV"), Type: r.typeExpr(r.childType[cc], comm.Pos())}
				prelude = append(prelude, stamp(&ast.AssignStmt{Lhs: []ast.Expr{comm.Lhs[0], ast.NewIdent("_")}, TokPos: comm.TokPos, Tok: comm.Tok, Rhs: []ast.Expr{assert}}, comm.Pos()))
			}
			if len(comm.Lhs) == 2 && !isBlank(comm.Lhs[1]) {
				usesOK = true
				prelude = append(prelude, stamp(&ast.AssignStmt{Lhs: []ast.Expr{comm.Lhs[1]}, TokPos: comm.TokPos, Tok: comm.Tok, Rhs: []ast.Expr{ast.NewIdent("racelabOK")}}, comm.Pos()))
			}
		}
		// The last case is the switch's default (the index is always one
		// of the cases), so that a select whose cases all return is still
		// a terminating statement.
		var list []ast.Expr
		if i < len(n.Body.List)-1 {
			list = []ast.Expr{&ast.BasicLit{ValuePos: cc.Case, Kind: token.INT, Value: strconv.Itoa(i)}}
		}
		clauses = append(clauses, &ast.CaseClause{
			Case: cc.Case, Colon: cc.Colon, List: list,
			Body: append(prelude, cc.Body...),
		})
	}
	v, ok := "_", "_"
	if usesV {
		v = "racelabV"
	}
	if usesOK {
		ok = "racelabOK"
	}
	init := &ast.AssignStmt{
		Lhs: []ast.Expr{ast.NewIdent("racelabI"), ast.NewIdent(v), ast.NewIdent(ok)},
		Tok: token.DEFINE,
		Rhs: []ast.Expr{&ast.CallExpr{Fun: r.lang("Select"), Lparen: n.Select, Args: cases, Rparen: cases[len(cases)-1].End()}},
	}
	return &ast.SwitchStmt{
		Switch: n.Select, Init: init, Tag: ast.NewIdent("racelabI"),
		Body: &ast.BlockStmt{Lbrace: n.Body.Lbrace, List: clauses, Rbrace: n.Body.Rbrace},
	}
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}
