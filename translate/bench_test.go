package translate_test

import (
	"path/filepath"
	"testing"

	"github.com/racelab/racelab/translate"
	"golang.org/x/tools/txtar"
)

// BenchmarkFile is the translation alone (type-checked input in hand) of
// every golden file, per file.
func BenchmarkFile(b *testing.B) {
	files, _ := filepath.Glob("testdata/*.txtar")
	var ins []*txtar.File
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			b.Fatal(err)
		}
		ins = append(ins, &ar.Files[0])
	}
	t := &testing.T{}
	for b.Loop() {
		for _, in := range ins {
			b.StopTimer()
			input, f := check(t, in.Name, in.Data)
			b.StartTimer()
			translate.File(input, f) // the error cases cost the same
		}
	}
}

// BenchmarkListCorpus and BenchmarkTranslateCorpus are racelab test's two
// stages on the bug corpus: go list alone (what a cached run does) and the
// whole load, type check and translation (a first run).
func BenchmarkListCorpus(b *testing.B) {
	for b.Loop() {
		if _, err := translate.List(translate.Config{}, "./testdata/corpus"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTranslateCorpus(b *testing.B) {
	for b.Loop() {
		if _, err := translate.Translate(translate.Config{}, "./testdata/corpus"); err != nil {
			b.Fatal(err)
		}
	}
}
