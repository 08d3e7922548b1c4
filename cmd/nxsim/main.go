// Command nxsim runs emulated ThreadX / NetX Duo devices in virtual time.
//
// Usage:
//
//	nxsim run [--seed N] [--out DIR] [--verbose] [--shard I/N] [--set PATH=VALUE]... FILE...
//	nxsim check FILE...
//	nxsim sweep --param PATH=VALUES [--out DIR] [--workers N] [--metric COUNTER] FILE
//	nxsim bridge --device NAME --port P [--listen ADDR] [--for DURATION] [--out DIR] FILE
//	nxsim merge --out DIR DIR...
//	nxsim demo [-devices N] [-seconds S] [-seed N] [-out DIR]
//	nxsim version
//	nxsim help [COMMAND]
//
// run, check, sweep, bridge and merge are the scenario commands of package
// scenarios (scenarios/README.md describes the files). demo runs ThreadX's
// demonstration application (examples/threadxdemo) on N devices for S
// virtual seconds, twice with the same seed, and prints what every device
// did, the engine's trace hash, and whether the two runs were identical.
// Then it runs the UDP echo example (examples/udpecho) for S datagrams,
// twice, and writes its capture to DIR/udp-echo.pcapng.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/nxsim/nxsim/scenarios"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return scenarios.Command(args, stdout, stderr, scenarios.Cmd{
		Name:    "demo",
		Summary: "ThreadX's demo on several devices and a UDP echo, each run twice with a determinism check",
		Run:     demoCommand,
	})
}

// demoCommand is `nxsim demo`.
func demoCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
		}
	}
	devices := fs.Int("devices", 3, "number of emulated devices")
	seconds := fs.Int("seconds", 10, "virtual seconds to run")
	seed := fs.Uint64("seed", 1, "engine seed")
	out := fs.String("out", "out", "directory for the capture")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	err := demo(stdout, *devices, *seconds, *seed)
	if err == nil {
		err = echoDemo(stdout, *out, *seconds, *seed)
	}
	if err != nil {
		fmt.Fprintln(stderr, "nxsim demo:", err)
		return 1
	}
	return 0
}
