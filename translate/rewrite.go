package translate

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strconv"

	"golang.org/x/tools/go/ast/astutil"
)

// rewriter translates one file. The walk is astutil.Apply: pre records
// what go/types says about a node's children before they are replaced
// (types.Info is keyed by the original nodes), post replaces the node.
type rewriter struct {
	in   *Input
	info *types.Info
	f    *ast.File
	test bool
	// swapTesting: *testing.T and testing.TB become racetest's (test
	// files, and files of test helper packages that import testing).
	swapTesting bool
	err         *Error

	// names of imports the file has, by import path after the swap.
	imports map[string]string
	// imports to add: path -> local name.
	need map[string]string
	// removedRuntime: a runtime call was rewritten, the import may go.
	removedRuntime bool

	// made marks the channel calls the rewriter produced, so select and
	// comma-ok assignments can find the channel and the value again.
	made map[*ast.CallExpr]chanOp
	// madeChan marks the racelablang.Chan[T] type expressions it produced.
	madeChan map[*ast.IndexExpr]bool
	// childType records, in pre, the type of the child that post needs.
	childType map[ast.Node]types.Type
	// isNilCmp marks comparisons of a channel with nil (the operand that
	// is the channel: 0 for X, 1 for Y).
	isNilCmp map[*ast.BinaryExpr]int
	skipNil  map[*ast.Ident]bool
	// nilTarget is the type a literal nil is converted to, from its
	// context (go/types records an assigned nil as untyped nil).
	nilTarget map[*ast.Ident]types.Type
	// sigs are the signatures of the enclosing functions (for return nil).
	sigs    []*types.Signature
	goFacts map[*ast.GoStmt]goFacts

	// Naming of goroutines as Go's stack traces name functions: the
	// enclosing functions, each with the literals counted in it so far.
	funcs []funcScope

	wrappers map[*ast.FuncDecl]*ast.FuncDecl

	// captured are the variables function literals share (access.go);
	// sites the Site variables of the instrumented accesses.
	captured map[*types.Var]bool
	sites    []ast.Spec
	splits   map[ast.Stmt]split
}

type chanOpKind int

const (
	opRecv chanOpKind = iota
	opSend
)

type chanOp struct {
	kind chanOpKind
	ch   ast.Expr
	val  ast.Expr
}

type goFacts struct {
	name, site string
	static     bool   // the function value need not be evaluated early
	keep       []bool // arguments that need not be evaluated early
}

func newRewriter(in *Input, f *ast.File, test bool) *rewriter {
	r := &rewriter{
		in: in, info: in.Info, f: f, test: test,
		imports: map[string]string{}, need: map[string]string{},
		made: map[*ast.CallExpr]chanOp{}, madeChan: map[*ast.IndexExpr]bool{},
		childType: map[ast.Node]types.Type{}, isNilCmp: map[*ast.BinaryExpr]int{},
		skipNil: map[*ast.Ident]bool{}, goFacts: map[*ast.GoStmt]goFacts{}, nilTarget: map[*ast.Ident]types.Type{},
		wrappers: map[*ast.FuncDecl]*ast.FuncDecl{},
	}
	r.captured, r.splits = capturedVars(in.Info, f), map[ast.Stmt]split{}
	r.swapTesting = test || in.TestHelpers == nil || in.TestHelpers(in.Pkg.Path())
	for _, spec := range f.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		name := stdName(path)
		if spec.Name != nil {
			name = spec.Name.Name
		} else if pn, ok := r.info.Implicits[spec].(*types.PkgName); ok {
			name = pn.Name()
		}
		if sw, ok := Swaps[path]; ok {
			path = sw
		}
		if name != "_" && name != "." {
			r.imports[path] = name
		}
	}
	return r
}

func (r *rewriter) fail(pos token.Pos, format string, args ...any) {
	if r.err == nil {
		r.err = &Error{Pos: r.in.Fset.Position(pos), Msg: fmt.Sprintf(format, args...)}
	}
}

func (r *rewriter) rewrite() error {
	astutil.Apply(r.f, r.pre, r.post)
	if r.err != nil {
		return r.err
	}
	r.declareSites()
	if len(r.wrappers) > 0 {
		var decls []ast.Decl
		for _, d := range r.f.Decls {
			decls = append(decls, d)
			if fd, ok := d.(*ast.FuncDecl); ok && r.wrappers[fd] != nil {
				decls = append(decls, r.wrappers[fd])
			}
		}
		r.f.Decls = decls
	}
	r.fixImports()
	return nil
}

func (r *rewriter) pre(c *astutil.Cursor) bool {
	if s, ok := c.Node().(ast.Stmt); ok {
		r.instrument(c, s)
	}
	switch n := c.Node().(type) {
	case *ast.FuncDecl:
		r.funcs = []funcScope{{name: r.in.Pkg.Name() + "." + funcDeclName(n)}}
		r.sigs = nil
		if fn, ok := r.info.Defs[n.Name].(*types.Func); ok {
			r.sigs = []*types.Signature{fn.Type().(*types.Signature)}
		}
	case *ast.GenDecl:
		if _, top := c.Parent().(*ast.File); top {
			r.funcs = nil
		}
	case *ast.FuncLit:
		r.funcs = append(r.funcs, funcScope{name: r.nextLitName()})
		sig, _ := r.info.TypeOf(n).(*types.Signature)
		r.sigs = append(r.sigs, sig)
	case *ast.CallExpr:
		if len(n.Args) > 0 {
			r.childType[n] = r.info.TypeOf(n.Args[0])
		}
		r.checkTestingArgs(n)
		if sig, ok := r.info.TypeOf(n.Fun).Underlying().(*types.Signature); ok && r.info.Types[n.Fun].IsValue() {
			for i, a := range n.Args {
				r.nilFor(a, paramType(sig, i, n.Ellipsis.IsValid()))
			}
		}
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i := range n.Lhs {
				r.nilFor(n.Rhs[i], r.info.TypeOf(n.Lhs[i]))
			}
		}
	case *ast.ValueSpec:
		if n.Type != nil {
			for _, v := range n.Values {
				r.nilFor(v, r.info.TypeOf(n.Type))
			}
		}
	case *ast.ReturnStmt:
		if len(r.sigs) > 0 && r.sigs[len(r.sigs)-1] != nil {
			res := r.sigs[len(r.sigs)-1].Results()
			if res.Len() == len(n.Results) {
				for i, e := range n.Results {
					r.nilFor(e, res.At(i).Type())
				}
			}
		}
	case *ast.SendStmt:
		r.childType[n] = r.info.TypeOf(n.Chan)
		if t, ok := r.info.TypeOf(n.Chan).Underlying().(*types.Chan); ok {
			r.nilFor(n.Value, t.Elem())
		}
	case *ast.UnaryExpr:
		if n.Op == token.ARROW {
			r.childType[n] = r.info.TypeOf(n.X)
		}
	case *ast.CompositeLit:
		r.compositeNils(n)
	case *ast.RangeStmt:
		r.childType[n] = r.info.TypeOf(n.X)
	case *ast.BinaryExpr:
		if n.Op == token.EQL || n.Op == token.NEQ {
			for i, pair := range [2][2]ast.Expr{{n.X, n.Y}, {n.Y, n.X}} {
				if id, ok := ast.Unparen(pair[1]).(*ast.Ident); ok && r.isNil(id) && isChan(r.info.TypeOf(pair[0])) {
					r.isNilCmp[n] = i
					r.childType[n] = r.info.TypeOf(pair[0])
					r.skipNil[id] = true
				}
			}
		}
	case *ast.CommClause:
		if ch := commChan(n.Comm); ch != nil {
			if t, ok := r.info.TypeOf(ch).Underlying().(*types.Chan); ok {
				r.childType[n] = t.Elem()
			}
		}
	case *ast.GoStmt:
		r.goFacts[n] = r.goStmtFacts(n)
	case *ast.Ident:
		r.checkForeign(n)
	}
	return true
}

func (r *rewriter) post(c *astutil.Cursor) bool {
	n := c.Node()
	if n == nil {
		return true
	}
	r.postNode(&stampingCursor{c, n.Pos()}, n)
	return true
}

// stampingCursor replaces a node by one stamped with its position.
type stampingCursor struct {
	c   *astutil.Cursor
	pos token.Pos
}

func (s *stampingCursor) Replace(n ast.Node) { s.c.Replace(stamp(n, s.pos)) }

func (r *rewriter) postNode(c *stampingCursor, n ast.Node) {
	switch n := n.(type) {
	case *ast.ChanType:
		c.Replace(r.chanOf(n.Value))
	case *ast.UnaryExpr:
		if n.Op == token.ARROW {
			ch := r.asChan(n.X, r.childType[n])
			call := method(ch, "Recv")
			r.made[call] = chanOp{kind: opRecv, ch: ch}
			c.Replace(call)
		}
	case *ast.SendStmt:
		ch := r.asChan(n.Chan, r.childType[n])
		call := method(ch, "Send", n.Value)
		r.made[call] = chanOp{kind: opSend, ch: ch, val: n.Value}
		c.Replace(&ast.ExprStmt{X: call})
	case *ast.AssignStmt:
		if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
			r.commaOk(n.Rhs[0])
		}
		if sp, ok := r.splits[n]; ok {
			c.Replace(r.splitStmt(n.Lhs, n.Rhs, n.Tok, sp))
		}
	case *ast.IncDecStmt:
		if sp, ok := r.splits[n]; ok {
			tok := token.ADD_ASSIGN
			if n.Tok == token.DEC {
				tok = token.SUB_ASSIGN
			}
			c.Replace(r.splitStmt([]ast.Expr{n.X}, []ast.Expr{&ast.BasicLit{Kind: token.INT, Value: "1"}}, tok, sp))
		}
	case *ast.ValueSpec:
		if len(n.Names) == 2 && len(n.Values) == 1 {
			r.commaOk(n.Values[0])
		}
	case *ast.CallExpr:
		r.postCall(c, n)
	case *ast.RangeStmt:
		switch r.childType[n].Underlying().(type) {
		case *types.Chan:
			n.X = stamp(method(r.asChan(n.X, r.childType[n]), "Range"), n.X.End())
		case *types.Map:
			n.X = stamp(&ast.CallExpr{Fun: r.lang("MapRange"), Args: []ast.Expr{n.X}}, n.X.Pos())
		}
	case *ast.BinaryExpr:
		if i, ok := r.isNilCmp[n]; ok {
			ch := n.X
			if i == 1 {
				ch = n.Y
			}
			ch = r.asChan(ch, r.childType[n])
			var e ast.Expr = method(ch, "IsNil")
			if n.Op == token.NEQ {
				e = &ast.UnaryExpr{Op: token.NOT, X: e}
			}
			c.Replace(e)
		}
	case *ast.Ident:
		if r.isNil(n) && !r.skipNil[n] {
			t := r.nilTarget[n]
			if t == nil {
				t = r.info.TypeOf(n)
			}
			if isChan(t) {
				c.Replace(&ast.CompositeLit{Type: r.typeExpr(t, n.Pos())})
			}
		}
	case *ast.SelectorExpr:
		r.postSelector(c, n)
	case *ast.GoStmt:
		c.Replace(r.goStmt(n))
	case *ast.SelectStmt:
		c.Replace(r.selectStmt(n))
	case *ast.FuncDecl:
		r.testFunc(n)
	case *ast.FuncLit:
		r.funcs = r.funcs[:len(r.funcs)-1]
		r.sigs = r.sigs[:len(r.sigs)-1]
	case *ast.TypeSpec:
		r.chanTypeSpec(n)
	}
}

func (r *rewriter) postSelector(c *stampingCursor, n *ast.SelectorExpr) {
	x, ok := n.X.(*ast.Ident)
	if !ok {
		return
	}
	pn, ok := r.info.Uses[x].(*types.PkgName)
	if !ok {
		return
	}
	switch path := pn.Imported().Path(); {
	case path == "runtime" && n.Sel.Name == "Goexit":
		// The real Goexit would end the scheduler's goroutine.
		r.removedRuntime = true
		c.Replace(&ast.SelectorExpr{X: &ast.Ident{NamePos: x.Pos(), Name: r.use(langPath, langName)}, Sel: n.Sel})
	case path == "runtime" && (n.Sel.Name == "Gosched" || n.Sel.Name == "NumGoroutine"):
		r.removedRuntime = true
		c.Replace(&ast.SelectorExpr{X: &ast.Ident{NamePos: x.Pos(), Name: r.use(runtimePath, runtimeName)}, Sel: n.Sel})
	case path == "testing" && r.swapTesting && (n.Sel.Name == "T" || n.Sel.Name == "TB"):
		c.Replace(&ast.SelectorExpr{X: &ast.Ident{NamePos: x.Pos(), Name: r.use(testPath, testName)}, Sel: n.Sel})
	}
}

// site is "file.go:12" for a position.
func (r *rewriter) site(pos token.Pos) string {
	p := r.in.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

type funcScope struct {
	name string
	lits int
}

// nextLitName names the next function literal of the enclosing function:
// pkg.F.func1 in a declared function, pkg.F.func1.1 in a literal.
func (r *rewriter) nextLitName() string {
	if len(r.funcs) == 0 { // a package-level variable's initializer
		r.funcs = []funcScope{{name: r.in.Pkg.Name() + ".init"}}
	}
	parent := &r.funcs[len(r.funcs)-1]
	parent.lits++
	if len(r.funcs) == 1 {
		return fmt.Sprintf("%s.func%d", parent.name, parent.lits)
	}
	return fmt.Sprintf("%s.%d", parent.name, parent.lits)
}

// peekLitName is what nextLitName will return, without counting.
func (r *rewriter) peekLitName() string {
	saved := append([]funcScope(nil), r.funcs...)
	name := r.nextLitName()
	r.funcs = saved
	return name
}

func funcDeclName(n *ast.FuncDecl) string {
	if n.Recv == nil || len(n.Recv.List) == 0 {
		return n.Name.Name
	}
	t := n.Recv.List[0].Type
	if idx, ok := t.(*ast.IndexExpr); ok {
		t = idx.X
	}
	if idx, ok := t.(*ast.IndexListExpr); ok {
		t = idx.X
	}
	if star, ok := t.(*ast.StarExpr); ok {
		return fmt.Sprintf("(*%s).%s", types.ExprString(star.X), n.Name.Name)
	}
	return types.ExprString(t) + "." + n.Name.Name
}
