package translate

import (
	"go/ast"
	"go/types"
)

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
