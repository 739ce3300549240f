package model

import "fmt"

// KVOp names a key-value operation.
type KVOp uint8

const (
	KVGet KVOp = iota
	KVPut
	KVAppend
)

// KVInput is an operation on one key.
type KVInput struct {
	Op    KVOp
	Key   string
	Value string
}

// String reads "get(k)", "put(k, v)" or "append(k, v)".
func (in KVInput) String() string {
	switch in.Op {
	case KVPut:
		return fmt.Sprintf("put(%s, %q)", in.Key, in.Value)
	case KVAppend:
		return fmt.Sprintf("append(%s, %q)", in.Key, in.Value)
	}
	return fmt.Sprintf("get(%s)", in.Key)
}

// KV is a key-value store of strings, partitioned by key: every key is an
// independent register that starts empty. Get returns the value, Put and
// Append return "".
var KV = &Model[string, KVInput, string]{
	Name: "kv",
	Init: func() string { return "" },
	Step: func(s string, in KVInput) []Outcome[string, string] {
		switch in.Op {
		case KVPut:
			return []Outcome[string, string]{{Out: "", Next: in.Value}}
		case KVAppend:
			return []Outcome[string, string]{{Out: "", Next: s + in.Value}}
		}
		return []Outcome[string, string]{{Out: s, Next: s}}
	},
	Key:          func(in KVInput) string { return in.Key },
	EqualStates:  func(a, b string) bool { return a == b },
	EqualOutputs: func(a, b string) bool { return a == b },
	DescribeOperation: func(in KVInput, out string) string {
		if in.Op == KVGet {
			return fmt.Sprintf("%v -> %q", in, out)
		}
		return in.String()
	},
	DescribeState: func(s string) string { return fmt.Sprintf("%q", s) },
}
