package udpecho_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/nxsim/nxsim/examples/udpecho"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
)

// Ten datagrams through the echo server, captured; the same seed gives the
// same capture bytes.
func Example() {
	var first, second bytes.Buffer
	res, err := udpecho.Run(1, &first, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	again, _ := udpecho.Run(1, &second, 10)
	fmt.Println("sent", res.Sent, "echoed", res.Echoed)
	fmt.Println("same trace:", res.TraceHash == again.TraceHash)
	fmt.Println("same capture:", bytes.Equal(first.Bytes(), second.Bytes()))
	// Output:
	// sent 10 echoed 10
	// same trace: true
	// same capture: true
}

// The README's example: two boards on a captured LAN.
func ExampleBoard() {
	dir, _ := os.MkdirTemp("", "nxsim")
	defer func() { _ = os.RemoveAll(dir) }()

	e := rtos.NewEngine(1)
	network := sim.NewNetwork(e)
	lan := network.Segment("lan")
	capture, _ := os.Create(filepath.Join(dir, "lan.pcapng"))
	if err := network.Capture(capture); err != nil {
		fmt.Println(err)
		return
	}
	var server, client udpecho.Board
	var echoed int
	e.AddKernel("server", server.Define(lan, udpecho.ServerAddress, udpecho.Serve))
	e.AddKernel("client", client.Define(lan, udpecho.ClientAddress, func(b *udpecho.Board) { _, echoed = udpecho.Ask(b, 10) }))
	err := e.RunFor(15 * time.Second)
	leaks := packetpool.CheckFull(e)

	e.Close()
	closeErr := capture.Close()
	info, _ := os.Stat(capture.Name())
	fmt.Println(err, leaks, closeErr, echoed, info.Size() > 1000)
	// Output: <nil> <nil> <nil> 10 true
}
