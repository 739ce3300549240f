// Package races holds five plain-Go data races (a counter, a lazily
// initialized pointer, a callback's field, a map, a slice appended) as
// TestXRacy, each with its mutex-protected form TestXLocked. They are
// ordinary go tests: cmd/racelab's tests run them under racelab test and
// under go test -race, side by side.
package races
