package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/nxsim/nxsim/nx"
)

// Result is what a run established, written as result.json. It holds only
// facts of virtual time and the hashes that prove them, so that the same
// scenario and seed give the same bytes on any machine; what depends on the
// machine (wall time, host, versions) is in RunInfo.
type Result struct {
	Scenario     string            `json:"scenario"`
	File         string            `json:"file"`
	Seed         uint64            `json:"seed"`
	Duration     string            `json:"duration"` // virtual time run
	Verdict      string            `json:"verdict"`  // pass or fail
	Error        string            `json:"error,omitempty"`
	Failures     []string          `json:"failures,omitempty"`
	Expectations []Check           `json:"expectations"`
	Handshakes   []HandshakeEnd    `json:"handshakes,omitempty"` // what the applications reported, in order
	Leaks        string            `json:"leaks,omitempty"`
	Waiting      []string          `json:"waiting,omitempty"` // application threads suspended at the end, and on what
	Notes        []string          `json:"notes,omitempty"`
	Counters     map[string]uint64 `json:"counters"`
	TraceHash    string            `json:"trace_hash"`
	Capture      string            `json:"capture_sha256"`
}

// sourceRoot is the module's folder on this machine, cut from the call sites
// of leak reports so that results do not depend on where the code lives.
var sourceRoot = func() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "\x00"
	}
	return filepath.Dir(filepath.Dir(file)) + string(filepath.Separator)
}()

// HandshakeEnd is one handshake an application reported (Device.Handshake).
type HandshakeEnd struct {
	Device string `json:"device"`
	At     string `json:"at"` // virtual time
	Status string `json:"status"`
}

// Passed reports whether every expectation held and the run completed.
func (r *Result) Passed() bool { return r.Verdict == "pass" }

// Options control a run.
type Options struct {
	// Out is the folder the run's files are written to (created if needed).
	Out string
	// Progress, if not nil, gets a progress line after every virtual second
	// (for a terminal: the line is redrawn with \r).
	Progress io.Writer

	bridge *bridgeSpec // nxsim bridge: wall-clock mode and a bridge host
}

// Files of a run's output folder.
const (
	FileCapture  = "capture.pcapng"
	FileKeyLog   = "keylog.txt"
	FileTrace    = "trace.txt"
	FileResult   = "result.json"
	FileJUnit    = "junit.xml"
	FileRunInfo  = "run-info.json"
	FileReport   = "report.txt"
	FileLadder   = "ladder.svg"
	FileTimeline = "timeline.json"
)

// Run runs a checked scenario in virtual time and writes its files to
// opts.Out. The error is about the files; what went wrong in the run is in
// the Result (verdict fail, with the reason).
func Run(sc *Scenario, opts Options) (*Result, error) {
	if err := checkOutDir(opts.Out); err != nil {
		return nil, err
	}
	info := startRunInfo()
	var progress func(now, end time.Duration)
	if opts.Progress != nil {
		progress = func(now, end time.Duration) {
			fmt.Fprintf(opts.Progress, "\r%s: virtual %v of %v, wall %v ", sc.Name, now, end, info.elapsed().Round(time.Millisecond))
		}
	}
	r, err := execute(sc, progress, opts.bridge)
	if opts.Progress != nil {
		fmt.Fprintln(opts.Progress)
	}
	res := r.result(err)
	r.close()
	info.finish(res)
	return res, r.write(opts.Out, res, info)
}

// result gathers the run's facts once it is over.
func (r *run) result(runErr error) *Result {
	sc := r.sc
	final := r.collect()
	for k, v := range r.resent() {
		final[k] = v
	}
	leaks := strings.ReplaceAll(r.leaks(), sourceRoot, "")
	res := &Result{Scenario: sc.Name, File: sc.file, Seed: sc.Seed, Duration: sc.Duration.D().String(),
		Failures: r.failures, Leaks: leaks, Counters: final,
		TraceHash: fmt.Sprintf("%016x", r.engine.TraceHash())}
	sum := sha256.Sum256(r.capture.Bytes())
	res.Capture = hex.EncodeToString(sum[:])
	if runErr != nil {
		res.Error = runErr.Error()
	}
	for _, k := range r.engine.Kernels() {
		res.Notes = append(res.Notes, notes(k)...)
	}
	res.Expectations = r.evaluate(final, leaks, res.Notes)
	res.Handshakes = r.handshakeLog
	for _, k := range r.engine.Kernels() {
		for _, t := range k.Threads() {
			// The IP threads wait for work between events: that is their
			// normal state, not worth a line.
			if t.State() >= nx.TX_SUSPENDED && t.Name() != k.Name()+" ip" {
				res.Waiting = append(res.Waiting, fmt.Sprintf("device %q thread %s", k.Name(), t))
			}
		}
	}
	res.Verdict = "pass"
	if runErr != nil || len(r.failures) > 0 {
		res.Verdict = "fail"
	}
	for _, c := range res.Expectations {
		if !c.Pass {
			res.Verdict = "fail"
		}
	}
	return res
}
