package netx_test

import (
	"testing"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/rtos/rtostest"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stack is one device's pool and IP instance on a fresh segment, set up in
// tx_application_define (for status tables run with rtostest.InContext).
type stack struct {
	pool packetpool.Pool
	ip   netx.IP
	arp  [520]byte
	sock netx.UDPSocket
}

// setup creates the pool and instance; with udp, UDP is enabled and the
// socket created; with bind, bound to port 7000 as well (a bind needs a
// thread, so bound sockets are for thread contexts only).
func (s *stack) setup(t *testing.T, udp bool) func() {
	return func() {
		*s = stack{}
		_, k := rtos.CurrentContext()
		lan := sim.NewNetwork(k.Engine()).Segment("lan")
		require.Equal(t, nx.NX_SUCCESS, packetpool.PoolCreate(&s.pool, "pool", 1536, make([]byte, 8*1600)))
		require.Equal(t, nx.NX_SUCCESS, netx.IPCreate(&s.ip, "ip", addrA, 0xFFFFFF00, &s.pool, lan.Driver, make([]byte, 1024), 3))
		require.Equal(t, nx.NX_SUCCESS, netx.ARPEnable(&s.ip, s.arp[:]))
		if udp {
			require.Equal(t, nx.NX_SUCCESS, netx.UDPEnable(&s.ip))
			require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketCreate(&s.ip, &s.sock, "s", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 4))
		}
	}
}

// udpPacket allocates a packet with a few bytes of data from the stack's pool.
func (s *stack) udpPacket(t *testing.T, packetType nx.ULONG) *packetpool.Packet {
	var pkt *packetpool.Packet
	require.Equal(t, nx.NX_SUCCESS, packetpool.Allocate(&s.pool, &pkt, packetType, nx.NX_NO_WAIT))
	require.Equal(t, nx.NX_SUCCESS, packetpool.DataAppend(pkt, []byte("data"), &s.pool, nx.NX_NO_WAIT))
	return pkt
}

type row struct {
	name    string
	checked bool
	ctx     rtos.Context
	udp     bool
	call    func(t *testing.T, s *stack) nx.Status
	want    nx.Status
}

func runRows(t *testing.T, rows []row) {
	var cases []rtostest.StatusCase
	for _, r := range rows {
		r := r
		var s stack
		cases = append(cases, rtostest.StatusCase{Name: r.name, Checked: r.checked, Want: r.want,
			Call: func(t *testing.T) nx.Status {
				return rtostest.InContext(t, r.ctx, s.setup(t, r.udp), func() nx.Status { return r.call(t, &s) })
			}})
	}
	rtostest.RunStatusTable(t, errorChecking, cases)
}

var errorChecking = netx.ErrorChecking

const (
	thread = rtos.ContextThread
	initc  = rtos.ContextInit
	timer  = rtos.ContextTimer
	isr    = rtos.ContextISR
)

func bind(t *testing.T, s *stack, port nx.UINT) {
	require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketBind(&s.sock, port, nx.NX_NO_WAIT))
}

func TestUDPEnableCreateDeleteStatus(t *testing.T) {
	runRows(t, []row{
		{"enable", false, initc, false, func(t *testing.T, s *stack) nx.Status { return netx.UDPEnable(&s.ip) }, nx.NX_SUCCESS},
		{"enable from a timer", false, timer, false, func(t *testing.T, s *stack) nx.Status { return netx.UDPEnable(&s.ip) }, nx.NX_SUCCESS},
		{"enable twice", true, thread, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPEnable(&s.ip) }, nx.NX_ALREADY_ENABLED},
		{"enable nil", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.UDPEnable(nil) }, nx.NX_PTR_ERROR},
		{"enable from an ISR", true, isr, false, func(t *testing.T, s *stack) nx.Status { return netx.UDPEnable(&s.ip) }, nx.NX_CALLER_ERROR},
		{"create", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			return netx.UDPSocketCreate(&s.ip, &netx.UDPSocket{}, "x", nx.NX_IP_NORMAL, nx.NX_DONT_FRAGMENT, 64, 1)
		}, nx.NX_SUCCESS},
		{"create before enable", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.UDPSocketCreate(&s.ip, &netx.UDPSocket{}, "x", 0, 0, 64, 1)
		}, nx.NX_NOT_ENABLED},
		{"create twice", true, thread, true, func(t *testing.T, s *stack) nx.Status {
			return netx.UDPSocketCreate(&s.ip, &s.sock, "x", 0, 0, 64, 1)
		}, nx.NX_PTR_ERROR},
		{"create with a bad fragment option", true, thread, true, func(t *testing.T, s *stack) nx.Status {
			return netx.UDPSocketCreate(&s.ip, &netx.UDPSocket{}, "x", 0, 1, 64, 1)
		}, nx.NX_OPTION_ERROR},
		{"create with TOS outside the mask", true, thread, true, func(t *testing.T, s *stack) nx.Status {
			return netx.UDPSocketCreate(&s.ip, &netx.UDPSocket{}, "x", 1, 0, 64, 1)
		}, nx.NX_OPTION_ERROR},
		{"create from a timer", true, timer, true, func(t *testing.T, s *stack) nx.Status {
			return netx.UDPSocketCreate(&s.ip, &netx.UDPSocket{}, "x", 0, 0, 64, 1)
		}, nx.NX_CALLER_ERROR},
		{"delete", false, thread, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPSocketDelete(&s.sock) }, nx.NX_SUCCESS},
		{"delete a bound socket", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			return netx.UDPSocketDelete(&s.sock)
		}, nx.NX_STILL_BOUND},
		{"delete in initialization", true, initc, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPSocketDelete(&s.sock) }, nx.NX_CALLER_ERROR},
		{"delete nil", true, thread, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPSocketDelete(nil) }, nx.NX_PTR_ERROR},
	})
}

func TestUDPBindUnbindStatus(t *testing.T) {
	runRows(t, []row{
		{"bind", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			st := netx.UDPSocketBind(&s.sock, 7000, nx.NX_NO_WAIT)
			netx.UDPSocketUnbind(&s.sock)
			return st
		}, nx.NX_SUCCESS},
		{"bind twice", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			return netx.UDPSocketBind(&s.sock, 7001, nx.NX_NO_WAIT)
		}, nx.NX_ALREADY_BOUND},
		{"bind a taken port without waiting", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			var other netx.UDPSocket
			netx.UDPSocketCreate(&s.ip, &other, "o", 0, 0, 64, 1)
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			return netx.UDPSocketBind(&other, 7000, nx.NX_NO_WAIT)
		}, nx.NX_PORT_UNAVAILABLE},
		{"bind a taken port, wait times out", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			var other netx.UDPSocket
			netx.UDPSocketCreate(&s.ip, &other, "o", 0, 0, 64, 1)
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			return netx.UDPSocketBind(&other, 7000, 5)
		}, nx.NX_PORT_UNAVAILABLE},
		{"bind port 0x10000", true, thread, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPSocketBind(&s.sock, 0x10000, 0) }, nx.NX_INVALID_PORT},
		{"bind before enable", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			var x netx.UDPSocket
			return netx.UDPSocketBind(&x, 1, 0)
		}, nx.NX_PTR_ERROR},
		{"bind from a timer", true, timer, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPSocketBind(&s.sock, 7000, 0) }, nx.NX_CALLER_ERROR},
		{"bind in initialization", true, initc, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPSocketBind(&s.sock, 7000, 0) }, nx.NX_CALLER_ERROR},
		{"unbind", false, thread, true, func(t *testing.T, s *stack) nx.Status { bind(t, s, 7000); return netx.UDPSocketUnbind(&s.sock) }, nx.NX_SUCCESS},
		{"unbind an unbound socket", false, thread, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPSocketUnbind(&s.sock) }, nx.NX_NOT_BOUND},
		{"unbind from an ISR", true, isr, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPSocketUnbind(&s.sock) }, nx.NX_CALLER_ERROR},
		{"port get", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			var p nx.UINT
			st := netx.UDPSocketPortGet(&s.sock, &p)
			assert.Equal(t, nx.UINT(7000), p)
			return st
		}, nx.NX_SUCCESS},
		{"port get unbound", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			var p nx.UINT
			return netx.UDPSocketPortGet(&s.sock, &p)
		}, nx.NX_NOT_BOUND},
		{"port get into nil", true, thread, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPSocketPortGet(&s.sock, nil) }, nx.NX_PTR_ERROR},
		{"checksum disable", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			return netx.UDPSocketChecksumDisable(&s.sock)
		}, nx.NX_SUCCESS},
		{"bytes available", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			var n nx.ULONG
			return netx.UDPSocketBytesAvailable(&s.sock, &n)
		}, nx.NX_SUCCESS},
		{"checksum disable unbound", false, thread, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPSocketChecksumDisable(&s.sock) }, nx.NX_NOT_BOUND},
		{"checksum enable from an ISR", true, isr, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPSocketChecksumEnable(&s.sock) }, nx.NX_CALLER_ERROR},
		{"bytes available unbound", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			var n nx.ULONG
			return netx.UDPSocketBytesAvailable(&s.sock, &n)
		}, nx.NX_NOT_SUCCESSFUL},
		{"info get", false, timer, true, func(t *testing.T, s *stack) nx.Status {
			return netx.UDPSocketInfoGet(&s.sock, nil, nil, nil, nil, nil, nil, nil)
		}, nx.NX_SUCCESS},
		{"info get from an ISR", true, isr, true, func(t *testing.T, s *stack) nx.Status {
			return netx.UDPSocketInfoGet(&s.sock, nil, nil, nil, nil, nil, nil, nil)
		}, nx.NX_CALLER_ERROR},
		{"receive notify from an ISR", false, isr, true, func(t *testing.T, s *stack) nx.Status {
			return netx.UDPSocketReceiveNotify(&s.sock, nil)
		}, nx.NX_SUCCESS},
		{"receive notify nil", true, isr, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPSocketReceiveNotify(nil, nil) }, nx.NX_PTR_ERROR},
		{"free port find", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			bind(t, s, 0xC000)
			defer netx.UDPSocketUnbind(&s.sock)
			var p nx.UINT
			st := netx.UDPFreePortFind(&s.ip, 0xC000, &p)
			assert.Equal(t, nx.UINT(0xC001), p)
			return st
		}, nx.NX_SUCCESS},
		{"free port find port 0", true, thread, true, func(t *testing.T, s *stack) nx.Status {
			var p nx.UINT
			return netx.UDPFreePortFind(&s.ip, 0, &p)
		}, nx.NX_INVALID_PORT},
	})
}

func TestUDPSendStatusAndOwnership(t *testing.T) {
	// sendAndKeep sends and, on failure, checks that the packet is still the
	// caller's and untouched, then releases it.
	sendAndKeep := func(t *testing.T, s *stack, pkt *packetpool.Packet, to *nx.NXDAddress, port nx.UINT) nx.Status {
		prepend, length := pkt.NxPacketPrependPtr, pkt.NxPacketLength
		st := netx.UDPSocketSend(&s.sock, pkt, to, port)
		if st != nx.NX_SUCCESS {
			assert.True(t, packetpool.Allocated(pkt), "a failed send leaves the packet with the caller")
			assert.Equal(t, prepend, pkt.NxPacketPrependPtr, "unmodified")
			assert.Equal(t, length, pkt.NxPacketLength, "unmodified")
			assert.Equal(t, nx.NX_SUCCESS, packetpool.Release(pkt))
		}
		return st
	}
	runRows(t, []row{
		{"send: the packet is NetX's afterwards", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			var pkt *packetpool.Packet
			free := s.pool.Available()
			pkt = s.udpPacket(t, nx.NX_UDP_PACKET)
			st := netx.UDPSocketSend(&s.sock, pkt, v4(addrB), 7001)
			// Nobody answers ARP here: the datagram waits inside NetX (the
			// ARP request went on the wire and its packet came back).
			assert.Equal(t, free-1, s.pool.Available())
			return st
		}, nx.NX_SUCCESS},
		{"send unbound", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			return sendAndKeep(t, s, s.udpPacket(t, nx.NX_UDP_PACKET), v4(addrB), 7001)
		}, nx.NX_NOT_BOUND},
		{"send off every subnet, no gateway", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			return sendAndKeep(t, s, s.udpPacket(t, nx.NX_UDP_PACKET), v4(nx.IP_ADDRESS(10, 0, 0, 1)), 7001)
		}, nx.NX_IP_ADDRESS_ERROR},
		{"send IPv6 without a source address", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			to := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
			to.NxdIPAddress.V6 = [4]nx.ULONG{0x20010DB8, 0, 0, 2}
			return sendAndKeep(t, s, s.udpPacket(t, nx.NX_UDP_PACKET), to, 7001)
		}, nx.NX_NO_INTERFACE_ADDRESS},
		{"send a released packet", true, thread, true, func(t *testing.T, s *stack) nx.Status {
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			pkt := s.udpPacket(t, nx.NX_UDP_PACKET)
			packetpool.Release(pkt)
			return netx.UDPSocketSend(&s.sock, pkt, v4(addrB), 7001)
		}, nx.NX_PTR_ERROR},
		{"send to address 0", true, thread, true, func(t *testing.T, s *stack) nx.Status {
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			return sendAndKeep(t, s, s.udpPacket(t, nx.NX_UDP_PACKET), v4(0), 7001)
		}, nx.NX_IP_ADDRESS_ERROR},
		{"send to version 5", true, thread, true, func(t *testing.T, s *stack) nx.Status {
			return sendAndKeep(t, s, s.udpPacket(t, nx.NX_UDP_PACKET), &nx.NXDAddress{NxdIPVersion: 5}, 7001)
		}, nx.NX_IP_ADDRESS_ERROR},
		{"send to port 0x10000", true, thread, true, func(t *testing.T, s *stack) nx.Status {
			return sendAndKeep(t, s, s.udpPacket(t, nx.NX_UDP_PACKET), v4(addrB), 0x10000)
		}, nx.NX_INVALID_PORT},
		{"send without room for the headers", true, thread, true, func(t *testing.T, s *stack) nx.Status {
			return sendAndKeep(t, s, s.udpPacket(t, nx.NX_RECEIVE_PACKET), v4(addrB), 7001)
		}, nx.NX_UNDERFLOW},
		{"send past the data end", true, thread, true, func(t *testing.T, s *stack) nx.Status {
			pkt := s.udpPacket(t, nx.NX_UDP_PACKET)
			pkt.NxPacketAppendPtr = len(pkt.NxPacketDataStart) + 1
			st := netx.UDPSocketSend(&s.sock, pkt, v4(addrB), 7001)
			pkt.NxPacketAppendPtr = nx.NX_UDP_PACKET
			packetpool.Release(pkt)
			return st
		}, nx.NX_OVERFLOW},
		{"send nil packet", true, thread, true, func(t *testing.T, s *stack) nx.Status {
			return netx.UDPSocketSend(&s.sock, nil, v4(addrB), 7001)
		}, nx.NX_PTR_ERROR},
		{"send from a timer", true, timer, true, func(t *testing.T, s *stack) nx.Status {
			return sendAndKeep(t, s, s.udpPacket(t, nx.NX_UDP_PACKET), v4(addrB), 7001)
		}, nx.NX_CALLER_ERROR},
		{"send before enable", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			var x netx.UDPSocket
			pkt := s.udpPacket(t, nx.NX_UDP_PACKET)
			defer packetpool.Release(pkt)
			return netx.UDPSocketSend(&x, pkt, v4(addrB), 7001)
		}, nx.NX_PTR_ERROR},
	})
}

func TestUDPReceiveStatus(t *testing.T) {
	runRows(t, []row{
		{"receive nothing, no wait", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			var pkt *packetpool.Packet
			return netx.UDPSocketReceive(&s.sock, &pkt, nx.NX_NO_WAIT)
		}, nx.NX_NO_PACKET},
		{"receive times out", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			bind(t, s, 7000)
			defer netx.UDPSocketUnbind(&s.sock)
			var pkt *packetpool.Packet
			start := rtos.TimeGet()
			st := netx.UDPSocketReceive(&s.sock, &pkt, 7)
			assert.Equal(t, nx.ULONG(7), rtos.TimeGet()-start)
			return st
		}, nx.NX_NO_PACKET},
		{"receive unbound", false, thread, true, func(t *testing.T, s *stack) nx.Status {
			var pkt *packetpool.Packet
			return netx.UDPSocketReceive(&s.sock, &pkt, 5)
		}, nx.NX_NOT_BOUND},
		{"receive from a timer", true, timer, true, func(t *testing.T, s *stack) nx.Status {
			var pkt *packetpool.Packet
			return netx.UDPSocketReceive(&s.sock, &pkt, 0)
		}, nx.NX_CALLER_ERROR},
		{"receive into nil", true, thread, true, func(t *testing.T, s *stack) nx.Status { return netx.UDPSocketReceive(&s.sock, nil, 0) }, nx.NX_PTR_ERROR},
		{"source extract into nil", true, thread, true, func(t *testing.T, s *stack) nx.Status {
			pkt := s.udpPacket(t, nx.NX_UDP_PACKET)
			defer packetpool.Release(pkt)
			var p nx.UINT
			return netx.UDPSourceExtract(pkt, nil, &p)
		}, nx.NX_PTR_ERROR},
		{"source extract from a timer", true, timer, true, func(t *testing.T, s *stack) nx.Status {
			pkt := s.udpPacket(t, nx.NX_UDP_PACKET)
			defer packetpool.Release(pkt)
			var a nx.NXDAddress
			var p nx.UINT
			return netx.UDPSourceExtract(pkt, &a, &p)
		}, nx.NX_CALLER_ERROR},
		{"source extract without an IP header", true, thread, true, func(t *testing.T, s *stack) nx.Status {
			pkt := s.udpPacket(t, nx.NX_RECEIVE_PACKET)
			defer packetpool.Release(pkt)
			var a nx.NXDAddress
			var p nx.UINT
			return netx.UDPSourceExtract(pkt, &a, &p)
		}, nx.NX_INVALID_PACKET},
	})
}
