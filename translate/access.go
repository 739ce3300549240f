package translate

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// Accesses of shared memory, for the race detector: before a statement of
// a block, racelablang.Read(&e, &site) for each shareable expression it
// reads; after it, racelablang.Write(&e, &site) for each it assigns (map
// lookups and assignments: MapRead, MapWrite of the map). Shareable: a
// package-level variable, a variable captured by a function literal (the
// goroutine's and its creator's uses alike), a field or element reached
// through a pointer, a slice or a shareable variable, a map. Each site is a
// package-level racelablang.Site{Pos, Label}, so an access allocates
// nothing.
//
// Correctness before reach: a read is recorded at the start of its
// statement, so a statement that also receives from a channel (the read
// may follow the receive) records no reads; statements outside a block
// list (if/for headers but the if condition, else-if chains, labeled
// statements) and aggregate values (structs, arrays: they hold locks) are
// not instrumented. The doubled evaluation of an address (p.items[i]) has
// no side effect: expressions with calls or receives are not instrumented.

// access is one instrumented access.
type access struct {
	write bool
	isMap bool     // e is the map (MapRead, MapWrite)
	e     ast.Expr // a clone of the expression read or written
	label string
	pos   token.Pos
}

// capturedVars are the local variables a function literal uses but does
// not declare: what its goroutine and its creator share.
func capturedVars(info *types.Info, f *ast.File) map[*types.Var]bool {
	out := map[*types.Var]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.FuncLit)
		if !ok {
			return true
		}
		ast.Inspect(lit.Body, func(m ast.Node) bool {
			id, ok := m.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := info.Uses[id].(*types.Var)
			if ok && !v.IsField() && v.Pkg() != nil && v.Parent() != v.Pkg().Scope() && (v.Pos() < lit.Pos() || v.Pos() >= lit.End()) {
				out[v] = true
			}
			return true
		})
		return true
	})
	return out
}

// accessesOf returns the reads a statement makes before it runs and the
// writes it makes, or ok false for a statement that is not instrumented.
func (r *rewriter) accessesOf(s ast.Stmt) (reads, writes []access) {
	switch s := s.(type) {
	case *ast.ExprStmt:
		reads = r.reads(s.X, true, nil)
	case *ast.AssignStmt:
		for _, e := range s.Rhs {
			reads = r.reads(e, true, reads)
		}
		if s.Tok == token.DEFINE {
			break
		}
		for _, e := range s.Lhs {
			if s.Tok != token.ASSIGN { // x += y reads x too
				reads = r.reads(e, true, reads)
			}
			reads, writes = r.lhs(e, reads, writes)
		}
	case *ast.IncDecStmt:
		reads = r.reads(s.X, true, nil)
		reads, writes = r.lhs(s.X, reads, writes)
	case *ast.ReturnStmt:
		for _, e := range s.Results {
			reads = r.reads(e, true, reads)
		}
	case *ast.IfStmt:
		if s.Init == nil {
			reads = r.reads(s.Cond, true, nil)
		}
	case *ast.SendStmt:
		reads = r.reads(s.Value, true, r.reads(s.Chan, true, nil))
	case *ast.GoStmt:
		reads = r.callReads(s.Call, nil)
	case *ast.DeferStmt:
		reads = r.callReads(s.Call, nil)
	case *ast.DeclStmt:
		if g, ok := s.Decl.(*ast.GenDecl); ok {
			for _, spec := range g.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok {
					for _, v := range vs.Values {
						reads = r.reads(v, true, reads)
					}
				}
			}
		}
	case *ast.SwitchStmt:
		if s.Init == nil && s.Tag != nil {
			reads = r.reads(s.Tag, true, nil)
		}
	}
	if receives(s) {
		reads = nil
	}
	return reads, writes
}

// receives reports whether s receives from a channel outside its function
// literals (or selects): its reads may come after the receive.
func receives(s ast.Stmt) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.BlockStmt:
			return false
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		}
		return !found
	})
	return found
}

// lhs records the write of an assigned expression, and the reads of what
// its address is computed from.
func (r *rewriter) lhs(e ast.Expr, reads, writes []access) ([]access, []access) {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok && id.Name == "_" {
		return reads, writes
	}
	if ix, ok := e.(*ast.IndexExpr); ok && r.isMap(ix.X) {
		if pure(ix) {
			writes = append(writes, access{write: true, isMap: true, e: clone(ix.X), label: "map write " + types.ExprString(ix.X), pos: ix.Pos()})
		}
		return r.reads(ix.Index, true, r.reads(ix.X, true, reads)), writes
	}
	if r.shared(e) && pure(e) {
		writes = append(writes, access{write: true, e: clone(e), label: types.ExprString(e), pos: e.Pos()})
	}
	return r.reads(e, false, reads), writes
}

func (r *rewriter) callReads(call *ast.CallExpr, out []access) []access {
	out = r.reads(call.Fun, true, out)
	for _, a := range call.Args {
		out = r.reads(a, true, out)
	}
	return out
}

// reads appends the shared reads of evaluating e: e itself when asValue
// (its value is loaded) and it is shareable, and what it is computed from.
func (r *rewriter) reads(e ast.Expr, asValue bool, out []access) []access {
	if e == nil {
		return out
	}
	e = ast.Unparen(e)
	if asValue && r.shared(e) && pure(e) && !aggregate(r.info.TypeOf(e)) {
		out = append(out, access{e: clone(e), label: types.ExprString(e), pos: e.Pos()})
	}
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if sel, ok := r.info.Selections[e]; ok {
			_, ptr := r.info.TypeOf(e.X).Underlying().(*types.Pointer)
			switch sel.Kind() {
			case types.FieldVal:
				return r.reads(e.X, ptr, out)
			case types.MethodVal:
				// A pointer receiver on an addressable value takes its
				// address: no read of the value itself.
				recv := sel.Obj().(*types.Func).Type().(*types.Signature).Recv()
				_, ptrRecv := recv.Type().Underlying().(*types.Pointer)
				return r.reads(e.X, ptr || !ptrRecv, out)
			}
		}
	case *ast.IndexExpr:
		if tv, ok := r.info.Types[e.X]; ok && tv.IsType() {
			return out
		}
		if _, ok := r.info.Instances[identOf(e.X)]; ok {
			return out
		}
		switch r.info.TypeOf(e.X).Underlying().(type) {
		case *types.Map:
			if asValue && pure(e) {
				out = append(out, access{isMap: true, e: clone(e.X), label: "map read " + types.ExprString(e.X), pos: e.Pos()})
			}
			return r.reads(e.Index, true, r.reads(e.X, true, out))
		case *types.Slice, *types.Pointer, *types.Basic:
			return r.reads(e.Index, true, r.reads(e.X, true, out))
		default: // an array: part of e.X
			return r.reads(e.Index, true, r.reads(e.X, false, out))
		}
	case *ast.SliceExpr:
		_, arr := r.info.TypeOf(e.X).Underlying().(*types.Array)
		out = r.reads(e.X, !arr, out)
		for _, x := range []ast.Expr{e.Low, e.High, e.Max} {
			out = r.reads(x, true, out)
		}
	case *ast.StarExpr:
		return r.reads(e.X, true, out)
	case *ast.UnaryExpr:
		return r.reads(e.X, e.Op != token.AND, out)
	case *ast.BinaryExpr:
		return r.reads(e.Y, true, r.reads(e.X, true, out))
	case *ast.CallExpr:
		if tv, ok := r.info.Types[e.Fun]; ok && tv.IsType() { // a conversion
			return r.reads(e.Args[0], true, out)
		}
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := r.info.Uses[id].(*types.Builtin); ok && b.Name() == "delete" && len(e.Args) == 2 {
				if pure(e.Args[0]) {
					out = append(out, access{write: true, isMap: true, e: clone(e.Args[0]), label: "map write " + types.ExprString(e.Args[0]), pos: e.Pos()})
				}
			}
		}
		return r.callReads(e, out)
	case *ast.CompositeLit:
		for _, x := range e.Elts {
			if kv, ok := x.(*ast.KeyValueExpr); ok {
				if _, isStruct := r.info.TypeOf(e).Underlying().(*types.Struct); !isStruct {
					out = r.reads(kv.Key, true, out)
				}
				x = kv.Value
			}
			out = r.reads(x, true, out)
		}
	case *ast.TypeAssertExpr:
		return r.reads(e.X, true, out)
	}
	return out
}

// shared reports whether e names memory another goroutine may reach.
func (r *rewriter) shared(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := r.info.Uses[e].(*types.Var)
		if !ok || v.IsField() || v.Pkg() == nil {
			return false
		}
		return v.Parent() == v.Pkg().Scope() || r.captured[v]
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok {
			if _, ok := r.info.Uses[x].(*types.PkgName); ok {
				_, isVar := r.info.Uses[e.Sel].(*types.Var)
				return isVar
			}
		}
		sel, ok := r.info.Selections[e]
		if !ok || sel.Kind() != types.FieldVal || throughMap(e.X, r.info) {
			return false
		}
		return sel.Indirect() || r.shared(ast.Unparen(e.X))
	case *ast.IndexExpr:
		if tv, ok := r.info.Types[e.X]; ok && tv.IsType() {
			return false
		}
		switch t := r.info.TypeOf(e.X).Underlying().(type) {
		case *types.Slice, *types.Pointer:
			return true
		case *types.Array:
			return !throughMap(e.X, r.info) && r.shared(ast.Unparen(e.X))
		default:
			_ = t
			return false
		}
	case *ast.StarExpr:
		_, isPtr := r.info.TypeOf(e.X).Underlying().(*types.Pointer)
		return isPtr
	}
	return false
}

// throughMap reports whether e is (part of) a map element, which has no
// address.
func throughMap(e ast.Expr, info *types.Info) bool {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.IndexExpr:
			if _, ok := info.TypeOf(x.X).Underlying().(*types.Map); ok {
				return true
			}
			if _, ok := info.TypeOf(x.X).Underlying().(*types.Array); !ok {
				return false
			}
			e = x.X
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[x]; !ok || sel.Indirect() {
				return false
			}
			e = x.X
		default:
			return false
		}
	}
}

func (r *rewriter) isMap(e ast.Expr) bool {
	_, ok := r.info.TypeOf(e).Underlying().(*types.Map)
	return ok
}

func identOf(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

// aggregate types are not read whole: a struct or array value (a lock
// among them) is read field by field where it is used.
func aggregate(t types.Type) bool {
	if t == nil {
		return true
	}
	switch t.Underlying().(type) {
	case *types.Struct, *types.Array, *types.Tuple:
		return true
	}
	return false
}

// pure reports whether evaluating e again has no effect: no calls (but
// conversions of a name), receives or literals.
func pure(e ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr, *ast.FuncLit, *ast.CompositeLit:
			ok = false
		case *ast.UnaryExpr:
			ok = ok && n.Op != token.ARROW
		}
		return ok
	})
	return ok
}

// clone copies an expression of names, selectors, indexes, stars and
// operators (what pure accepts), with its positions.
func clone(e ast.Expr) ast.Expr {
	switch e := e.(type) {
	case *ast.Ident:
		return &ast.Ident{NamePos: e.NamePos, Name: e.Name}
	case *ast.BasicLit:
		c := *e
		return &c
	case *ast.ParenExpr:
		return &ast.ParenExpr{Lparen: e.Lparen, X: clone(e.X), Rparen: e.Rparen}
	case *ast.SelectorExpr:
		return &ast.SelectorExpr{X: clone(e.X), Sel: &ast.Ident{NamePos: e.Sel.NamePos, Name: e.Sel.Name}}
	case *ast.IndexExpr:
		return &ast.IndexExpr{X: clone(e.X), Lbrack: e.Lbrack, Index: clone(e.Index), Rbrack: e.Rbrack}
	case *ast.StarExpr:
		return &ast.StarExpr{Star: e.Star, X: clone(e.X)}
	case *ast.UnaryExpr:
		return &ast.UnaryExpr{OpPos: e.OpPos, Op: e.Op, X: clone(e.X)}
	case *ast.BinaryExpr:
		return &ast.BinaryExpr{X: clone(e.X), OpPos: e.OpPos, Op: e.Op, Y: clone(e.Y)}
	case *ast.SliceExpr:
		c := *e
		c.X = clone(e.X)
		for _, p := range []*ast.Expr{&c.Low, &c.High, &c.Max} {
			if *p != nil {
				*p = clone(*p)
			}
		}
		return &c
	}
	panic(fmt.Sprintf("translate: clone of %T", e))
}

// instrument inserts the accesses of the statement at c around it.
func (r *rewriter) instrument(c *astutil.Cursor, s ast.Stmt) {
	if c.Index() < 0 {
		return
	}
	reads, writes := r.accessesOf(s)
	reads, writes = distinct(reads), distinct(writes)
	if len(reads) > 0 && len(writes) > 0 {
		r.planSplit(s, writes[0])
	}
	for _, a := range reads {
		c.InsertBefore(r.accessStmt(a, s.Pos()))
	}
	for i := len(writes) - 1; i >= 0; i-- {
		c.InsertAfter(r.accessStmt(writes[i], s.End()))
	}
}

// distinct drops the accesses of a statement that repeat an earlier one.
func distinct(as []access) []access {
	seen := map[string]bool{}
	out := as[:0]
	for _, a := range as {
		k := fmt.Sprint(a.write, a.isMap, a.label)
		if !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	return out
}

// accessStmt is racelablang.Read(&e, &site), or Write, MapRead, MapWrite.
func (r *rewriter) accessStmt(a access, at token.Pos) ast.Stmt {
	fn := map[[2]bool]string{{false, false}: "Read", {true, false}: "Write", {false, true}: "MapRead", {true, true}: "MapWrite"}[[2]bool{a.write, a.isMap}]
	x := a.e
	if !a.isMap {
		x = &ast.UnaryExpr{Op: token.AND, X: x}
	}
	site := r.newSite(a)
	call := &ast.CallExpr{Fun: r.lang(fn), Args: []ast.Expr{x, &ast.UnaryExpr{Op: token.AND, X: ast.NewIdent(site)}}}
	return stamp(&ast.ExprStmt{X: call}, at)
}

// newSite declares the package-level Site of an access and returns its name.
func (r *rewriter) newSite(a access) string {
	base := strings.TrimSuffix(filepath.Base(r.in.Fset.Position(a.pos).Filename), ".go")
	name := "racelabSite_" + strings.Map(func(c rune) rune {
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			return c
		}
		return '_'
	}, base) + "_" + strconv.Itoa(len(r.sites))
	lit := &ast.CompositeLit{Type: r.lang("Site"), Elts: []ast.Expr{
		&ast.KeyValueExpr{Key: ast.NewIdent("Pos"), Value: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(r.site(a.pos))}},
		&ast.KeyValueExpr{Key: ast.NewIdent("Label"), Value: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(a.label)}},
	}}
	r.sites = append(r.sites, &ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(name)}, Values: []ast.Expr{lit}})
	return name
}

// declareSites appends the file's sites as one var declaration.
func (r *rewriter) declareSites() {
	if len(r.sites) == 0 {
		return
	}
	d := &ast.GenDecl{Tok: token.VAR, Lparen: 1, Rparen: 1, Specs: r.sites}
	r.f.Decls = append(r.f.Decls, stamp(d, r.f.End()))
}

// split is a read-modify-write statement (x++, x += y, x = f(x)) to run as
// load, yield point, store: the store of x++ is then a step of its own,
// which another thread's write can precede (a lost update), under
// sim.Options.PreemptAccesses.
type split struct {
	types []types.Type // of each assigned expression
	site  access
}

// planSplit records, in pre (where types are known), that s is split; only
// assignments of one value per expression, of types the file can name.
func (r *rewriter) planSplit(s ast.Stmt, w access) {
	var lhs []ast.Expr
	switch s := s.(type) {
	case *ast.AssignStmt:
		if len(s.Lhs) != len(s.Rhs) || s.Tok == token.DEFINE {
			return
		}
		lhs = s.Lhs
	case *ast.IncDecStmt:
		lhs = []ast.Expr{s.X}
	default:
		return
	}
	sp := split{site: w}
	for _, e := range lhs {
		t := r.info.TypeOf(e)
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && id.Name == "_" || !pure(e) || !r.nameable(t) {
			return
		}
		sp.types = append(sp.types, t)
	}
	sp.site.label = "store " + w.label
	r.splits[s] = sp
}

// nameable reports whether the file can spell t: basic types, the
// package's own and exported named types, pointers and slices of them.
func (r *rewriter) nameable(t types.Type) bool {
	switch t := t.(type) {
	case *types.Basic:
		return t.Info()&types.IsUntyped == 0
	case *types.Pointer:
		return r.nameable(t.Elem())
	case *types.Slice:
		return r.nameable(t.Elem())
	case *types.Named:
		o := t.Obj()
		return t.TypeArgs().Len() == 0 && o.Pkg() != nil && (o.Pkg() == r.in.Pkg || o.Exported()) && o.Parent() == o.Pkg().Scope()
	}
	return false
}

// splitStmt is { v0 := T0(rhs0) ...; racelablang.Preempt(&site); lhs0 = v0 ... }
// (for x op= y, v0 = x op (y)).
func (r *rewriter) splitStmt(lhs, rhs []ast.Expr, tok token.Token, sp split) ast.Stmt {
	pos := lhs[0].Pos()
	b := &ast.BlockStmt{}
	var vals []ast.Expr
	for i, e := range rhs {
		if tok != token.ASSIGN {
			op := map[token.Token]token.Token{token.ADD_ASSIGN: token.ADD, token.SUB_ASSIGN: token.SUB, token.MUL_ASSIGN: token.MUL,
				token.QUO_ASSIGN: token.QUO, token.REM_ASSIGN: token.REM, token.AND_ASSIGN: token.AND, token.OR_ASSIGN: token.OR,
				token.XOR_ASSIGN: token.XOR, token.SHL_ASSIGN: token.SHL, token.SHR_ASSIGN: token.SHR, token.AND_NOT_ASSIGN: token.AND_NOT}[tok]
			if _, lit := e.(*ast.BasicLit); !lit {
				e = &ast.ParenExpr{X: e}
			}
			e = &ast.BinaryExpr{X: clone(lhs[i]), Op: op, Y: e}
		}
		v := ast.NewIdent("racelabV" + strconv.Itoa(i))
		// A conversion to the assigned type: an untyped constant takes it.
		var conv ast.Expr = r.typeExpr(sp.types[i], pos)
		if _, star := conv.(*ast.StarExpr); star {
			conv = &ast.ParenExpr{X: conv}
		}
		b.List = append(b.List, &ast.AssignStmt{Lhs: []ast.Expr{v}, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{Fun: conv, Args: []ast.Expr{e}}}})
		vals = append(vals, ast.NewIdent(v.Name))
	}
	site := r.newSite(sp.site)
	b.List = append(b.List,
		stamp(&ast.ExprStmt{X: &ast.CallExpr{Fun: r.lang("Preempt"), Args: []ast.Expr{&ast.UnaryExpr{Op: token.AND, X: ast.NewIdent(site)}}}}, pos),
		stamp(&ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: vals}, pos))
	return b
}
