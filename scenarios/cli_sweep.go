package scenarios

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// WorkerEnv is set in the environment of sweep's worker processes. A
// program that is not an nxsim command (a test binary) runs Command when it
// finds it set: see scenarios' TestMain.
const WorkerEnv = "NXSIM_SWEEP_WORKER"

// HandshakeTimeMetric is the --metric that plots, instead of a counter, the
// instant (in seconds) by which every device that completed a handshake had
// its first one done; a point where none did has no metric.
const HandshakeTimeMetric = "handshake_time"

// Point is one value of a sweep and what the scenario did with it.
type Point struct {
	Value   string   `json:"value"`
	Verdict string   `json:"verdict"`
	Passed  int      `json:"expectations_passed"`
	Total   int      `json:"expectations"`
	Metric  *float64 `json:"metric,omitempty"`
	Error   string   `json:"error,omitempty"`
	Folder  string   `json:"folder"`
}

// Sweep is sweep.json.
type Sweep struct {
	Scenario string  `json:"scenario"`
	Param    string  `json:"param"`
	Metric   string  `json:"metric,omitempty"`
	Points   []Point `json:"points"`
}

func (c *cli) sweep(args []string) int {
	f := c.flags("sweep")
	param := f.String("param", "", "PATH=VALUES: the value to vary and its values, as a,b,c or FROM..TO/STEP (e.g. segments[0].impairments[0].loss.p=0..0.5/0.1)")
	out := f.String("out", "out", "output folder (the sweep writes NAME-sweep/ in it)")
	var seed seedFlag
	var sh shard
	f.Var(&seed, "seed", "run with this seed instead of the file's own")
	f.Var(&sh, "shard", "INDEX/COUNT: run only the values whose position modulo COUNT is INDEX")
	workers := f.Int("workers", runtime.NumCPU(), "worker processes at once")
	metric := f.String("metric", "", "a counter to plot against the parameter as well (e.g. client.app.replies), or "+HandshakeTimeMetric)
	files, code := f.parse(args)
	if code >= 0 {
		return code
	}
	path, spec, ok := strings.Cut(*param, "=")
	if len(files) != 1 || !ok || path == "" {
		fmt.Fprintf(c.stderr, "%s sweep: give one scenario file and --param PATH=VALUES\n", c.program)
		return 2
	}
	values, err := parseValues(spec)
	if err != nil {
		fmt.Fprintf(c.stderr, "%s sweep: --param: %v\n", c.program, err)
		return 2
	}
	var sc *Scenario
	for _, v := range values {
		if sc, err = Load(files[0], path+"="+v); err != nil {
			c.printErrors(err)
			return 1
		}
	}
	if err := checkOutDir(*out); err != nil {
		fmt.Fprintf(c.stderr, "%s sweep: %v\n", c.program, err)
		return 2
	}
	dir := filepath.Join(*out, sc.Name+"-sweep")
	if err := checkOutDir(dir); err != nil {
		fmt.Fprintf(c.stderr, "%s sweep: %v\n", c.program, err)
		return 2
	}
	sw := &Sweep{Scenario: sc.Name, Param: path, Metric: *metric}
	for i, v := range values {
		if sh.takes(i) {
			sw.Points = append(sw.Points, Point{Value: v, Folder: filepath.Join(dir, fmt.Sprintf("point-%03d", i))})
		}
	}
	var extra []string
	if seed.set {
		extra = append(extra, "--seed", strconv.FormatUint(seed.seed, 10))
	}
	c.runPoints(sw, path, files[0], extra, max(*workers, 1))
	if err := writeSweep(dir, sw); err != nil {
		fmt.Fprintf(c.stderr, "%s sweep: %v\n", c.program, err)
		return 1
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\tverdict\texpectations\t%s\t\n", path, *metric)
	for _, p := range sw.Points {
		m := ""
		if p.Metric != nil {
			m = strconv.FormatFloat(*p.Metric, 'g', -1, 64)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%s\t\n", p.Value, strings.ToUpper(p.Verdict), p.Passed, p.Total, m)
	}
	_ = tw.Flush()
	fmt.Fprintf(c.stdout, "\n%d point(s); plot %s\n", len(sw.Points), filepath.Join(dir, "sweep.svg"))
	return 0
}

// runPoints runs every point in a worker process, workers at a time.
func (c *cli) runPoints(sw *Sweep, path, file string, extra []string, workers int) {
	exe, err := os.Executable()
	if err != nil {
		for i := range sw.Points {
			sw.Points[i].Error = err.Error()
		}
		return
	}
	var mu sync.Mutex
	done := 0
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i := range sw.Points {
		wg.Add(1)
		sem <- struct{}{}
		go func(p *Point) {
			defer wg.Done()
			defer func() { <-sem }()
			args := append([]string{"run", "--out", p.Folder, "--set", path + "=" + p.Value}, extra...)
			cmd := exec.Command(exe, append(args, file)...)
			cmd.Env = append(os.Environ(), WorkerEnv+"=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			runErr := cmd.Run()
			p.read(sw.Metric, runErr, stderr.String())
			mu.Lock()
			done++
			if isTerminal(c.stderr) {
				fmt.Fprintf(c.stderr, "\rsweep %s [%-20s] %d/%d", sw.Scenario, strings.Repeat("#", done*20/len(sw.Points)), done, len(sw.Points))
			}
			mu.Unlock()
		}(&sw.Points[i])
	}
	wg.Wait()
	if isTerminal(c.stderr) {
		fmt.Fprintln(c.stderr)
	}
}

// read fills the point from its worker's results.json.
func (p *Point) read(metric string, runErr error, stderr string) {
	var rs Results
	if err := readJSON(filepath.Join(p.Folder, FileResults), &rs); err != nil || len(rs.Results) != 1 {
		p.Verdict = "error"
		p.Error = strings.TrimSpace(fmt.Sprintf("%v %s", runErr, stderr))
		return
	}
	res := rs.Results[0]
	p.Verdict, p.Total = res.Verdict, len(res.Expectations)
	for _, e := range res.Expectations {
		if e.Pass {
			p.Passed++
		}
	}
	switch metric {
	case "":
	case HandshakeTimeMetric:
		if d, err := time.ParseDuration(lastHandshake(res.Handshakes)); err == nil {
			v := d.Seconds()
			p.Metric = &v
		}
	default:
		v := float64(res.Counters[metric])
		p.Metric = &v
	}
}

// maxSweepPoints bounds a sweep's range.
const maxSweepPoints = 1000

// parseValues parses a,b,c or FROM..TO/STEP.
func parseValues(spec string) ([]string, error) {
	if from, rest, ok := strings.Cut(spec, ".."); ok {
		to, step, ok := strings.Cut(rest, "/")
		lo, err1 := strconv.ParseFloat(from, 64)
		hi, err2 := strconv.ParseFloat(to, 64)
		st, err3 := strconv.ParseFloat(step, 64)
		if !ok || err1 != nil || err2 != nil || err3 != nil || !(st > 0) || !(hi >= lo) || math.IsInf(hi-lo, 0) {
			return nil, fmt.Errorf("want FROM..TO/STEP with FROM ≤ TO and STEP > 0, got %q", spec)
		}
		if (hi-lo)/st >= maxSweepPoints {
			return nil, fmt.Errorf("%q makes more than %d points", spec, maxSweepPoints)
		}
		var out []string
		for i := 0; ; i++ {
			v := lo + float64(i)*st
			if v > hi+st*1e-9 {
				break
			}
			out = append(out, strconv.FormatFloat(roundTo(v), 'g', -1, 64))
		}
		return out, nil
	}
	var out []string
	for _, v := range strings.Split(spec, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no values in %q", spec)
	}
	return out, nil
}

// roundTo removes the float noise of lo + i·step (0.30000000000000004).
func roundTo(v float64) float64 {
	s, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	return s
}

func writeSweep(dir string, sw *Sweep) error {
	data, err := jsonBytes(sw)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "sweep.json"), data, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "sweep.svg"), plot(sw), 0o644)
}
