package translate

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// testFunc renames func TestX(t *testing.T) of a test file to racelabTestX
// (its parameter is already *racetest.T) and records the wrapper that go
// test runs:
//
//	func TestX(t *testing.T) { racetest.RunTranslated(t, "TestX", racelabTestX) }
func (r *rewriter) testFunc(n *ast.FuncDecl) {
	if !r.test || n.Recv != nil || !isTestName(n.Name.Name) {
		return
	}
	fn, ok := r.info.Defs[n.Name].(*types.Func)
	if !ok {
		return
	}
	sig := fn.Type().(*types.Signature)
	if sig.TypeParams() != nil || sig.Results().Len() != 0 || sig.Params().Len() != 1 || !isTestingType(sig.Params().At(0).Type(), "T") {
		return
	}
	name := n.Name.Name
	n.Name = &ast.Ident{NamePos: n.Name.NamePos, Name: "racelab" + name}
	rt := r.use(testPath, testName)
	t := "t"
	if params := n.Type.Params.List; len(params[0].Names) == 1 && params[0].Names[0].Name != "_" {
		t = params[0].Names[0].Name
	}
	testing := "testing"
	if n, ok := r.imports["testing"]; ok {
		testing = n
	}
	r.wrappers[n] = stamp(&ast.FuncDecl{
		Name: ast.NewIdent(name),
		Type: &ast.FuncType{Params: &ast.FieldList{List: []*ast.Field{{
			Names: []*ast.Ident{ast.NewIdent(t)},
			Type:  &ast.StarExpr{X: &ast.SelectorExpr{X: ast.NewIdent(testing), Sel: ast.NewIdent("T")}},
		}}}},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
			Fun:  &ast.SelectorExpr{X: ast.NewIdent(rt), Sel: ast.NewIdent("RunTranslated")},
			Args: []ast.Expr{ast.NewIdent(t), &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(name)}, ast.NewIdent(n.Name.Name)},
		}}}},
	}, n.Pos())
}

// isTestName reports whether go test runs a function of this name as a
// test: Test followed by nothing or by a character that is not lower case.
func isTestName(name string) bool {
	if !strings.HasPrefix(name, "Test") || name == "TestMain" {
		return false
	}
	rest := name[len("Test"):]
	if rest == "" {
		return true
	}
	c, _ := utf8.DecodeRuneInString(rest)
	return !unicode.IsLower(c)
}

// isTestingType reports whether t is *testing.T (name "T") or testing.TB.
func isTestingType(t types.Type, name string) bool {
	if name == "T" {
		p, ok := t.(*types.Pointer)
		if !ok {
			return false
		}
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing" && n.Obj().Name() == name
}

// checkTestingArgs rejects passing a *testing.T (which becomes
// *racetest.T) to a function of a package whose testing types stay
// testing's (the standard library's testing/slogtest, a dependency's
// helper).
func (r *rewriter) checkTestingArgs(n *ast.CallExpr) {
	if !r.swapTesting {
		return
	}
	sig, ok := r.info.TypeOf(n.Fun).(*types.Signature)
	if !ok {
		return
	}
	callee := calleeObj(r.info, n.Fun)
	if callee == nil || callee.Pkg() == nil {
		return
	}
	if callee.Pkg() == r.in.Pkg || (r.in.TestHelpers != nil && r.in.TestHelpers(callee.Pkg().Path())) {
		return
	}
	for i := range sig.Params().Len() {
		if pt := sig.Params().At(i).Type(); isTestingType(pt, "T") || isTestingType(pt, "TB") {
			r.fail(n.Pos(), "%s.%s takes a %s and is not translated: racelab passes the test a *racetest.T", callee.Pkg().Name(), callee.Name(), pt)
			return
		}
	}
}

func calleeObj(info *types.Info, fun ast.Expr) types.Object {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return info.Uses[f]
	case *ast.SelectorExpr:
		return info.Uses[f.Sel]
	}
	return nil
}
