package scenarios

import (
	"context"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/nxsim/nxsim/nx"
)

// bridgeForever is how long a bridge without --for runs at most.
const bridgeForever = 24 * time.Hour

func (c *cli) bridge(args []string) int {
	f := c.flags("bridge")
	var seed seedFlag
	var sets listFlag
	device := f.String("device", "", "the device real peers talk to (required)")
	port := f.Uint("port", 0, "the device's UDP port real peers' datagrams go to (required)")
	listen := f.String("listen", "127.0.0.1:0", "the host UDP socket real peers send to (port 0: any free port)")
	wall := f.Duration("for", 0, "how long to run, in real time (default: until interrupted, at most 24h)")
	out := f.String("out", "out", "output folder: the scenario's folder, results.json, junit.xml")
	f.Var(&seed, "seed", "run with this seed instead of the file's own")
	f.Var(&sets, "set", "override a value of the file: PATH=VALUE (repeatable)")
	files, code := f.files(args)
	if code >= 0 {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(c.stderr, "%s bridge: %s\n", c.program, fmt.Sprintf(format, a...))
		return 2
	}
	switch {
	case len(files) != 1:
		return usageErr("one scenario file, got %d", len(files))
	case *device == "":
		return usageErr("--device NAME is required")
	case *port < 1 || *port > 65535:
		return usageErr("--port wants a UDP port from 1 to 65535, got %d", *port)
	case *wall < 0:
		return usageErr("--for wants a positive duration, got %v", *wall)
	}
	if _, err := net.ResolveUDPAddr("udp4", *listen); err != nil {
		return usageErr("--listen %q: %v", *listen, err)
	}
	if err := checkOutDir(*out); err != nil {
		return usageErr("%v", err)
	}
	sc, err := Load(files[0], sets...)
	if err != nil {
		c.printErrors(err)
		return 1
	}
	switch def := sc.device(*device); {
	case def == nil:
		return usageErr("no device %q in %s (devices: %s)", *device, files[0], strings.Join(deviceNames(sc), ", "))
	case def.group == *device:
		return usageErr("%q is a group of %d devices in %s: name one (%s)", *device, len(sc.members(*device)), files[0], strings.Join(sc.members(*device), ", "))
	}
	if sc.device(bridgeHost) != nil {
		return usageErr("%s has a device named %q, the bridge's own name", files[0], bridgeHost)
	}
	if seed.set {
		sc.Seed = seed.seed
	}
	sc.Duration = Duration(bridgeForever)
	if *wall > 0 {
		sc.Duration = Duration(*wall)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// The first Ctrl-C ends the run and writes the files; a second one, the
	// default way, ends the program.
	context.AfterFunc(ctx, stop)
	spec := &bridgeSpec{device: *device, port: nx.UINT(*port), listen: *listen, stop: ctx.Done(),
		ready: func(local *net.UDPAddr, host string) {
			fmt.Fprintf(c.stdout, "bridge: %s port %d is at %s (the bridge is %s on the device's segment); Ctrl-C ends the run\n",
				*device, *port, local, host)
			if hint := opensslHint(sc.device(*device), local); hint != "" {
				fmt.Fprintf(c.stdout, "  e.g. %s\n", hint)
			}
		}}
	dir := filepath.Join(*out, sc.Name)
	res, info, err := runWithInfo(sc, Options{Out: dir, bridge: spec})
	if err != nil {
		fmt.Fprintf(c.stderr, "%s bridge: %s: %v\n", c.program, sc.file, err)
		return 1
	}
	all, infos := &Results{Results: []*Result{res}}, &RunInfos{Runs: []*RunInfo{info}}
	if err := writeAggregate(*out, all, infos); err != nil {
		fmt.Fprintf(c.stderr, "%s bridge: %v\n", c.program, err)
		return 1
	}
	c.summary(all, infos, *out)
	if !res.Passed() {
		return 1
	}
	return 0
}

// deviceNames lists the scenario's devices, sorted.
func deviceNames(sc *Scenario) []string {
	var names []string
	for _, d := range sc.Devices {
		names = append(names, d.Name)
	}
	sort.Strings(names)
	return names
}

// opensslHint is the openssl s_client command line that talks to a
// dtls-server device through the bridge ("" for other applications). NetX
// sends no renegotiation_info, which OpenSSL 3 refuses without
// -legacy_server_connect (securedtls/interop_openssl_test.go).
func opensslHint(def *DeviceDef, local *net.UDPAddr) string {
	if def.Application == nil {
		return ""
	}
	p, ok := def.Application.decoded.(*DTLSServerParams)
	if !ok {
		return ""
	}
	cipher := "" // the scenario's own suites: OpenSSL's default list may hold one
	if len(p.Suites) == 0 {
		cipher = " -cipher PSK-AES128-CBC-SHA256" // TLS_PSK_WITH_AES_128_CBC_SHA256, the server's default
	}
	return fmt.Sprintf("openssl s_client -dtls1_2 -connect %s -psk %s -psk_identity %s%s -legacy_server_connect",
		local, hex.EncodeToString([]byte(p.PSK.Key)), p.PSK.Identity, cipher)
}
