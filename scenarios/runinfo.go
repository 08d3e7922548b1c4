package scenarios

import (
	"os"
	"runtime"
	"runtime/debug"
	"time"
)

// RunInfo is run-info.json: what depends on the machine and the moment,
// kept out of result.json so that two runs can be compared byte for byte.
// This is the one file of the package that reads the wall clock: the run
// itself is in virtual time.
type RunInfo struct {
	Scenario    string  `json:"scenario"`
	Started     string  `json:"started"` // RFC 3339, UTC
	WallSeconds float64 `json:"wall_seconds"`
	Host        string  `json:"host"`
	GOOS        string  `json:"goos"`
	GOARCH      string  `json:"goarch"`
	GoVersion   string  `json:"go_version"`
	Version     string  `json:"nxsim_version"`

	start time.Time
}

func startRunInfo() *RunInfo {
	host, _ := os.Hostname()
	now := time.Now() //nolint:forbidigo // run-info records the wall clock; the run itself is in virtual time
	return &RunInfo{Started: now.UTC().Format(time.RFC3339), Host: host, GOOS: runtime.GOOS, GOARCH: runtime.GOARCH,
		GoVersion: runtime.Version(), Version: Version(), start: now}
}

func (i *RunInfo) elapsed() time.Duration {
	return time.Since(i.start) //nolint:forbidigo // wall time of the run, for run-info and progress only
}

func (i *RunInfo) finish(res *Result) {
	i.Scenario = res.Scenario
	i.WallSeconds = i.elapsed().Seconds()
}

// Version returns nxsim's module version (the VCS revision when built from
// a checkout), as `nxsim version` prints it.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && (v == "" || v == "(devel)") {
			v = s.Value
		}
	}
	if v == "" {
		v = "(devel)"
	}
	return v
}
