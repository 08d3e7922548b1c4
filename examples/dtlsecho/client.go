package dtlsecho

import (
	"fmt"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/securedtls"
)

// The client example's globals.
var (
	clientDTLSSession securedtls.Session
	cryptoMetadata    [16000]byte // FIX: the example's 9000 bytes are below NetX's 11036 (0x4D)
	clientPacketBuf   [4000]byte
)

// Client is the client example (nx_secure_dtls_client_session_start) with
// the documentation's bugs fixed; it appends what it prints to log.
func Client(b *Board, log *[]string) {
	printf := func(format string, args ...any) { *log = append(*log, fmt.Sprintf(format, args...)) }
	status := securedtls.SessionCreate(&clientDTLSSession, securedtls.CryptoTLSCiphers, cryptoMetadata[:], clientPacketBuf[:], 0, nil)
	if status != nx.NX_SUCCESS {
		printf("Error in function nx_secure_dtls_session_create: 0x%x", uint32(status))
	}
	// PSK: trusted certificate in the C example.
	securedtls.PSKAdd(&clientDTLSSession, PSK, PSKIdentity, PSKHint)

	// FIX: the example uses udp_socket without creating or binding it; NetX
	// needs both (an unbound socket fails the first send with 0x109).
	netx.UDPSocketCreate(&b.IP, &b.Socket, "client", nx.NX_IP_NORMAL, nx.NX_DONT_FRAGMENT, nx.NX_IP_TIME_TO_LIVE, 8)
	netx.UDPSocketBind(&b.Socket, nx.NX_ANY_PORT, nx.NX_WAIT_FOREVER)

	serverIP := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
	serverIP.NxdIPAddress.V4 = ServerAddress
	// FIX: the example waits NX_IP_PERIODIC_RATE, and the server example
	// polls its connect flag once a second: the handshake cannot finish in
	// one second and the start returns NX_NO_PACKET.
	status = securedtls.ClientSessionStart(&clientDTLSSession, &b.Socket, &serverIP, LocalServerPort, 5*nx.NX_IP_PERIODIC_RATE)
	printf("client_session_start: 0x%02X", uint32(status))
	if status != nx.NX_SUCCESS {
		// FIX: the example returns here and leaves the session and socket
		// (with whatever the server still sends queued on it).
		securedtls.SessionDelete(&clientDTLSSession)
		netx.UDPSocketUnbind(&b.Socket)
		netx.UDPSocketDelete(&b.Socket)
		return
	}
	// FIX: the example passes &send_packet and never allocates it.
	var sendPacket *packetpool.Packet
	securedtls.PacketAllocate(&clientDTLSSession, &b.Pool, &sendPacket, nx.NX_WAIT_FOREVER)
	packetpool.DataAppend(sendPacket, []byte("hello from the client"), &b.Pool, nx.NX_WAIT_FOREVER)
	status = securedtls.SessionSend(&clientDTLSSession, sendPacket, &serverIP, LocalServerPort)
	printf("session_send: 0x%02X", uint32(status))
	if status != nx.NX_SUCCESS {
		packetpool.Release(sendPacket) // FIX: a failed send leaves the packet with the caller
	}
	var receivePacket *packetpool.Packet
	// FIX: the server example polls its receive flag once a second, so a
	// one-second wait for its answer (and for its close_notify) races it.
	status = securedtls.SessionReceive(&clientDTLSSession, &receivePacket, 5*nx.NX_IP_PERIODIC_RATE)
	if status == nx.NX_SUCCESS {
		printf("session_receive: %q", receivePacket.Data())
		packetpool.Release(receivePacket) // FIX: the example never releases it
	} else {
		printf("session_receive: 0x%02X", uint32(status))
	}
	printf("session_end: 0x%02X", uint32(securedtls.SessionEnd(&clientDTLSSession, 5*nx.NX_IP_PERIODIC_RATE)))
	printf("session_delete: 0x%02X", uint32(securedtls.SessionDelete(&clientDTLSSession)))
	netx.UDPSocketUnbind(&b.Socket)
	netx.UDPSocketDelete(&b.Socket)
	printf("done")
}
