package db

import (
	"fmt"
	"strconv"
	"strings"
)

// Pred is a column predicate: the column equals one of Values.
type Pred struct {
	Col    string
	Values []any
}

// Eq is the predicate col = v.
func Eq(col string, v any) Pred { return Pred{Col: col, Values: []any{v}} }

// In is the predicate col IN (vs...).
func In(col string, vs ...any) Pred { return Pred{Col: col, Values: vs} }

// String reads "col = v" or "col IN [a b]".
func (p Pred) String() string {
	var b strings.Builder
	p.write(&b)
	return b.String()
}

// write appends p as fmt's %v prints it, without fmt for the usual values:
// a statement's label is built at every step, logged or not.
func (p Pred) write(b *strings.Builder) {
	b.WriteString(p.Col)
	if len(p.Values) == 1 {
		b.WriteString(" = ")
		writeValue(b, p.Values[0])
		return
	}
	b.WriteString(" IN [")
	for i, v := range p.Values {
		if i > 0 {
			b.WriteByte(' ')
		}
		writeValue(b, v)
	}
	b.WriteByte(']')
}

// predsString is fmt.Sprint(preds).
func predsString(preds []Pred) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, p := range preds {
		if i > 0 {
			b.WriteByte(' ')
		}
		p.write(&b)
	}
	b.WriteByte(']')
	return b.String()
}

func writeValue(b *strings.Builder, v any) {
	switch v := v.(type) {
	case string:
		b.WriteString(v)
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	default:
		fmt.Fprint(b, v)
	}
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
