package translate

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

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
	err  *Error

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

// stdName is the package name of an import path of the standard library.
func stdName(path string) string {
	if path == "math/rand/v2" {
		return "rand"
	}
	return path[strings.LastIndex(path, "/")+1:]
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

// fixImports swaps the standard packages for their drop-ins, drops the
// imports the translation made unused and adds the ones it needs.
func (r *rewriter) fixImports() {
	for _, spec := range r.f.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		if sw, ok := Swaps[path]; ok {
			spec.EndPos = spec.End()
			spec.Path.Value = strconv.Quote(sw)
			if spec.Name == nil {
				spec.Name = &ast.Ident{NamePos: spec.Path.Pos(), Name: stdName(path)}
			}
		}
	}
	if name, ok := r.imports["runtime"]; ok && r.removedRuntime && !usesName(r.f, name) {
		astutil.DeleteNamedImport(r.in.Fset, r.f, importName(r.f, "runtime"), "runtime")
	}
	if name, ok := r.imports["testing"]; ok && r.test && !usesName(r.f, name) {
		astutil.DeleteNamedImport(r.in.Fset, r.f, importName(r.f, "testing"), "testing")
	}
	if _, ok := r.need[testPath]; r.test && !ok {
		if _, has := r.imports[testPath]; !has {
			// Every test binary knows racelab's flags, even one with
			// only benchmarks or examples, so racelab test can pass them.
			r.need[testPath] = "_"
		}
	}
	paths := make([]string, 0, len(r.need))
	for p := range r.need {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		astutil.AddNamedImport(r.in.Fset, r.f, r.need[p], p)
	}
}

// usesName reports whether the file refers to the import named name
// (syntactically: go/packages does not resolve objects, and the nodes the
// translation made have no types).
func usesName(f *ast.File, name string) bool {
	used := false
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == name {
				used = true
			}
		}
		return !used
	})
	return used
}

// importName is the explicit name of the file's import of path, or "".
func importName(f *ast.File, path string) string {
	for _, spec := range f.Imports {
		if p, _ := strconv.Unquote(spec.Path.Value); p == path && spec.Name != nil {
			return spec.Name.Name
		}
	}
	return ""
}

// use returns the local name of an import the translation refers to,
// adding the import (as name) if the file lacks it.
func (r *rewriter) use(path, name string) string {
	if n, ok := r.imports[path]; ok {
		return n
	}
	r.need[path] = name
	r.imports[path] = name
	return name
}

func (r *rewriter) lang(name string) ast.Expr {
	return &ast.SelectorExpr{X: ast.NewIdent(r.use(langPath, langName)), Sel: ast.NewIdent(name)}
}

func (r *rewriter) chanOf(elem ast.Expr) *ast.IndexExpr {
	e := &ast.IndexExpr{X: r.lang("Chan"), Index: elem}
	r.madeChan[e] = true
	return e
}

func method(x ast.Expr, name string, args ...ast.Expr) *ast.CallExpr {
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: x, Sel: ast.NewIdent(name)}, Args: args}
}

func (r *rewriter) pre(c *astutil.Cursor) bool {
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

// nilFor records that e, if it is the literal nil, stands for a value of
// type t.
func (r *rewriter) nilFor(e ast.Expr, t types.Type) {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok && t != nil && r.isNil(id) {
		r.nilTarget[id] = t
	}
}

// paramType is the type of a call's i-th argument.
func paramType(sig *types.Signature, i int, spread bool) types.Type {
	n := sig.Params().Len()
	if n == 0 {
		return nil
	}
	if sig.Variadic() && i >= n-1 {
		last := sig.Params().At(n - 1).Type()
		if spread {
			return last
		}
		return last.(*types.Slice).Elem()
	}
	if i >= n {
		return nil
	}
	return sig.Params().At(i).Type()
}

// compositeNils records the element types of a composite literal's nils.
func (r *rewriter) compositeNils(n *ast.CompositeLit) {
	t := r.info.TypeOf(n)
	if t == nil {
		return
	}
	for i, el := range n.Elts {
		key, val := ast.Expr(nil), el
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			key, val = kv.Key, kv.Value
		}
		switch u := t.Underlying().(type) {
		case *types.Struct:
			if id, ok := key.(*ast.Ident); ok {
				for f := range u.Fields() {
					if f.Name() == id.Name {
						r.nilFor(val, f.Type())
					}
				}
			} else if key == nil && i < u.NumFields() {
				r.nilFor(val, u.Field(i).Type())
			}
		case *types.Slice:
			r.nilFor(val, u.Elem())
		case *types.Array:
			r.nilFor(val, u.Elem())
		case *types.Map:
			r.nilFor(val, u.Elem())
			if key != nil {
				r.nilFor(key, u.Key())
			}
		}
	}
}

func (r *rewriter) isNil(id *ast.Ident) bool {
	_, ok := r.info.Uses[id].(*types.Nil)
	return ok
}

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
	case path == "testing" && r.test && (n.Sel.Name == "T" || n.Sel.Name == "TB"):
		c.Replace(&ast.SelectorExpr{X: &ast.Ident{NamePos: x.Pos(), Name: r.use(testPath, testName)}, Sel: n.Sel})
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

// checkForeign rejects a use of a function or field of an untranslated
// package whose type holds a channel: translated code would pass it a
// racelablang.Chan.
func (r *rewriter) checkForeign(id *ast.Ident) {
	obj := r.info.Uses[id]
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == r.in.Pkg {
		return
	}
	switch obj.(type) {
	case *types.Func, *types.Var:
	default:
		return
	}
	path := obj.Pkg().Path()
	if _, ok := Swaps[path]; ok || (r.in.Translated != nil && r.in.Translated(path)) {
		return
	}
	if hasChan(obj.Type(), map[types.Type]bool{}) {
		r.fail(id.Pos(), "%s.%s has a channel in its type, and %s is not translated (racelab controls only channels of translated code)", obj.Pkg().Name(), obj.Name(), path)
	}
}

// hasChan reports whether t mentions a channel type (not through named
// types, whose own declarations are what they are).
func hasChan(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.Chan:
		return true
	case *types.Pointer:
		return hasChan(t.Elem(), seen)
	case *types.Slice:
		return hasChan(t.Elem(), seen)
	case *types.Array:
		return hasChan(t.Elem(), seen)
	case *types.Map:
		return hasChan(t.Key(), seen) || hasChan(t.Elem(), seen)
	case *types.Signature:
		return hasChan(t.Params(), seen) || hasChan(t.Results(), seen)
	case *types.Tuple:
		for i := range t.Len() {
			if hasChan(t.At(i).Type(), seen) {
				return true
			}
		}
	case *types.Named:
		if _, ok := t.Underlying().(*types.Chan); ok {
			return true
		}
	}
	return false
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
