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
// with the annotations. Porcupine's page inserts state descriptions and
// operation metadata as HTML (tooltips), and operation descriptions and
// annotations as text: the former are HTML-escaped here, the latter left
// alone (escaping them would show the entities). Note the page uses fixed
// element ids, so embed each in its own iframe.
func Visualize(w io.Writer, m porcupine.Model, h []sim.Op, annotations []porcupine.Annotation, timeout time.Duration) error {
	if err := Validate(h); err != nil {
		return err
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	safe := escaped(m)
	_, info := porcupine.CheckOperationsVerbose(safe, operations(h), timeout)
	info.AddAnnotations(annotations)
	return porcupine.Visualize(safe, info, w)
}

// escaped wraps m's state descriptions in html.EscapeString, and
// describes an operation's metadata (escaped too) as the thread that ran it.
func escaped(m porcupine.Model) porcupine.Model {
	describeState := m.DescribeState
	if describeState == nil {
		describeState = func(s any) string { return fmt.Sprintf("%v", s) }
	}
	m.DescribeState = func(s any) string { return html.EscapeString(describeState(s)) }
	m.DescribeOperationMetadata = func(meta any) string {
		if om, ok := meta.(opMeta); ok {
			return html.EscapeString(fmt.Sprintf("operation %d, thread %s", om.index, om.thread))
		}
		return html.EscapeString(fmt.Sprint(meta))
	}
	return m
}
