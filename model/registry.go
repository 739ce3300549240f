package model

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Djblets' Registry (shared/systems.md 1.7): every operation but Reset
// first installs the defaults atomically if the registry is not populated.

// RegItem is an item with its lookup attributes id and name ("" is a
// missing name).
type RegItem struct {
	ID   int
	Name string
}

func (it RegItem) String() string { return fmt.Sprintf("%d:%s", it.ID, it.Name) }

// RegOp names a registry operation.
type RegOp uint8

const (
	RegRegister RegOp = iota
	RegUnregister
	RegGet
	RegLen
	RegContains
	RegItems
	RegReset
	RegPopulate
)

var regOpNames = [...]string{"register", "unregister", "get", "len", "contains", "items", "reset", "populate"}

// RegInput is one operation. Attr and Value are Get's.
type RegInput struct {
	Op    RegOp
	Item  RegItem
	Attr  string
	Value any
}

// String reads "register(5:a)" or "get(id=0)".
func (in RegInput) String() string {
	switch in.Op {
	case RegRegister, RegUnregister, RegContains:
		return fmt.Sprintf("%s(%v)", regOpNames[in.Op], in.Item)
	case RegGet:
		return fmt.Sprintf("get(%s=%v)", in.Attr, in.Value)
	}
	return regOpNames[in.Op] + "()"
}

// RegOutput is what an operation returned: an error code, or its result.
// Items is the snapshot as "id:name" in order.
type RegOutput struct {
	Err   string
	Item  RegItem
	N     int
	Bool  bool
	Items string
}

// RegState is whether the registry is populated and its items, in
// registration order.
type RegState struct {
	Populated bool
	Items     []RegItem
}

// FormatItems is the canonical form of a snapshot: registration order for
// an ordered registry, by id otherwise.
func FormatItems(items []RegItem, ordered bool) string {
	its := slices.Clone(items)
	if !ordered {
		sort.Slice(its, func(i, j int) bool { return its[i].ID < its[j].ID })
	}
	parts := make([]string, len(its))
	for i, it := range its {
		parts[i] = it.String()
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// regCheck is Register's validation, in the order of the real code.
func regCheck(items []RegItem, it RegItem) string {
	if slices.Contains(items, it) {
		return "already_registered"
	}
	for _, attr := range []string{"id", "name"} {
		if attr == "name" && it.Name == "" {
			return "missing_attribute"
		}
		for _, x := range items {
			if (attr == "id" && x.ID == it.ID) || (attr == "name" && x.Name == it.Name) {
				return "attribute_registered"
			}
		}
	}
	return ""
}

// NewRegistryModel returns the model of a registry with these defaults.
func NewRegistryModel(defaults []RegItem, ordered bool) *Model[RegState, RegInput, RegOutput] {
	ensure := func(s RegState) RegState {
		if !s.Populated {
			s = RegState{Populated: true, Items: slices.Clone(defaults)}
		}
		return s
	}
	step := func(s RegState, in RegInput) []Outcome[RegState, RegOutput] {
		one := func(out RegOutput, next RegState) []Outcome[RegState, RegOutput] {
			return []Outcome[RegState, RegOutput]{{Out: out, Next: next}}
		}
		if in.Op == RegReset {
			return one(RegOutput{}, RegState{})
		}
		s = ensure(s)
		switch in.Op {
		case RegRegister:
			if code := regCheck(s.Items, in.Item); code != "" {
				return one(RegOutput{Err: code}, s)
			}
			return one(RegOutput{}, RegState{Populated: true, Items: append(slices.Clone(s.Items), in.Item)})
		case RegUnregister:
			i := slices.Index(s.Items, in.Item)
			if i < 0 {
				return one(RegOutput{Err: "unregister"}, s)
			}
			return one(RegOutput{}, RegState{Populated: true, Items: slices.Delete(slices.Clone(s.Items), i, i+1)})
		case RegGet:
			if in.Attr != "id" && in.Attr != "name" {
				return one(RegOutput{Err: "invalid_attribute"}, s)
			}
			for _, x := range s.Items {
				if (in.Attr == "id" && x.ID == in.Value) || (in.Attr == "name" && x.Name == in.Value) {
					return one(RegOutput{Item: x}, s)
				}
			}
			return one(RegOutput{Err: "not_registered"}, s)
		case RegLen:
			return one(RegOutput{N: len(s.Items)}, s)
		case RegContains:
			return one(RegOutput{Bool: slices.Contains(s.Items, in.Item)}, s)
		case RegItems:
			return one(RegOutput{Items: FormatItems(s.Items, ordered)}, s)
		}
		return one(RegOutput{}, s) // populate
	}
	return &Model[RegState, RegInput, RegOutput]{
		Name: "registry",
		Init: func() RegState { return RegState{} },
		Step: step,
		EqualStates: func(a, b RegState) bool {
			return a.Populated == b.Populated && slices.Equal(a.Items, b.Items)
		},
		EqualOutputs: func(a, b RegOutput) bool { return a == b },
		DescribeOperation: func(in RegInput, out RegOutput) string {
			switch {
			case out.Err != "":
				return fmt.Sprintf("%v -> %s", in, out.Err)
			case in.Op == RegGet:
				return fmt.Sprintf("%v -> %v", in, out.Item)
			case in.Op == RegLen:
				return fmt.Sprintf("%v -> %d", in, out.N)
			case in.Op == RegContains:
				return fmt.Sprintf("%v -> %v", in, out.Bool)
			case in.Op == RegItems:
				return fmt.Sprintf("%v -> %s", in, out.Items)
			}
			return fmt.Sprintf("%v -> ok", in)
		},
		DescribeState: func(s RegState) string {
			if !s.Populated {
				return "PENDING"
			}
			return "READY " + FormatItems(s.Items, ordered)
		},
	}
}

// SameInstance is the model of a lazy accessor: every call returns the
// same instance (the first one returned).
var SameInstance = &Model[int, struct{}, int]{
	Name: "lazy-instance",
	Init: func() int { return 0 },
	Step: func(s int, _ struct{}) []Outcome[int, int] {
		if s != 0 {
			return []Outcome[int, int]{{Out: s, Next: s}}
		}
		var outs []Outcome[int, int]
		for id := 1; id <= 8; id++ { // instances are numbered from 1
			outs = append(outs, Outcome[int, int]{Out: id, Next: id})
		}
		return outs
	},
	EqualStates:       func(a, b int) bool { return a == b },
	EqualOutputs:      func(a, b int) bool { return a == b },
	DescribeOperation: func(_ struct{}, out int) string { return fmt.Sprintf("registry() -> instance %d", out) },
	DescribeState: func(s int) string {
		if s == 0 {
			return "not built"
		}
		return fmt.Sprintf("instance %d", s)
	},
}
