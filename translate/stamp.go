package translate

import (
	"go/ast"
	"go/token"
	"reflect"
)

// stamp gives every position the translation left empty in n the position
// pos of the construct it replaces, and returns n. The printer lays code
// out by positions (a node without one can end a parameter list with a
// stray comma, or open a struct{} over two lines), and with //line
// directives the position is what a stack trace shows. Positions whose
// validity means something (a call's ..., an alias's =) are left alone.
func stamp[N ast.Node](n N, pos token.Pos) N {
	ast.Inspect(n, func(x ast.Node) bool {
		if x == nil {
			return false
		}
		v := reflect.ValueOf(x)
		if v.Kind() != reflect.Pointer || v.IsNil() {
			return true
		}
		v = v.Elem()
		if v.Kind() != reflect.Struct {
			return true
		}
		for i := range v.NumField() {
			f, sf := v.Field(i), v.Type().Field(i)
			if sf.Type != posType || !f.CanSet() || f.Int() != 0 || meaningful[sf.Name] {
				continue
			}
			f.SetInt(int64(pos))
		}
		return true
	})
	return n
}

var posType = reflect.TypeFor[token.Pos]()

// meaningful are the position fields whose validity changes what the node
// means.
var meaningful = map[string]bool{"Ellipsis": true, "Assign": true, "Lparen": false, "EndPos": true, "Arrow": true}
