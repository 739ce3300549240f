// Package lang is what translated Go code calls for the language's own
// concurrency: go statements ([Go]), channels ([Chan], [MakeChan]), select
// ([Select] with [Recv], [Send] and [Default] cases) and ranging over maps
// ([MapRange]). The translator of racelab test rewrites
//
//	go f(x)                    Go("pkg.f", "file.go:12", func() { f(a0) })
//	make(chan T, n)            MakeChan[T](n)
//	c <- v; <-c; v, ok := <-c  c.Send(v); c.Recv(); v, ok := c.Recv2()
//	close(c); len(c); cap(c)   c.Close(); c.Len(); c.Cap()
//	for v := range c           for v := range c.Range()
//	select { ... }             switch i, v, ok := Select(Recv(c1), Send(c2, x), Default()); i { ... }
//	for k, v := range m        for k, v := range MapRange(m)
//
// # Contract
//
// Under a World (sim.Current() != nil) every operation is a simulated
// operation of that World: a yield point, a decision where Go is
// nondeterministic (which ready select case, map order), a finding where Go
// would crash. Go's panics keep their messages and stay recoverable ("send
// on closed channel", "close of closed channel", "close of nil channel").
// Outside a World every call is the plain Go construct, so translated code
// still runs under go test.
//
// A wait that racelab cannot schedule (a channel of untranslated code)
// ends the run with an [Uncontrolled] finding instead of hanging.
//
// # Reproducing a failure
//
// A run under a World is a pure function of its decisions; racetest prints
// the line that replays it.
package lang
