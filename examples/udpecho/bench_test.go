package udpecho_test

import (
	"testing"

	"github.com/nxsim/nxsim/examples/udpecho"
)

// BenchmarkEchoRound measures one UDP round trip between two emulated
// devices over the simulated segment: allocate, send through NetX and the
// driver, the wire, the receiving interrupt and IP thread, receive, echo.
func BenchmarkEchoRound(b *testing.B) {
	res, err := udpecho.Run(1, nil, b.N)
	if err != nil {
		b.Fatal(err)
	}
	if res.Echoed != b.N {
		b.Fatalf("%d of %d echoed", res.Echoed, b.N)
	}
}
