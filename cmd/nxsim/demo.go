package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nxsim/nxsim/examples/threadxdemo"
	"github.com/nxsim/nxsim/examples/udpecho"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// demoRun is the outcome of one run of the demonstration.
type demoRun struct {
	demos []*threadxdemo.Demo
	hash  uint64
}

// runDemo runs the demonstration on n devices for the given virtual time.
// Device i runs at 100·(i+1) ticks per second, so the devices differ.
func runDemo(n int, d time.Duration, seed uint64) (demoRun, error) {
	e := rtos.NewEngine(seed)
	defer e.Close()
	out := demoRun{demos: make([]*threadxdemo.Demo, n)}
	for i := range out.demos {
		out.demos[i] = new(threadxdemo.Demo)
		e.AddKernel(fmt.Sprintf("device%d", i), out.demos[i].ApplicationDefine, rtos.TicksPerSecond(uint32(100*(i+1))))
	}
	if err := e.RunFor(d); err != nil {
		return out, err
	}
	if err := demoLeaks(e); err != nil {
		return out, err
	}
	out.hash = e.TraceHash()
	return out, nil
}

func demo(w io.Writer, devices, seconds int, seed uint64) error {
	if devices < 1 || seconds < 1 {
		return fmt.Errorf("need at least one device and one second")
	}
	d := time.Duration(seconds) * time.Second
	first, err := runDemo(devices, d, seed)
	if err != nil {
		return err
	}
	second, err := runDemo(devices, d, seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "ThreadX demo: %d device(s), %v of virtual time, seed %d\n\n", devices, d, seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "device\tticks/s\tthread 0\tthreads 3+4\tthread 5\tthreads 6+7\tmessages\tstatus\t")
	for i, dm := range first.demos {
		status := "ok"
		if dm.ApplicationDefineFailure != nx.TX_SUCCESS {
			status = dm.ApplicationDefineFailure.String()
		}
		fmt.Fprintf(tw, "device%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t\n", i, 100*(i+1), dm.Thread0Counter, dm.Thread3Counter+dm.Thread4Counter,
			dm.Thread5Counter, dm.Thread6Counter+dm.Thread7Counter, dm.Thread2MessagesReceived, status)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	same := "yes"
	if first.hash != second.hash {
		same = "NO"
	}
	fmt.Fprintf(w, "\ntrace hash %016x; second run identical: %s; every packet pool full: yes\n", first.hash, same)
	if first.hash != second.hash {
		return fmt.Errorf("the two runs differ: %016x vs %016x", first.hash, second.hash)
	}
	return nil
}

// echoDemo runs the UDP echo example (examples/udpecho) twice and writes
// its capture to dir/udp-echo.pcapng.
func echoDemo(w io.Writer, dir string, rounds int, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var first, second bytes.Buffer
	res, err := udpecho.Run(seed, &first, rounds)
	if err != nil {
		return err
	}
	if _, err := udpecho.Run(seed, &second, rounds); err != nil {
		return err
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		return fmt.Errorf("the two captures differ")
	}
	file := filepath.Join(dir, "udp-echo.pcapng")
	if err := os.WriteFile(file, first.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nUDP echo over a simulated LAN: %d sent, %d echoed; capture %s (%d bytes), identical on a second run\n",
		res.Sent, res.Echoed, file, first.Len())
	return nil
}

// demoLeaks reports packets out of their pools that no thread holds: the
// packet services take CPU time, so when the run stops a thread may be
// between nx_packet_allocate and nx_packet_release with its packet.
func demoLeaks(e *rtos.Engine) error {
	var held []string
	for _, k := range e.Kernels() {
		for _, p := range packetpool.Pools(k) {
			for _, l := range p.Leaks() {
				if !strings.HasPrefix(l.Holder, "thread ") {
					held = append(held, l.String())
				}
			}
		}
	}
	if len(held) > 0 {
		return fmt.Errorf("packetpool: %d packet(s) not back in their pools:\n  %s", len(held), strings.Join(held, "\n  "))
	}
	return nil
}
