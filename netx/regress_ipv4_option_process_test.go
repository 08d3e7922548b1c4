package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// TestRegressIPv4OptionProcess is netx_ipv4_option_process_test.c: ip_0's
// echo requests to ip_1 (ICMP on both) carry the options the C hook
// inserts. A no-op and an end option are skipped and the ping answered;
// two timestamps, and timestamps of illegal length, pointer, overflow or
// flags, are dropped by _nx_ipv4_option_process with a parameter problem;
// a stream identifier of length 0 or 5 (past the 4 octets of options) is
// dropped silently. Beyond the C test's ping status checks, the port
// checks ip_1's ICMP errors sent and receive drops.
func TestRegressIPv4OptionProcess(t *testing.T) {
	timestamp12 := func(pointer, overflowFlags byte) []byte { return timestamp(12, pointer, overflowFlags) }
	steps := []struct {
		name    string
		options []byte
		problem bool // a parameter problem is sent; false with a drop: silent
	}{
		{"no-op and end", []byte{1, 0, 0, 0}, false},
		{"two timestamps", append(timestamp12(5, 0), timestamp12(5, 0)...), true},
		{"timestamp length 7", badTimestamp, true},
		{"timestamp pointer 4", timestamp12(4, 0), true},
		{"timestamp overflow 15", timestamp12(5, 0xF0), true},
		{"timestamp flags 5", timestamp12(5, 5), true},
		{"stream identifier length 0", []byte{136, 0, 0, 0}, false},
		{"stream identifier length 5", []byte{136, 5, 0, 0}, false},
	}
	hook := &optionsHook{edit: func(n int, _ *cTest, _ []byte) []byte { return steps[n-1].options }}
	cfg := cConfig{payload: 256, poolBytes: 2048, twoIPs: true, arp: true, hook: hook.process,
		define: func(c *cTest) {
			c.status(netx.ICMPEnableV4(&c.ip0), nx.NX_SUCCESS, "icmp enable ip_0")
			c.status(netx.ICMPEnableV4(&c.ip1), nx.NX_SUCCESS, "icmp enable ip_1")
		}}
	runC(t, cfg, 30*time.Second, func(c *cTest) {
		for i, step := range steps {
			errors, dropped := c.ip1.Stats.ICMP.ErrorsSent, c.ip1.Stats.ReceivePacketsDropped
			var resp *packetpool.Packet
			st := netx.ICMPPingV4(&c.ip0, ip1Address, append([]byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), 0, 0), &resp, nx.NX_IP_PERIODIC_RATE)
			if i == 0 {
				c.status(st, nx.NX_SUCCESS, step.name)
				if resp != nil {
					packetpool.Release(resp)
				}
				c.check(c.ip1.Stats.ReceivePacketsDropped == dropped, "%s: ip_1 dropped the request", step.name)
				continue
			}
			c.check(st == nx.NX_NO_RESPONSE && resp == nil, "%s: ping %v, want NX_NO_RESPONSE", step.name, st)
			c.check(c.ip1.Stats.ReceivePacketsDropped == dropped+1, "%s: ip_1 did not drop the request", step.name)
			var sent nx.ULONG
			if step.problem {
				sent = 1
			}
			c.check(c.ip1.Stats.ICMP.ErrorsSent == errors+sent, "%s: ip_1 sent %d ICMP errors, want %d", step.name, c.ip1.Stats.ICMP.ErrorsSent-errors, sent)
		}
		c.check(hook.ip0 == len(steps), "ip_0 sent %d ICMP datagrams, want %d", hook.ip0, len(steps))
	}, nil)
}
