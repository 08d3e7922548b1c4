// Package scenarios turns scenario files into runs: the devices, their
// applications, the network and how it misbehaves over time, the seed, and
// what must happen — run in virtual time, with a verdict per expectation, a
// pcapng capture with the session secrets, a key log, a trace, a report, a
// ladder diagram, a Perfetto timeline, result.json (virtual-time facts and the trace hash only),
// JUnit XML and run-info.json (what depends on the machine). The same file
// and seed give the same bytes in every file but run-info.json.
//
// The pieces, in the order a run meets them:
//
//	decode.go, spec.go, load.go   the file: strict YAML with file:line:key errors, --set overrides
//	check.go, impairments.go      what the decoder cannot check; the sim stages and rules a file names
//	registry.go, device.go        applications by name (Register), the board each device gets
//	apps_udp.go, apps_dtls.go     the built-in applications
//	run.go, counters.go           one run in virtual time, and its counters
//	verdict.go, result.go         expectations checked, Result and Run
//	write.go, ladder.go, ...      the output folder: report, JUnit, ladder.svg, timeline.json
//	capture_read.go               the capture read back (interfaces, packets, arrivals)
//	cli*.go, plot.go              the command line (Command, Main): run, check, sweep, merge
//
// scenarios/README.md documents the file format with an example per
// feature; scenario.schema.json is its JSON Schema, generated from the
// types in spec.go.
package scenarios
