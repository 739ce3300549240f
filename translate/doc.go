// Package translate rewrites ordinary Go so that it runs under racelab's
// deterministic scheduler, unmodified at the source: the user's files stay
// as they are, and `racelab test` builds the translated copies in their
// place with `go test -overlay`.
//
// The translation is type-directed (go/types decides what is a channel, a
// map, a context or a test) and touches only what the scheduler must
// control:
//
//   - imports of sync, sync/atomic, time, context, math/rand and
//     math/rand/v2 point to racelab's drop-ins under rt/, which have the
//     standard packages' API; runtime.Gosched and runtime.NumGoroutine call
//     rt/runtime, runtime.Goexit racelablang.Goexit;
//   - go statements call racelablang.Go with the function value and the
//     arguments evaluated at the statement, as Go does;
//   - every channel type becomes racelablang.Chan[T], and every channel
//     operation (make, send, receive, receive with ok, close, len, cap,
//     range, comparison with nil, the literal nil) a method call on it;
//     select becomes a switch on racelablang.Select;
//   - ranging over a map goes through racelablang.MapRange, so the World
//     decides the order;
//   - ctx.Done() of a context.Context becomes rtcontext.Done(ctx);
//   - loads and stores of memory that can be shared (package variables,
//     variables captured by function literals, fields and elements reached
//     through pointers and slices, maps) report to the race detector:
//     racelablang.Read before the statement, Write after it, MapRead and
//     MapWrite for maps, each with a package-level racelablang.Site; a
//     read-modify-write (x++) is split into load, racelablang.Preempt and
//     store (access.go says what is not instrumented, and why);
//   - in test files, func TestX(t *testing.T) becomes racelabTestX(t
//     *racetest.T) behind a TestX wrapper that calls racetest.RunTranslated,
//     and other *testing.T and testing.TB become racetest's.
//
// [Translate] translates the main module's packages and its dependencies'
// (not the standard library, not the modules racelab's runtime is built
// from); a dependency package that cannot be translated is left as it is.
//
// Positions: [Printed.Source] carries //line directives, so a panic, a
// t.Errorf or a compile error in translated code names the user's
// file:line. Code of the main module that cannot be translated (a channel
// passed to a package that is not translated, such as os/signal) is an
// [*Error] naming file:line.
//
// The golden tests (testdata/*.txtar, one per construct, input and output
// side by side) are regenerated with `go test ./translate -update`.
package translate
