package dtlsecho_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/nxsim/nxsim/examples/dtlsecho"
)

// The fixed server and the client: one record each way, the session closed
// on both sides, every packet back in its pool.
func Example() {
	res, err := dtlsecho.Run(1, false, 30*time.Second, nil)
	if err != nil {
		fmt.Println(err)
	}
	for _, l := range res.ClientLog {
		fmt.Println(l)
	}
	printLeaks(res.Leaks)
	// Output:
	// client_session_start: 0x00
	// session_send: 0x00
	// session_receive: "echo: hello from the client"
	// session_end: 0x00
	// session_delete: 0x00
	// done
	// leaks: none
}

// The server example as printed: its flags stay set, so it calls
// server_session_start again and again (0x43) and answers every second with
// an empty record, which restarts the client's session_receive wait — the
// client never gets past it — and the packet it received is never released.
func Example_literal() {
	res, err := dtlsecho.Run(1, true, 30*time.Second, nil)
	if err != nil {
		fmt.Println(err)
	}
	for _, l := range res.ClientLog {
		fmt.Println(l)
	}
	for _, n := range res.Notes {
		fmt.Println(n)
	}
	printLeaks(res.Leaks)
	// Output:
	// client_session_start: 0x00
	// session_send: 0x00
	// server: nx_secure_dtls_session_receive: documented: waits at most wait_option for data; NetX 6.4.2: every datagram that carries no application data (an empty record, a duplicate, a handshake retransmission) restarts the full wait_option
	// server: nx_secure_dtls_server_session_start: documented: starts the DTLS session of a new connection; NetX 6.4.2: on a session whose handshake already finished it returns NX_NOT_SUCCESSFUL (0x43) at once and does nothing
	// client: nx_secure_dtls_session_receive: documented: waits at most wait_option for data; NetX 6.4.2: every datagram that carries no application data (an empty record, a duplicate, a handshake retransmission) restarts the full wait_option
	// leaks: packetpool: 1 packet(s) not back in their pools:
}

// printLeaks prints the first line of the leak report (the rest names
// source paths).
func printLeaks(err error) {
	if err == nil {
		fmt.Println("leaks: none")
		return
	}
	fmt.Println("leaks:", strings.SplitN(err.Error(), "\n", 2)[0])
}
