package results

import (
	"encoding/xml"
	"fmt"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnit renders the file as JUnit XML: one test case per run, failing when
// the run did not meet its expectation, the failure holding the replay
// command.
func JUnit(f *File) ([]byte, error) {
	suites := junitSuites{Name: "racelab"}
	bySuite := map[string]int{}
	for _, r := range f.Runs {
		i, ok := bySuite[r.Scenario]
		if !ok {
			i = len(suites.Suites)
			bySuite[r.Scenario] = i
			suites.Suites = append(suites.Suites, junitSuite{Name: r.Scenario})
		}
		c := junitCase{Name: fmt.Sprintf("%s [%s]", r.Variant, r.Strategy), Classname: r.Scenario,
			Time: fmt.Sprintf("%.3f", r.ElapsedMS/1000)}
		if !r.Met() {
			c.Failure = &junitFailure{Type: "expectation"}
			if r.Verdict == Violation && len(r.Findings) > 0 {
				fd := r.Findings[0]
				c.Failure.Message = fmt.Sprintf("expected %s, found %s: %s", r.Expect, fd.Kind, fd.Message)
				c.Failure.Text = fmt.Sprintf("%s\nschedule %d of seed %d\nreplay: %s\n", fd.Message, fd.Schedule, fd.Seed, fd.Replay)
				if fd.Explanation != "" {
					c.Failure.Text += fd.Explanation + "\n"
				}
			} else {
				c.Failure.Message = fmt.Sprintf("expected a violation, none found in %d schedules", r.Schedules)
				c.Failure.Text = fmt.Sprintf("strategy %s, seed %d, %d schedules: no violation\n", r.Strategy, r.Seed, r.Schedules)
			}
			suites.Failures++
			suites.Suites[i].Failures++
		}
		suites.Tests++
		suites.Suites[i].Tests++
		suites.Suites[i].Cases = append(suites.Suites[i].Cases, c)
	}
	out, err := xml.MarshalIndent(suites, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}
