package sim_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
)

type stringer struct{ n int }

func (s *stringer) String() string { return fmt.Sprintf("s%d", s.n) }

type panics struct{}

func (*panics) String() string { panic("no") }

type both struct{}

func (both) String() string { return "string" }
func (both) Error() string  { return "error" }

// The log hashes every input and output as fmt.Sprint prints it; the fast
// formatting must print exactly that, or hashes would change.
func TestHistoryFormatsAsSprint(t *testing.T) {
	var nilStringer *stringer
	for _, v := range []any{nil, "x", "", 42, -7, true, false, int64(3), 2.5, []int{1, 2}, map[string]int{"a": 1},
		&stringer{3}, time.Second, errors.New("boom"), both{}, nilStringer, (*panics)(nil), &panics{}, struct{ A, B int }{1, 2}} {
		assert.Equal(t, fmt.Sprint(v), sim.Sprint(v), "%#v", v)
	}
}
