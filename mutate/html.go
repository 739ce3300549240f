package mutate

import (
	"html/template"
	"io"
)

// WriteHTML writes a self-contained page of the mutation test: a summary
// row per package and a table of its mutants. The HTML report links it as
// mutate.html.
func (f *File) WriteHTML(w io.Writer) error {
	return page.Execute(w, f)
}

var page = template.Must(template.New("mutate").Funcs(template.FuncMap{
	"pct": func(x float64) int { return int(100*x + 0.5) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>racelab mutate</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.killed{color:#176c2c}.survived,.timeout{color:#b00020;font-weight:bold}.equivalent,.no-compile{color:#777}
code{font-size:12px}
</style></head><body>
<h1>racelab mutate</h1>
<p>Each mutant weakens the code in one way developers break concurrent code; a mutant is killed when the
exploration from every seed finds a violation. Equivalent mutants (by test: no schedule of the original's first-seed exploration gives another
client-visible history, that is other operations, outputs, order of calls and returns, or findings; or
reviewed by a person) and mutants that do not compile are not counted in the score.</p>
<table id="summary"><tr><th>package</th><th>mode</th><th>mutants</th><th>killed</th><th>survived</th><th>equivalent</th><th>of them reviewed</th><th>not compiling</th><th>score</th></tr>
{{range .Packages}}<tr><td><a href="#{{.Package}}">{{.Package}}</a></td><td>{{.Mode}}</td><td>{{len .Mutants}}</td><td>{{.Killed}}</td><td>{{.Survived}}</td><td>{{.Equivalent}}</td><td>{{.Reviewed}}</td><td>{{.NoCompile}}</td><td>{{pct .Score}}%</td></tr>
{{end}}</table>
{{range .Packages}}
<h2 id="{{.Package}}">{{.Package}}</h2>
<p>{{.ScoreLine}}</p>
<table><tr><th>mutant</th><th>operator</th><th>where</th><th>change</th><th>result</th><th>killed by</th><th>schedules</th><th>finding</th></tr>
{{range .Mutants}}<tr><td>{{.ID}}</td><td>{{.Operator}}</td><td>{{.File}}:{{.Line}}</td><td><code>{{.Desc}}</code></td>
<td class="{{.Status}}">{{.Status}}{{if .Error}}: {{.Error}}{{end}}{{if .Reason}} (reviewed: {{.Reason}}){{else if eq .Status "equivalent"}} (by test){{end}}</td><td>{{.KilledBy}}</td><td>{{if .Schedules}}{{.Schedules}}{{end}}</td><td>{{.Kind}}{{if .Message}}: {{.Message}}{{end}}</td></tr>
{{end}}</table>
{{end}}
</body></html>
`))
