package netx_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressIPMalformedPacket is netx_ip_malformed_packet_test.c: ip_0
// (192.168.0.170, ARP and IPv4 fragmentation enabled, a pool of 1552-byte
// payloads in 1 MiB) receives the 52 captured malformed frames of the C
// test's raw_packets table (netx_ip_malformed_packet_test.h: IPv4 packets
// of protocol 60, whole and as fragments, with bad lengths and offsets)
// one after the other through _nx_ip_packet_deferred_receive; a second
// later every packet must be back in the pool.
func TestRegressIPMalformedPacket(t *testing.T) {
	const name = "netx_ip_malformed_packet_test"
	var frames [][]byte
	for n := 3700; n <= 3753; n++ {
		// raw_packets leaves out pkt3709 (a TCP SYN) and pkt3744 (ICMP).
		if n == 3709 || n == 3744 {
			continue
		}
		frames = append(frames, capturedFrame(t, name, fmt.Sprintf("pkt%d", n)))
	}
	cfg := cConfig{payload: 1552, poolBytes: 1024 * 1024, arp: true, fragment: true,
		addresses: [2]nx.ULONG{nx.IP_ADDRESS(192, 168, 0, 170)}}
	runC(t, cfg, 5*time.Second, func(c *cTest) {
		available := c.pool0.Available()
		for _, f := range frames {
			c.deliverDeferred(&c.ip0, f)
		}
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		c.check(c.pool0.Available() == available, "%d packets available, %d before the frames", c.pool0.Available(), available)
	}, nil)
}
