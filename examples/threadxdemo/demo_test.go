package threadxdemo_test

import (
	"fmt"
	"time"

	"github.com/nxsim/nxsim/examples/threadxdemo"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// Ten virtual seconds of the ThreadX demonstration on one device: thread 0
// wakes every 10 ticks, threads 1 and 2 stream messages through a 100-slot
// queue at a millisecond of CPU per message each, threads 3/4 and 6/7 take
// turns every 2 ticks.
func Example() {
	e := rtos.NewEngine(1)
	defer e.Close()
	var demo threadxdemo.Demo
	e.AddKernel("board", demo.ApplicationDefine)
	if err := e.RunFor(10 * time.Second); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("thread 0 rounds:", demo.Counter[0])
	fmt.Println("thread 5 rounds:", demo.Counter[5])
	fmt.Println("threads 3+4 rounds:", demo.Counter[3]+demo.Counter[4])
	fmt.Println("threads 6+7 rounds:", demo.Counter[6]+demo.Counter[7])
	fmt.Println("messages sent, received:", demo.MessagesSent, demo.MessagesRecv)
	fmt.Println("packets traded:", demo.PacketsTraded)
	fmt.Println("unexpected status:", demo.UnexpectedError)
	fmt.Println("pools full:", packetpool.CheckFull(e) == nil)
	// Output:
	// thread 0 rounds: 101
	// thread 5 rounds: 101
	// threads 3+4 rounds: 502
	// threads 6+7 rounds: 502
	// messages sent, received: 5000 4999
	// packets traded: 4999
	// unexpected status: NX_SECURE_TLS_SUCCESS/NX_SECURE_X509_SUCCESS/NX_SUCCESS/TX_SUCCESS (0x00)
	// pools full: true
}
