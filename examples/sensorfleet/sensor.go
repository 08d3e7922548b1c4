package main

import (
	"encoding/binary"
	"fmt"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/scenarios"
)

// SensorParams are a sensor's parameters in a scenario file.
type SensorParams struct {
	Collector string             `yaml:"collector"` // the collector's device name
	Port      uint16             `yaml:"port"`
	Period    scenarios.Duration `yaml:"period"`
	Readings  int                `yaml:"readings"`
}

// Check refuses a sensor without a collector.
func (p *SensorParams) Check(*scenarios.Scenario) error {
	if p.Collector == "" || p.Readings < 1 {
		return fmt.Errorf("a sensor needs a collector and at least one reading")
	}
	return nil
}

// reading is the datagram a sensor sends: sequence number and value, big
// endian, as the C firmware packs its struct.
const readingSize = 8

// sensor is one board's application state (its C globals).
type sensor struct {
	thread rtos.Thread
	socket netx.UDPSocket
}

// defineSensor is the sensor's tx_application_define.
func defineSensor(d *scenarios.Device, p *SensorParams) {
	s := new(sensor)
	period := d.Ticks(p.Period)
	collector, _ := d.AddressOf(p.Collector)
	rtos.ThreadCreate(&s.thread, "sensor", func(nx.ULONG) {
		netx.UDPSocketCreate(&d.IP, &s.socket, "sensor", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 4)
		netx.UDPSocketBind(&s.socket, nx.NX_ANY_PORT, nx.NX_WAIT_FOREVER)
		var msg [readingSize]byte
		for seq := 0; seq < p.Readings; seq++ {
			binary.BigEndian.PutUint32(msg[0:], uint32(seq))
			binary.BigEndian.PutUint32(msg[4:], d.Stream().Uint32N(1000)) // the ADC
			var pkt *packetpool.Packet
			d.Status("nx_packet_allocate", packetpool.Allocate(&d.Pool, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER))
			packetpool.DataAppend(pkt, msg[:], &d.Pool, nx.NX_WAIT_FOREVER)
			to := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
			to.NxdIPAddress.V4 = collector
			if d.Status("nx_udp_socket_send", netx.UDPSocketSend(&s.socket, pkt, to, nx.UINT(p.Port))) != nx.NX_SUCCESS {
				packetpool.Release(pkt)
			} else {
				d.Count("readings_sent", 1)
			}
			rtos.ThreadSleep(period)
		}
	}, 0, d.Take(2048), 8, 8, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
}
