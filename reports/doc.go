// Package reports renders a results file as a self-contained HTML report:
// an index of every run (verdict, schedules, time to first finding,
// schedules per second), grouped by system with the findings first, and one
// page per finding (the replay commands, what the finding means, where each
// thread stood, the timeline, porcupine's view of the history, the history
// and the event log). A results file is untrusted input: no page loads
// anything from the network (a content security policy forbids it), every
// string is escaped by html/template, and porcupine's view, which is HTML
// and script, is shown only in a sandboxed frame with no origin in common
// with the page, never as a page of its own.
//
// # Reproducing a failure
//
// Every finding page shows the command that replays it, with a copy button,
// and links the trace file it was written with.
package reports
