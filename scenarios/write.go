package scenarios

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// checkOutDir makes sure dir exists (creating it) and is writable, before
// any work starts.
func checkOutDir(dir string) error {
	if dir == "" {
		return errors.New("no output folder given")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	f, err := os.CreateTemp(dir, ".nxsim-write-check-*")
	if err != nil {
		return fmt.Errorf("output folder %s is not writable: %w", dir, err)
	}
	name := f.Name()
	if err := f.Close(); err != nil {
		return err
	}
	return os.Remove(name)
}

// write writes every file of the run to dir.
func (r *run) write(dir string, res *Result, info *RunInfo) error {
	result, err := jsonBytes(res)
	if err != nil {
		return err
	}
	runInfo, err := jsonBytes(info)
	if err != nil {
		return err
	}
	junit, err := junitXML([]*Result{res}, map[string]float64{res.Scenario: info.WallSeconds})
	if err != nil {
		return err
	}
	files := []struct {
		name string
		data []byte
	}{
		{FileCapture, r.capture.Bytes()},
		{FileKeyLog, r.keyLog.Bytes()},
		{FileTrace, r.trace.Bytes()},
		{FileResult, result},
		{FileRunInfo, runInfo},
		{FileJUnit, junit},
		{FileReport, []byte(report(res))},
		{FileLadder, r.ladder()},
		{FileTimeline, r.timeline()},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func jsonBytes(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	return append(b, '\n'), err
}

// JUnit XML, as CI systems read it.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Output    string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// junitXML writes results as JUnit XML: a suite per scenario, a case per
// expectation, and a case "run" for a run that ended in an error, failed
// applications or leaked packets. wall gives each suite's time attribute
// (seconds), the only field the rerun comparison ignores.
func junitXML(results []*Result, wall map[string]float64) ([]byte, error) {
	var doc junitSuites
	for _, res := range results {
		s := junitSuite{Name: res.Scenario, Time: fmt.Sprintf("%.3f", wall[res.Scenario])}
		var problems []string
		if res.Error != "" {
			problems = append(problems, res.Error)
		}
		problems = append(problems, res.Failures...)
		if len(problems) > 0 {
			s.Cases = append(s.Cases, junitCase{Name: "run", ClassName: res.Scenario,
				Failure: &junitFailure{Message: "the run did not complete cleanly", Text: strings.Join(problems, "\n")}})
		}
		for _, c := range res.Expectations {
			jc := junitCase{Name: c.Name, ClassName: res.Scenario, Output: c.Why}
			if !c.Pass {
				jc.Failure = &junitFailure{Message: c.Why, Text: c.Why}
			}
			s.Cases = append(s.Cases, jc)
		}
		for _, c := range s.Cases {
			if c.Failure != nil {
				s.Failures++
			}
		}
		s.Tests = len(s.Cases)
		doc.Suites = append(doc.Suites, s)
	}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(append([]byte(xml.Header), b...), '\n'), nil
}

// report is report.txt: the verdict, every expectation with why, what went
// wrong, and the non-zero counters.
func report(res *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s (%s)\nseed %d, %s of virtual time\nverdict: %s\n", res.Scenario, res.File, res.Seed, res.Duration, strings.ToUpper(res.Verdict))
	if res.Error != "" {
		fmt.Fprintf(&b, "\nthe run stopped with an error:\n  %s\n", strings.ReplaceAll(res.Error, "\n", "\n  "))
	}
	fmt.Fprintf(&b, "\nexpectations:\n")
	if len(res.Expectations) == 0 {
		fmt.Fprintf(&b, "  (none)\n")
	}
	for _, c := range res.Expectations {
		mark := "PASS"
		if !c.Pass {
			mark = "FAIL"
		}
		fmt.Fprintf(&b, "  %s  %s\n        %s\n", mark, c.Name, strings.ReplaceAll(c.Why, "\n", "\n        "))
	}
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n", title)
		for _, l := range lines {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	section("application failures", res.Failures)
	if res.Leaks != "" {
		section("packets not back in their pools", strings.Split(res.Leaks, "\n"))
	}
	section("threads suspended at the end", res.Waiting)
	section("notes", res.Notes)
	names := make([]string, 0, len(res.Counters))
	for n, v := range res.Counters {
		if v != 0 {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	lines := make([]string, len(names))
	for i, n := range names {
		lines[i] = fmt.Sprintf("%-60s %d", n, res.Counters[n])
	}
	section("counters (non-zero; result.json has them all)", lines)
	fmt.Fprintf(&b, "\ntrace hash %s, capture sha256 %s\n", res.TraceHash, res.Capture)
	return b.String()
}
