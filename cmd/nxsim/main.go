// Command nxsim runs emulated ThreadX / NetX Duo devices in virtual time.
//
// Usage:
//
//	nxsim demo [-devices N] [-seconds S] [-seed N] [-out DIR]
//
// demo runs ThreadX's demonstration application (examples/threadxdemo) on N
// devices for S virtual seconds, twice with the same seed, and prints what
// every device did, the engine's trace hash, and whether the two runs were
// identical. Then it runs the UDP echo example (examples/udpecho) for S
// datagrams, twice, and writes its capture to DIR/udp-echo.pcapng.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: nxsim demo [-devices N] [-seconds S] [-seed N] [-out DIR]")
		return 2
	}
	switch args[0] {
	case "demo":
		fs := flag.NewFlagSet("demo", flag.ContinueOnError)
		fs.SetOutput(stderr)
		devices := fs.Int("devices", 3, "number of emulated devices")
		seconds := fs.Int("seconds", 10, "virtual seconds to run")
		seed := fs.Uint64("seed", 1, "engine seed")
		out := fs.String("out", "out", "directory for the capture")
		if err := fs.Parse(args[1:]); err != nil {
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
	default:
		fmt.Fprintf(stderr, "nxsim: unknown command %q (commands: demo)\n", args[0])
		return 2
	}
}
