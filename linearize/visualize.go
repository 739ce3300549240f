package linearize

import (
	"fmt"
	"html"
	"io"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/racelab/racelab/sim"
)

// Annotations turns the faults and crashes of a run's event log into
// porcupine annotations on the same step axis as the history, so the
// visualization shows what was injected where.
func Annotations(log []sim.Event) []porcupine.Annotation {
	var out []porcupine.Annotation
	for _, e := range log {
		switch {
		case e.Kind == sim.EvFault:
			out = append(out, porcupine.Annotation{Tag: "faults", Start: e.Step, End: e.Step,
				Description: e.Detail, Details: fmt.Sprintf("%s at %s, step %d, t=%v", e.Detail, e.Label, e.Step, e.Time),
				BackgroundColor: "#f8d7da", TextColor: "#721c24"})
		case e.Kind == sim.EvExit && e.Label == "crashed":
			out = append(out, porcupine.Annotation{Tag: "threads", Start: e.Step, End: e.Step,
				Description: e.Name + " crashed", Details: fmt.Sprintf("thread %s crashed at step %d", e.Name, e.Step),
				BackgroundColor: "#fff3cd", TextColor: "#856404"})
		}
	}
	return out
}

// Visualize writes porcupine's self-contained HTML view of h against m,
// with the annotations. Every string the model, the history or the
// annotations provide is HTML-escaped first: porcupine inserts them as raw
// HTML. Note the page uses fixed element ids, so embed each in its own
// iframe.
func Visualize(w io.Writer, m porcupine.Model, h []sim.Op, annotations []porcupine.Annotation, timeout time.Duration) error {
	if err := Validate(h); err != nil {
		return err
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	safe := escaped(m)
	_, info := porcupine.CheckOperationsVerbose(safe, operations(h), timeout)
	for i := range annotations {
		a := &annotations[i]
		a.Tag, a.Description, a.Details = html.EscapeString(a.Tag), html.EscapeString(a.Description), html.EscapeString(a.Details)
	}
	info.AddAnnotations(annotations)
	return porcupine.Visualize(safe, info, w)
}

// escaped wraps m's descriptions in html.EscapeString, and describes an
// operation's metadata as the thread that ran it.
func escaped(m porcupine.Model) porcupine.Model {
	describeOp, describeState := m.DescribeOperation, m.DescribeState
	if describeOp == nil {
		describeOp = func(in, out any) string { return fmt.Sprintf("%v -> %v", in, out) }
	}
	if describeState == nil {
		describeState = func(s any) string { return fmt.Sprintf("%v", s) }
	}
	m.DescribeOperation = func(in, out any) string { return html.EscapeString(describeOp(in, out)) }
	m.DescribeState = func(s any) string { return html.EscapeString(describeState(s)) }
	m.DescribeOperationMetadata = func(meta any) string {
		if om, ok := meta.(opMeta); ok {
			return html.EscapeString(fmt.Sprintf("operation %d, thread %s", om.index, om.thread))
		}
		return html.EscapeString(fmt.Sprint(meta))
	}
	return m
}
