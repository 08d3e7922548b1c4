package main

import (
	"encoding/binary"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/scenarios"
)

// CollectorParams are the collector's parameters in a scenario file.
type CollectorParams struct {
	Port uint16 `yaml:"port"`
}

// collector receives readings and counts those that arrive, the gaps in
// each sensor's sequence numbers (readings lost on the way), and datagrams
// that are not readings.
type collector struct {
	thread rtos.Thread
	socket netx.UDPSocket
	next   map[nx.ULONG]uint32 // next expected sequence number by sensor address
}

// defineCollector is the collector's tx_application_define.
func defineCollector(d *scenarios.Device, p *CollectorParams) {
	c := &collector{next: map[nx.ULONG]uint32{}}
	rtos.ThreadCreate(&c.thread, "collector", func(nx.ULONG) {
		netx.UDPSocketCreate(&d.IP, &c.socket, "collector", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 16)
		d.Status("nx_udp_socket_bind", netx.UDPSocketBind(&c.socket, nx.UINT(p.Port), nx.NX_WAIT_FOREVER))
		for {
			var pkt *packetpool.Packet
			if netx.UDPSocketReceive(&c.socket, &pkt, nx.NX_WAIT_FOREVER) != nx.NX_SUCCESS {
				continue
			}
			c.take(d, pkt)
			packetpool.Release(pkt)
		}
	}, 0, d.Take(2048), 6, 6, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
}

// take accounts for one received datagram.
func (c *collector) take(d *scenarios.Device, pkt *packetpool.Packet) {
	var msg [readingSize]byte
	var n nx.ULONG
	packetpool.DataRetrieve(pkt, msg[:], &n)
	if n != readingSize {
		d.Count("not_readings", 1)
		return
	}
	var from nx.NXDAddress
	var port nx.UINT
	netx.UDPSourceExtract(pkt, &from, &port)
	seq := binary.BigEndian.Uint32(msg[:])
	if want := c.next[from.NxdIPAddress.V4]; seq > want {
		d.Count("readings_missed", uint64(seq-want))
	}
	c.next[from.NxdIPAddress.V4] = seq + 1
	d.Count("readings", 1)
}
