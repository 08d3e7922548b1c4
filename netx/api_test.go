package netx_test

import (
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// The signatures ../shared/API.md fixes for this package's IPv4 services:
// other code is written against them, so a change must fail to compile.
var (
	_ func(socketPtr *netx.UDPSocket, packetPtr *packetpool.Packet, ipAddress nx.ULONG, port nx.UINT) nx.Status = netx.UDPSocketSendV4
	_ func(ipPtr *netx.IP, ipAddress, physicalMSW, physicalLSW nx.ULONG) nx.Status                              = netx.ARPDynamicEntrySet
)
