// Package scenarios is racelab's catalogue: the built-in scenarios, each a
// workload run against one of the reference systems in impl/ (or a small demo
// program), with its variants, their expectations, fault plan, model and
// default budget.
//
// [Default] returns the catalogue. The engine that explores it is package
// explore; a scenario is an [explore.Scenario], so users add their own by
// building an explore.Catalogue, or test their own code directly with the
// racetest package.
package scenarios
