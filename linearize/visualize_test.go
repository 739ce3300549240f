package linearize_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVisualizationEscapesEveryProvidedString(t *testing.T) {
	evil := "<script>alert(1)</script>"
	h := []sim.Op{
		op(0, kv(model.KVPut, "k", evil), "", 0, 1),
		op(1, kv(model.KVGet, "k", ""), evil, 2, 3),
	}
	h[1].Thread = "<b>reader</b>"
	log := []sim.Event{{Step: 1, Kind: sim.EvFault, Label: "cache get", Detail: "<img src=x onerror=alert(2)>"}}
	var out bytes.Buffer
	require.NoError(t, linearize.Visualize(&out, model.KV.Porcupine(), h, linearize.Annotations(log), time.Second))
	page := out.String()
	assert.NotContains(t, page, evil)
	assert.NotContains(t, page, "<img src=x")
	assert.NotContains(t, page, "<b>reader</b>")
	// States and metadata go into tooltips as HTML: escaped by us, then
	// JSON-encoded by porcupine.
	assert.Contains(t, page, `"StateDescription":"\u0026#34;\u0026lt;script\u0026gt;alert(1)\u0026lt;/script\u0026gt;\u0026#34;"`, "the state holding the value")
	assert.Contains(t, page, `thread \u0026lt;b\u0026gt;reader\u0026lt;/b\u0026gt;`, "the metadata")
	// Operation descriptions and annotations are set as text: JSON-encoded
	// only, not escaped twice.
	assert.Contains(t, page, `get(k) -\u003e \"\u003cscript\u003ealert(1)\u003c/script\u003e\"`)
	assert.Contains(t, page, `\u003cimg src=x onerror=alert(2)\u003e`)
	assert.Contains(t, page, "faults")
}

func TestAnnotationsMarkFaultsAndCrashes(t *testing.T) {
	log := []sim.Event{
		{Step: 3, Kind: sim.EvFault, Label: "db exec", Detail: "db.disconnect"},
		{Step: 5, Kind: sim.EvExit, Label: "crashed", Name: "worker"},
		{Step: 6, Kind: sim.EvExit, Label: "exit", Name: "other"},
	}
	a := linearize.Annotations(log)
	require.Len(t, a, 2)
	assert.Equal(t, "faults", a[0].Tag)
	assert.Equal(t, int64(3), a[0].Start)
	assert.Equal(t, "worker crashed", a[1].Description)
}
