package linearize_test

import (
	"fmt"
	"time"

	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/sim"
)

// A register read returns 0 after a write of 1 had returned: not
// linearizable, and the explanation says why.
func ExampleCheck() {
	h := []sim.Op{
		{Client: 0, Thread: "writer", Input: model.RegisterInput{Write: true, Value: 1}, Output: 0, Call: 1, Return: 2},
		{Client: 1, Thread: "reader", Input: model.RegisterInput{}, Output: 0, Call: 3, Return: 4},
	}
	res, err := linearize.Check(model.Register.Porcupine(), h, time.Second)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Verdict)
	fmt.Println(res.Explanation.Text)
	// Output:
	// illegal
	// 1 operation(s) linearize (write(1)); then read() -> 0 by client 1 (reader) cannot be placed: in state 1 the model does not allow it
}
