package db

import "fmt"

// Pred is a column predicate: the column equals one of Values.
type Pred struct {
	Col    string
	Values []any
}

// Eq is the predicate col = v.
func Eq(col string, v any) Pred { return Pred{Col: col, Values: []any{v}} }

// In is the predicate col IN (vs...).
func In(col string, vs ...any) Pred { return Pred{Col: col, Values: vs} }

// String reads "col = v" or "col IN (a, b)".
func (p Pred) String() string {
	if len(p.Values) == 1 {
		return fmt.Sprintf("%s = %v", p.Col, p.Values[0])
	}
	return fmt.Sprintf("%s IN %v", p.Col, p.Values)
}

func matches(r Row, preds []Pred) bool {
	for _, p := range preds {
		v, ok := r[p.Col]
		if !ok {
			return false
		}
		found := false
		for _, want := range p.Values {
			if v == want {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
