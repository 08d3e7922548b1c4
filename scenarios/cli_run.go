package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
)

// Files of a command's output folder, next to one folder per scenario.
const (
	FileResults  = "results.json"  // every scenario's Result
	FileRunInfos = "run-info.json" // every scenario's RunInfo
)

// Results is results.json of an output folder.
type Results struct {
	Results []*Result `json:"results"`
}

// RunInfos is run-info.json of an output folder.
type RunInfos struct {
	Runs []*RunInfo `json:"runs"`
}

func (c *cli) run(args []string) int {
	f := c.flags("run")
	var seed seedFlag
	var sh shard
	var sets listFlag
	f.Var(&seed, "seed", "run with this seed instead of the files' own")
	out := f.String("out", "out", "output folder: one folder per scenario, results.json, junit.xml")
	verbose := f.Bool("verbose", false, "print every scenario's report, and progress even when not on a terminal")
	f.Var(&sh, "shard", "INDEX/COUNT: run only the files whose position modulo COUNT is INDEX (CI sharding)")
	f.Var(&sets, "set", "override a value of the files: PATH=VALUE (repeatable), e.g. segments[0].impairments[0].loss.p=0.3")
	files, code := f.files(args)
	if code >= 0 {
		return code
	}
	if err := checkOutDir(*out); err != nil {
		fmt.Fprintf(c.stderr, "%s run: %v\n", c.program, err)
		return 2
	}
	// Every file is checked before the first run starts.
	var scs []*Scenario
	bad := false
	for i, file := range files {
		if !sh.takes(i) {
			continue
		}
		sc, err := Load(file, sets...)
		if err != nil {
			c.printErrors(err)
			bad = true
			continue
		}
		if seed.set {
			sc.Seed = seed.seed
		}
		scs = append(scs, sc)
	}
	if bad {
		return 1
	}
	var progress *os.File
	if isTerminal(c.stderr) || *verbose {
		progress, _ = c.stderr.(*os.File)
	}
	all := &Results{}
	infos := &RunInfos{}
	used := map[string]bool{}
	status := 0
	for _, sc := range scs {
		dir := filepath.Join(*out, uniqueDir(used, sc.Name))
		opts := Options{Out: dir}
		if progress != nil {
			opts.Progress = progress
		}
		res, info, err := runWithInfo(sc, opts)
		if err != nil {
			fmt.Fprintf(c.stderr, "%s run: %s: %v\n", c.program, sc.file, err)
			return 1
		}
		all.Results = append(all.Results, res)
		infos.Runs = append(infos.Runs, info)
		if !res.Passed() {
			status = 1
		}
		if *verbose {
			fmt.Fprint(c.stdout, report(res))
		}
	}
	if err := writeAggregate(*out, all, infos); err != nil {
		fmt.Fprintf(c.stderr, "%s run: %v\n", c.program, err)
		return 1
	}
	c.summary(all, infos, *out)
	return status
}

// runWithInfo runs one scenario and reads back its run-info.
func runWithInfo(sc *Scenario, opts Options) (*Result, *RunInfo, error) {
	res, err := Run(sc, opts)
	if err != nil {
		return nil, nil, err
	}
	var info RunInfo
	err = readJSON(filepath.Join(opts.Out, FileRunInfo), &info)
	return res, &info, err
}

// writeAggregate writes the folder's results.json, run-info.json and
// junit.xml.
func writeAggregate(dir string, all *Results, infos *RunInfos) error {
	wall := map[string]float64{}
	for _, i := range infos.Runs {
		wall[i.Scenario] = i.WallSeconds
	}
	junit, err := junitXML(all.Results, wall)
	if err != nil {
		return err
	}
	results, err := jsonBytes(all)
	if err != nil {
		return err
	}
	runInfos, err := jsonBytes(infos)
	if err != nil {
		return err
	}
	for name, data := range map[string][]byte{FileResults: results, FileRunInfos: runInfos, FileJUnit: junit} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// summary prints the table of runs and, under it, what needs a look:
// failed expectations, errors, leaks, drop counters, notes.
func (c *cli) summary(all *Results, infos *RunInfos, out string) {
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\tverdict\texpectations\thandshake\tdatagrams\tresent\tdropped\tvirtual\twall\t")
	passed := 0
	for i, res := range all.Results {
		ok := 0
		for _, e := range res.Expectations {
			if e.Pass {
				ok++
			}
		}
		if res.Passed() {
			passed++
		}
		sent, resent, dropped := networkTotals(res.Counters)
		fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%s\t%d\t%d\t%d\t%s\t%v\t\n", res.Scenario, strings.ToUpper(res.Verdict), ok, len(res.Expectations),
			lastHandshake(res.Handshakes), sent, resent, dropped, res.Duration, time.Duration(infos.Runs[i].WallSeconds*float64(time.Second)).Round(time.Millisecond))
	}
	_ = tw.Flush()
	for _, res := range all.Results {
		var lines []string
		for _, e := range res.Expectations {
			if !e.Pass {
				lines = append(lines, "FAIL "+e.Name+": "+firstLine(e.Why))
			}
		}
		if res.Error != "" {
			lines = append(lines, "error: "+firstLine(res.Error))
		}
		lines = append(lines, res.Failures...)
		if res.Leaks != "" {
			lines = append(lines, "leak: "+firstLine(res.Leaks))
		}
		for _, n := range sortedNames(res.Counters) {
			if v := res.Counters[n]; v > 0 && strings.HasSuffix(n, ".dropped") {
				lines = append(lines, fmt.Sprintf("%s = %d", n, v))
			}
		}
		lines = append(lines, res.Notes...)
		if len(res.Waiting) > 0 {
			lines = append(lines, "waiting at the end: "+strings.Join(res.Waiting, "; "))
		}
		if len(lines) > 0 {
			fmt.Fprintf(c.stdout, "\n%s:\n  %s\n", res.Scenario, strings.Join(lines, "\n  "))
		}
	}
	fmt.Fprintf(c.stdout, "\n%d of %d scenario(s) passed; files in %s/\n", passed, len(all.Results), out)
}

// lastHandshake is the instant by which every device that completed a
// handshake had completed its first one ("-" if none did).
func lastHandshake(hs []HandshakeEnd) string {
	first := map[string]string{}
	last := "-"
	for _, h := range hs {
		if _, seen := first[h.Device]; !seen && h.Status == "NX_SUCCESS" {
			first[h.Device] = h.At
			last = h.At
		}
	}
	return last
}

// networkTotals sums the frames the ports sent, the datagrams re-sent and
// the copies the stages dropped.
func networkTotals(counters map[string]uint64) (sent, resent, dropped uint64) {
	for n, v := range counters {
		switch {
		case strings.Contains(n, ".port.") && strings.HasSuffix(n, ".frames_sent"):
			sent += v
		case strings.Contains(n, ".resent."):
			resent += v
		case strings.HasSuffix(n, ".dropped"):
			dropped += v
		}
	}
	return sent, resent, dropped
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
