package translate_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"

	"github.com/racelab/racelab/translate"
)

// ExampleFile translates one type-checked file: the go statement evaluates
// its argument at the statement, the channel becomes racelablang.Chan and
// the receive a method call.
func ExampleFile() {
	src := `package p

func double(x int, out chan<- int) { out <- 2 * x }

func Run(x int) int {
	out := make(chan int)
	go double(x, out)
	return <-out
}
`
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("example.com/p", fset, []*ast.File{f}, info)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := translate.File(&translate.Input{Fset: fset, Pkg: pkg, Info: info, Files: []*ast.File{f}}, f)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out.Format))
	// Output:
	// package p
	//
	// import racelablang "github.com/racelab/racelab/rt/lang"
	//
	// func double(x int, out racelablang.Chan[int]) { out.Send(2 * x) }
	//
	// func Run(x int) int {
	// 	out := racelablang.MakeChan[int](0)
	// 	{
	// 		racelabA0, racelabA1 := x, out
	// 		racelablang.Go("p.double", "p.go:7", func() { double(racelabA0, racelabA1) })
	// 	}
	// 	return out.Recv()
	// }
}
