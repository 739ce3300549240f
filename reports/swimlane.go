package reports

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/racelab/racelab/results"
)

// Swimlane is a finding's timeline laid out for SVG: one lane per thread,
// on the logical step axis; operations as bars from call to return, blocked
// and sleeping stretches as grey bars, faults and crashes as markers. Every
// shape has a title, which browsers show on hover.
type Swimlane struct {
	Width, Height int
	Lanes         []Lane
	Shapes        []Shape
	Ticks         []Tick
}

// Lane is one thread's row.
type Lane struct {
	Name string
	Y    int
}

// Shape is a bar (W > 0) or a marker.
type Shape struct {
	X, Y, W, H int
	Class      string // op, open, wait, fault, crash, panic
	Title      string
	// Label is written inside a bar wide enough to hold it.
	Label string
}

// LabelX and LabelY place a bar's label inside it.
func (s Shape) LabelX() int { return s.X + 4 }

// LabelY is the label's baseline.
func (s Shape) LabelY() int { return s.Y + s.H - 4 }

// Tick is a step number on the axis.
type Tick struct {
	X    int
	Step int64
}

// The timeline is drawn to be read: lanes tall enough for a labelled bar,
// steps wide enough to tell apart, and a run of any length spread over
// about targetW pixels (wider than the page scrolls).
const (
	laneH      = 44
	topPad     = 30
	leftPad    = 130
	minStepW   = 10
	maxStepW   = 48
	targetW    = 1000
	charW      = 7 // of the 12px label font, for fitting labels into bars
	minTickGap = 60
)

// Points returns a marker's diamond as SVG points.
func (s Shape) Points() template.HTMLAttr {
	cx, cy, r := s.X, s.Y+s.H/2, s.H/2
	return template.HTMLAttr(fmt.Sprintf(`points="%d,%d %d,%d %d,%d %d,%d"`, cx, cy-r, cx+r, cy, cx, cy+r, cx-r, cy))
}

// swimlane lays out a finding's log and history.
func swimlane(f results.Finding) *Swimlane {
	if len(f.Log) == 0 {
		return nil
	}
	var names []string
	lane := map[string]int{}
	add := func(name string) int {
		if i, ok := lane[name]; ok {
			return i
		}
		lane[name] = len(names)
		names = append(names, name)
		return lane[name]
	}
	first, last := f.Log[0].Step, f.Log[len(f.Log)-1].Step
	stepW := min(max(targetW/max(int(last-first), 1), minStepW), maxStepW)
	x := func(step int64) int { return leftPad + int(step-first)*stepW }
	s := &Swimlane{Width: x(last) + 40}
	y := func(thread string) int { return topPad + add(thread)*laneH }
	blockedAt := map[string]results.Event{}
	for _, e := range f.Log {
		if e.Thread == "scheduler" {
			continue
		}
		ly := y(e.Thread)
		switch e.Kind {
		case "block":
			blockedAt[e.Thread] = e
		case "wake", "exit":
			if b, ok := blockedAt[e.Thread]; ok {
				s.Shapes = append(s.Shapes, Shape{X: x(b.Step), Y: ly + 26, W: max(x(e.Step)-x(b.Step), 2), H: 10, Class: "wait",
					Title: fmt.Sprintf("%s waits on %s, steps %d-%d", e.Thread, b.Label, b.Step, e.Step)})
				delete(blockedAt, e.Thread)
			}
		case "fault":
			s.Shapes = append(s.Shapes, Shape{X: x(e.Step), Y: ly + 4, H: 20, Class: "fault",
				Title: fmt.Sprintf("fault %s at %s, step %d", e.Detail, e.Label, e.Step)})
		case "panic":
			s.Shapes = append(s.Shapes, Shape{X: x(e.Step), Y: ly + 4, H: 20, Class: "panic", Title: e.Detail})
		}
		if e.Kind == "exit" && e.Label == "crashed" {
			s.Shapes = append(s.Shapes, Shape{X: x(e.Step), Y: ly + 4, H: 20, Class: "crash", Title: e.Thread + " crashed at step " + fmt.Sprint(e.Step)})
		}
	}
	for _, thread := range names { // still blocked at the end
		b, ok := blockedAt[thread]
		if !ok {
			continue
		}
		s.Shapes = append(s.Shapes, Shape{X: x(b.Step), Y: y(thread) + 26, W: max(x(last)-x(b.Step), 2), H: 10, Class: "wait",
			Title: fmt.Sprintf("%s waits on %s from step %d, forever", thread, b.Label, b.Step)})
	}
	for _, op := range f.History {
		end, class := op.Return, "op"
		if end < 0 {
			end, class = last, "open"
		}
		sh := Shape{X: x(op.Call), Y: y(op.Thread) + 4, W: max(x(end)-x(op.Call), 3), H: 20, Class: class,
			Title: fmt.Sprintf("%s (client %d, steps %d-%s)", op.Desc, op.Client, op.Call, returnStep(op.Return))}
		if (len([]rune(op.Desc))+1)*charW < sh.W {
			sh.Label = op.Desc
		}
		s.Shapes = append(s.Shapes, sh)
	}
	for i, n := range names {
		s.Lanes = append(s.Lanes, Lane{Name: n, Y: topPad + i*laneH})
	}
	every := int64(1)
	for _, e := range []int64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000} {
		if every = e; int(e)*stepW >= minTickGap {
			break
		}
	}
	for st := first - first%every; st <= last; st += every {
		if st >= first {
			s.Ticks = append(s.Ticks, Tick{X: x(st), Step: st})
		}
	}
	s.Height = topPad + len(names)*laneH + 8
	return s
}

func returnStep(r int64) string {
	if r < 0 {
		return "never"
	}
	return fmt.Sprint(r)
}

// chart is the index's small chart: for each strategy, the schedules each
// violation-expected run needed to its first finding.
type chart struct {
	Width, Height int
	Bars          []Shape
	Labels        []Lane
}

func findingsChart(runs []results.Run) *chart {
	c := &chart{Width: 60}
	row := 0
	byStrategy := map[string][]results.Run{}
	var order []string
	for _, r := range runs {
		if r.Expect != results.Violation {
			continue
		}
		if _, ok := byStrategy[r.Strategy]; !ok {
			order = append(order, r.Strategy)
		}
		byStrategy[r.Strategy] = append(byStrategy[r.Strategy], r)
	}
	for _, st := range order {
		c.Labels = append(c.Labels, Lane{Name: st, Y: 14 + row*16})
		for i, r := range byStrategy[st] {
			n := r.Schedules
			title := fmt.Sprintf("%s: first finding after %d schedule(s)", r.Name(), n)
			if len(r.Findings) == 0 {
				title = fmt.Sprintf("%s: none found in %d schedules", r.Name(), n)
			}
			h := 2 + min(n, 200)/4
			c.Bars = append(c.Bars, Shape{X: 60 + i*9, Y: 16 + row*16 + (12 - min(h, 12)), W: 7, H: min(h, 12), Class: strings.ReplaceAll(r.Verdict, " ", ""), Title: title})
			c.Width = max(c.Width, 60+(i+1)*9+10)
		}
		row++
	}
	if row == 0 {
		return nil
	}
	c.Height = 20 + row*16
	return c
}
