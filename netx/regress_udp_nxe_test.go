package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// TestRegressUDPNXEAPI is netx_udp_nxe_api_test.c's rows that need no
// writes to control-block fields: the parameter checks of socket create,
// bind, delete, the four send forms, free port find, the extract services
// and the socket services given a NULL or never-created socket, and the
// prepend underflow of a packet without room for the UDP header. Left out:
// the rows that unhook UDP from the instance (NX_NOT_ENABLED), corrupt a
// socket's ID or bound list, or invalidate interface 0.
func TestRegressUDPNXEAPI(t *testing.T) {
	skipWithoutErrorChecking(t)
	cfg := cConfig{payload: 256, poolBytes: 4096, udp: true, mask: 0xFFFFF000, define: func(c *cTest) {
		c.status(netx.IPv6Enable(&c.ip0), nx.NX_SUCCESS, "ipv6 enable")
	}}
	runC(t, cfg, time.Second, func(c *cTest) {
		var invalidIP netx.IP
		var socket0, socket1 netx.UDPSocket
		var free, port nx.UINT
		var n nx.ULONG
		address1 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
		address1.NxdIPAddress.V6 = [4]nx.ULONG{0x20010DB8, 0x00010001, 0x021122FF, 0xFE334499}
		badVersion := nx.NXDAddress{NxdIPVersion: 5}
		zeroV4 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
		zeroV6 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
		create := func(ip *netx.IP, s *netx.UDPSocket, tos, fragment, ttl nx.ULONG) nx.Status {
			return netx.UDPSocketCreate(ip, s, "Socket 0", tos, fragment, ttl, 5)
		}
		c.status(create(nil, &socket0, nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80), nx.NX_PTR_ERROR, "create, NULL IP")
		c.status(create(&invalidIP, &socket0, nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80), nx.NX_PTR_ERROR, "create, invalid IP")
		c.status(create(&c.ip0, nil, nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80), nx.NX_PTR_ERROR, "create, NULL socket")
		c.status(create(&c.ip0, &socket0, 0xFFFFFFFF, nx.NX_FRAGMENT_OKAY, 0x80), nx.NX_OPTION_ERROR, "create, bad type of service")
		c.status(create(&c.ip0, &socket0, nx.NX_IP_NORMAL, 11111, 0x80), nx.NX_OPTION_ERROR, "create, bad fragment option")
		c.status(create(&c.ip0, &socket0, nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0xFF000001), nx.NX_OPTION_ERROR, "create, TTL past NX_IP_TIME_TO_LIVE_MASK")
		c.status(create(&c.ip0, &socket0, nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80), nx.NX_SUCCESS, "create")
		c.status(create(&c.ip0, &socket0, nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80), nx.NX_PTR_ERROR, "create twice")
		st := netx.UDPFreePortFind(&c.ip0, 0x88, &free)
		c.check(st == nx.NX_SUCCESS && free == 0x88, "free port find: %v %#x", st, free)
		c.status(netx.UDPSocketBind(&socket0, 0x88, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_STILL_BOUND, "delete while bound")
		c.status(netx.UDPSocketBind(&socket0, 0xFFFFFFFF, nx.NX_IP_PERIODIC_RATE/10), nx.NX_INVALID_PORT, "bind port 0xFFFFFFFF")

		var pkt, freed *packetpool.Packet
		c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
		c.status(packetpool.DataAppend(pkt, []byte(tcpStandInData), &c.pool0, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "append")
		c.status(packetpool.Allocate(&c.pool0, &freed, nx.NX_UDP_PACKET, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
		c.status(packetpool.Release(freed), nx.NX_SUCCESS, "release")
		v4 := func(s *netx.UDPSocket, p *packetpool.Packet, address nx.ULONG, port nx.UINT) nx.Status {
			return netx.UDPSocketSendV4(s, p, address, port)
		}
		for _, r := range []struct {
			name string
			got  nx.Status
			want nx.Status
		}{
			{"send on a socket never created", v4(&socket1, pkt, ip1Address, 0x89), nx.NX_PTR_ERROR},
			{"nxd send, NULL socket", netx.UDPSocketSend(nil, pkt, &address1, 0x89), nx.NX_PTR_ERROR},
			{"nxd send, NULL packet", netx.UDPSocketSend(&socket0, nil, &address1, 0x89), nx.NX_PTR_ERROR},
			{"nxd send, NULL address", netx.UDPSocketSend(&socket0, pkt, nil, 0x89), nx.NX_PTR_ERROR},
			{"send, NULL packet", v4(&socket0, nil, ip1Address, 0x89), nx.NX_PTR_ERROR},
			{"send, a released packet", v4(&socket0, freed, ip1Address, 0x89), nx.NX_PTR_ERROR},
			{"send to 0.0.0.0", v4(&socket0, pkt, 0, 0x89), nx.NX_IP_ADDRESS_ERROR},
			{"source send to 0.0.0.0", netx.UDPSocketSourceSendV4(&socket0, pkt, 0, 0x89, 0), nx.NX_IP_ADDRESS_ERROR},
			{"source send, NULL socket", netx.UDPSocketSourceSendV4(nil, pkt, ip1Address, 0x89, 0), nx.NX_PTR_ERROR},
			{"nxd send, version 5", netx.UDPSocketSend(&socket0, pkt, &badVersion, 0x89), nx.NX_IP_ADDRESS_ERROR},
			{"nxd source send, version 5", netx.UDPSocketSourceSend(&socket0, pkt, &badVersion, 0x89, 0), nx.NX_IP_ADDRESS_ERROR},
			{"nxd send to 0.0.0.0", netx.UDPSocketSend(&socket0, pkt, &zeroV4, 0x89), nx.NX_IP_ADDRESS_ERROR},
			{"nxd source send, NULL packet", netx.UDPSocketSourceSend(&socket0, nil, &address1, 0x89, 0), nx.NX_PTR_ERROR},
			{"nxd source send, NULL address", netx.UDPSocketSourceSend(&socket0, pkt, nil, 0x89, 0), nx.NX_PTR_ERROR},
			{"nxd source send to 0.0.0.0, index 123", netx.UDPSocketSourceSend(&socket0, pkt, &zeroV4, 0x89, 123), nx.NX_INVALID_INTERFACE},
			{"nxd source send to 0.0.0.0", netx.UDPSocketSourceSend(&socket0, pkt, &zeroV4, 0x89, 0), nx.NX_IP_ADDRESS_ERROR},
			{"nxd send to ::", netx.UDPSocketSend(&socket0, pkt, &zeroV6, 0x89), nx.NX_IP_ADDRESS_ERROR},
			{"nxd source send to ::", netx.UDPSocketSourceSend(&socket0, pkt, &zeroV6, 0x89, 0), nx.NX_IP_ADDRESS_ERROR},
			{"nxd source send, index 123", netx.UDPSocketSourceSend(&socket0, pkt, &address1, 0x89, 123), nx.NX_INVALID_INTERFACE},
			{"source send, index past the interfaces", netx.UDPSocketSourceSendV4(&socket0, pkt, ip1Address, 0x89, nx.UINT(netx.MaxPhysicalInterfaces+1)), nx.NX_INVALID_INTERFACE},
			{"send to port 0xFFFFFFFF", v4(&socket0, pkt, ip1Address, 0xFFFFFFFF), nx.NX_INVALID_PORT},
			{"source send to port 0xFFFFFFFF", netx.UDPSocketSourceSendV4(&socket0, pkt, ip1Address, 0xFFFFFFFF, 0), nx.NX_INVALID_PORT},
			{"nxd send to port 0xFFFFFFFF", netx.UDPSocketSend(&socket0, pkt, &address1, 0xFFFFFFFF), nx.NX_INVALID_PORT},
			{"nxd source send to port 0xFFFFFFFF", netx.UDPSocketSourceSend(&socket0, pkt, &address1, 0xFFFFFFFF, 0), nx.NX_INVALID_PORT},
			{"free port find, NULL IP", netx.UDPFreePortFind(nil, 0, nil), nx.NX_PTR_ERROR},
			{"free port find, NULL result", netx.UDPFreePortFind(&c.ip0, 0, nil), nx.NX_PTR_ERROR},
			{"free port find from 0", netx.UDPFreePortFind(&c.ip0, 0, &free), nx.NX_INVALID_PORT},
			{"free port find from NX_MAX_PORT+1", netx.UDPFreePortFind(&c.ip0, nx.NX_MAX_PORT+1, &free), nx.NX_INVALID_PORT},
			{"info get, NULL IP", netx.UDPInfoGet(nil, &n, &n, &n, &n, &n, &n, &n), nx.NX_PTR_ERROR},
			{"info get, invalid IP", netx.UDPInfoGet(&invalidIP, &n, &n, &n, &n, &n, &n, &n), nx.NX_PTR_ERROR},
			{"nxd packet info extract, NULL packet", netx.UDPPacketInfoExtract(nil, &address1, nil, &port, nil), nx.NX_PTR_ERROR},
			{"packet info extract, NULL packet", netx.UDPPacketInfoExtractV4(nil, &n, nil, &port, nil), nx.NX_PTR_ERROR},
			{"nxd source extract, NULL port", netx.UDPSourceExtract(pkt, &address1, nil), nx.NX_PTR_ERROR},
			{"nxd source extract, NULL address", netx.UDPSourceExtract(pkt, nil, &port), nx.NX_PTR_ERROR},
			{"bytes available, NULL socket", netx.UDPSocketBytesAvailable(nil, &n), nx.NX_PTR_ERROR},
			{"checksum disable, NULL socket", netx.UDPSocketChecksumDisable(nil), nx.NX_PTR_ERROR},
			{"checksum disable, socket never created", netx.UDPSocketChecksumDisable(&socket1), nx.NX_PTR_ERROR},
			{"checksum enable, socket never created", netx.UDPSocketChecksumEnable(&socket1), nx.NX_PTR_ERROR},
			{"checksum enable, NULL socket", netx.UDPSocketChecksumEnable(nil), nx.NX_PTR_ERROR},
			{"delete, NULL socket", netx.UDPSocketDelete(nil), nx.NX_PTR_ERROR},
			{"socket info get, NULL socket", netx.UDPSocketInfoGet(nil, &n, &n, &n, &n, &n, &n, &n), nx.NX_PTR_ERROR},
			{"socket info get, socket never created", netx.UDPSocketInfoGet(&socket1, &n, &n, &n, &n, &n, &n, &n), nx.NX_PTR_ERROR},
			{"port get, NULL socket", netx.UDPSocketPortGet(nil, &port), nx.NX_PTR_ERROR},
			{"receive, NULL socket", netx.UDPSocketReceive(nil, &pkt, nx.NX_IP_PERIODIC_RATE/10), nx.NX_PTR_ERROR},
			{"receive notify, NULL socket", netx.UDPSocketReceiveNotify(nil, nil), nx.NX_PTR_ERROR},
			{"receive notify, no callback", netx.UDPSocketReceiveNotify(&socket0, nil), nx.NX_SUCCESS},
			{"enable again", netx.UDPEnable(&c.ip0), nx.NX_ALREADY_ENABLED},
			{"enable, NULL IP", netx.UDPEnable(nil), nx.NX_PTR_ERROR},
			{"enable, invalid IP", netx.UDPEnable(&invalidIP), nx.NX_PTR_ERROR},
		} {
			c.status(r.got, r.want, r.name)
		}
		// No room in front for the UDP header: NX_UNDERFLOW from every form.
		pkt.NxPacketPrependPtr = 4
		c.status(v4(&socket0, pkt, ip1Address, 0x89), nx.NX_UNDERFLOW, "send, underflow")
		c.status(netx.UDPSocketSourceSendV4(&socket0, pkt, ip1Address, 0x89, 0), nx.NX_UNDERFLOW, "source send, underflow")
		c.status(netx.UDPSocketSourceSend(&socket0, pkt, &address1, 0x89, 0), nx.NX_UNDERFLOW, "nxd source send, underflow")
		c.status(netx.UDPSocketSend(&socket0, pkt, &address1, 0x89), nx.NX_UNDERFLOW, "nxd send, underflow")
		pkt.NxPacketPrependPtr = nx.NX_UDP_PACKET
		c.status(packetpool.Release(pkt), nx.NX_SUCCESS, "release")
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete")
	}, nil)
}
