package main

import (
	"bytes"
	"testing"

	"github.com/nxsim/nxsim/scenarios"
	"github.com/stretchr/testify/assert"
)

// TestFleet runs the example's scenario through the team's own command.
func TestFleet(t *testing.T) {
	var out, errs bytes.Buffer
	code := scenarios.Command([]string{"run", "--out", t.TempDir(), "fleet.yaml"}, &out, &errs)
	assert.Equal(t, 0, code, out.String()+errs.String())
	assert.Regexp(t, `sensorfleet\s+PASS\s+5/5`, out.String())
}

// TestFleetParamsChecked: the team's parameter types are decoded strictly.
func TestFleetParamsChecked(t *testing.T) {
	_, err := scenarios.Parse("f.yaml", []byte(`duration: 1s
segments: [{name: lan}]
devices:
  - {name: c, segment: lan, address: 10.0.0.1, application: {name: collector, params: {prot: 1}}}
  - {name: s, segment: lan, address: 10.0.0.2, application: {name: sensor, params: {readings: 0}}}
`))
	assert.ErrorContains(t, err, "f.yaml:4: devices[0].application.params.prot: unknown key")
	assert.ErrorContains(t, err, "f.yaml:5: devices[1].application.params: a sensor needs a collector")
}
