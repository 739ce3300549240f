package db

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Statement labels are hashed into the event log: predicates must print
// exactly as fmt's %v printed them before labels were built without fmt.
func TestPredicatesPrintAsFmt(t *testing.T) {
	for _, preds := range [][]Pred{
		nil,
		{Eq("state", "queued")},
		{Eq("n", 3), In("owner", "a", 2, int64(5), true, 1.5, nil)},
		{In("k"), Eq("t", struct{ A int }{1})},
	} {
		assert.Equal(t, fmt.Sprintf("%v", preds), predsString(preds))
		for _, p := range preds {
			var want string
			if len(p.Values) == 1 {
				want = fmt.Sprintf("%s = %v", p.Col, p.Values[0])
			} else {
				want = fmt.Sprintf("%s IN %v", p.Col, p.Values)
			}
			assert.Equal(t, want, p.String())
		}
	}
}
