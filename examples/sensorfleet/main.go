// Command sensorfleet is a firmware team's own nxsim: the nxsim command
// line (run, check, sweep, merge, ...) with the team's applications built
// in, so that scenario files can name them.
//
//	go run ./examples/sensorfleet run examples/sensorfleet/fleet.yaml
//
// The applications are written as the C firmware is: a tx_application_define
// that creates threads, and threads that call the NetX services; the
// scenario gives each board its pool and IP instance (scenarios.Device) and
// its parameters.
package main

import "github.com/nxsim/nxsim/scenarios"

func init() {
	scenarios.Register("sensor", SensorParams{Port: 5000, Period: scenarios.Duration(1e9), Readings: 10}, defineSensor)
	scenarios.Register("collector", CollectorParams{Port: 5000}, defineCollector)
}

func main() { scenarios.Main() }
