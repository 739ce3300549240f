package translate

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// typeExpr spells t as a type expression of the translated file (channel
// types as racelablang.Chan), importing what it names. A type that the
// file cannot name (unexported in another package) is an error at pos.
func (r *rewriter) typeExpr(t types.Type, pos token.Pos) ast.Expr {
	switch t := t.(type) {
	case *types.Basic:
		return ast.NewIdent(t.Name())
	case *types.Alias:
		return r.typeName(t.Obj(), t.TypeArgs(), pos)
	case *types.Named:
		return r.typeName(t.Obj(), t.TypeArgs(), pos)
	case *types.TypeParam:
		return ast.NewIdent(t.Obj().Name())
	case *types.Pointer:
		return &ast.StarExpr{X: r.typeExpr(t.Elem(), pos)}
	case *types.Slice:
		return &ast.ArrayType{Elt: r.typeExpr(t.Elem(), pos)}
	case *types.Array:
		return &ast.ArrayType{Len: &ast.BasicLit{Kind: token.INT, Value: strconv.FormatInt(t.Len(), 10)}, Elt: r.typeExpr(t.Elem(), pos)}
	case *types.Map:
		return &ast.MapType{Key: r.typeExpr(t.Key(), pos), Value: r.typeExpr(t.Elem(), pos)}
	case *types.Chan:
		return r.chanOf(r.typeExpr(t.Elem(), pos))
	case *types.Signature:
		return &ast.FuncType{Params: r.fields(t.Params(), t.Variadic(), pos), Results: r.fields(t.Results(), false, pos)}
	case *types.Struct:
		fl := &ast.FieldList{}
		for i := range t.NumFields() {
			f := t.Field(i)
			field := &ast.Field{Type: r.typeExpr(f.Type(), pos)}
			if !f.Embedded() {
				field.Names = []*ast.Ident{ast.NewIdent(f.Name())}
			}
			if tag := t.Tag(i); tag != "" {
				field.Tag = &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(tag)}
			}
			fl.List = append(fl.List, field)
		}
		return &ast.StructType{Fields: fl}
	case *types.Interface:
		if t.Empty() {
			return ast.NewIdent("any")
		}
	}
	r.fail(pos, "cannot spell the type %s in translated code", t)
	return ast.NewIdent("any")
}

func (r *rewriter) fields(tup *types.Tuple, variadic bool, pos token.Pos) *ast.FieldList {
	fl := &ast.FieldList{}
	for i := range tup.Len() {
		t := tup.At(i).Type()
		var te ast.Expr
		if variadic && i == tup.Len()-1 {
			te = &ast.Ellipsis{Elt: r.typeExpr(t.(*types.Slice).Elem(), pos)}
		} else {
			te = r.typeExpr(t, pos)
		}
		fl.List = append(fl.List, &ast.Field{Type: te})
	}
	return fl
}

func (r *rewriter) typeName(obj *types.TypeName, args *types.TypeList, pos token.Pos) ast.Expr {
	var x ast.Expr = ast.NewIdent(obj.Name())
	if pkg := obj.Pkg(); pkg != nil && pkg != r.in.Pkg {
		if !obj.Exported() {
			r.fail(pos, "the unexported type %s.%s cannot be named in translated code", pkg.Name(), obj.Name())
		}
		path := pkg.Path()
		if sw, ok := Swaps[path]; ok {
			path = sw
		}
		x = &ast.SelectorExpr{X: ast.NewIdent(r.use(path, pkg.Name())), Sel: ast.NewIdent(obj.Name())}
	}
	if args == nil || args.Len() == 0 {
		return x
	}
	var idx []ast.Expr
	for i := range args.Len() {
		idx = append(idx, r.typeExpr(args.At(i), pos))
	}
	if len(idx) == 1 {
		return &ast.IndexExpr{X: x, Index: idx[0]}
	}
	return &ast.IndexListExpr{X: x, Indices: idx}
}
