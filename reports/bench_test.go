package reports

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/racelab/racelab/mutate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The bench page shows make mutate's scores when its results sit in the
// report directory, and links its page; without them it has no such part.
func TestBenchPageIncludesTheMutationTest(t *testing.T) {
	dir := t.TempDir()
	bench := filepath.Join(dir, "bench")
	require.NoError(t, os.MkdirAll(bench, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(bench, "bench.md"), []byte("| scenario:variant | random |\n|---|---|\n| demo/counter:racy | 1/2 |\n"), 0o644))

	ok, err := writeBench(bench)
	require.NoError(t, err)
	require.True(t, ok)
	page, err := os.ReadFile(filepath.Join(bench, "index.html"))
	require.NoError(t, err)
	assert.NotContains(t, string(page), `id="mutation"`)

	f := &mutate.File{Packages: []*mutate.Report{{Package: "github.com/racelab/racelab/impl/replica", Mode: "catalogue",
		Mutants: make([]mutate.Result, 9), Killed: 7, Survived: 0, Equivalent: 2, Reviewed: 1, Score: 1}}}
	data, err := f.Marshal()
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mutate.json"), data, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mutate.html"), []byte("<html></html>"), 0o644))
	_, err = writeBench(bench)
	require.NoError(t, err)
	page, err = os.ReadFile(filepath.Join(bench, "index.html"))
	require.NoError(t, err)
	assert.Contains(t, string(page), `id="mutation"`)
	assert.Contains(t, string(page), `<td>github.com/racelab/racelab/impl/replica</td><td class="num">9</td><td class="num">7</td><td class="num">0</td><td class="num">1</td><td class="num">1</td>`)
	assert.Contains(t, string(page), `100%`)
	assert.Contains(t, string(page), `href="../mutate.html"`)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "mutate.json"), []byte(`{"schema":"racelab/mutate/v0"}`), 0o644))
	_, err = writeBench(bench)
	assert.ErrorContains(t, err, "schema")
}
