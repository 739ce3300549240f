package translate

import (
	"go/ast"
	"go/types"
)

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

// isNil reports whether id is the predeclared nil.
func (r *rewriter) isNil(id *ast.Ident) bool {
	_, ok := r.info.Uses[id].(*types.Nil)
	return ok
}
