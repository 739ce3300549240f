package mutate

import (
	"os"
	"testing"
)

func TestListImpl(t *testing.T) {
	if os.Getenv("LISTIMPL") == "" {
		t.Skip()
	}
	for _, d := range []string{"cachesync", "opsync", "registry", "replica", "leasequeue"} {
		ms, err := Generate("../impl/"+d, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			t.Logf("%s %s %s:%d %s", d, m.Operator, m.File, m.Line, m.Desc)
		}
		t.Logf("%s: %d", d, len(ms))
	}
}
