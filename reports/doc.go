// Package reports renders a results file as a self-contained HTML report:
// an index of every run (verdict, schedules, time to first finding,
// schedules per second) and one page per finding (the replay command, the
// explanation, porcupine's view of the history in its own frame, the
// history and the event log). No page loads anything from the network, and
// every string that came from a model, a history or a user is escaped by
// html/template.
//
// # Reproducing a failure
//
// Every finding page shows the command that replays it, with a copy button,
// and links the trace file it was written with.
package reports
