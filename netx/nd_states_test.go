package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
)

// The neighbour cache goes through NetX's states with NetX's timers
// (nx_nd_cache_*_periodic_update.c, nx_icmpv6_process_na.c): a ping
// resolves the peer with a multicast solicitation (INCOMPLETE, then
// REACHABLE on the solicited advertisement); the peer, which learnt the
// sender from the solicitation (STALE), answers at once (DELAY) and
// confirms it NX_DELAY_FIRST_PROBE_TIME later with a unicast solicitation
// (PROBE, then REACHABLE); after NX_REACHABLE_TIME seconds without
// confirmation both entries are STALE, and the next ping takes both through
// DELAY and PROBE again.
func TestNeighbourCacheStatesAndTimers(t *testing.T) {
	var multicastNS, unicastNS int
	w := newWorld(t)
	w.wrap = func(d netx.Driver) netx.Driver {
		return func(req *netx.IPDriver) {
			if p := req.NxIPDriverPacket; req.NxIPDriverCommand == nx.NX_LINK_PACKET_SEND && p != nil {
				if b := p.Data(); len(b) > 40 && b[0]>>4 == 6 && b[6] == 58 && b[40] == 135 && [16]byte(b[8:24]) != [16]byte{} {
					if req.NxIPDriverPhysicalAddressMsw == 0x3333 {
						multicastNS++
					} else {
						unicastNS++
					}
				}
			}
			d(req)
		}
	}
	type snap struct {
		at           time.Duration
		aToB, bToA   int
		mcast, ucast int
	}
	var snaps []snap
	var a, b *node
	take := func() {
		snaps = append(snaps, snap{w.e.Now().Truncate(time.Second), netx.NDState(&a.ip, v6B), netx.NDState(&b.ip, v6A), multicastNS, unicastNS})
	}
	a = w.addNode("a", addrA, func(n *node) {
		waitDAD() // until 5 s
		st, _ := ping(t, n, v6(v6B), "x", nx.NX_IP_PERIODIC_RATE)
		assert.Equal(t, nx.NX_SUCCESS, st)
		take()
		rtos.ThreadSleep(7 * nx.NX_IP_PERIODIC_RATE) // b's entry for a: DELAY, then PROBE, confirmed
		take()
		rtos.ThreadSleep(30 * nx.NX_IP_PERIODIC_RATE) // a's entry for b goes STALE
		take()
		st, _ = ping(t, n, v6(v6B), "y", nx.NX_IP_PERIODIC_RATE)
		assert.Equal(t, nx.NX_SUCCESS, st)
		take()
		rtos.ThreadSleep(7 * nx.NX_IP_PERIODIC_RATE)
		take()
	}, withICMP(t, v6A))
	b = w.addNode("b", addrB, nil, withICMP(t, v6B))
	w.run(60 * time.Second)
	const (
		reachable = 2
		stale     = 3
		delay     = 4
	)
	want := []struct{ aToB, bToA, mcast, ucast int }{
		{reachable, delay, 1, 0},     // resolved; b answered from its STALE entry
		{reachable, reachable, 1, 1}, // b probed a with one unicast solicitation
		{stale, stale, 1, 1},         // no confirmation for NX_REACHABLE_TIME, on both sides
		{delay, delay, 1, 1},         // request and reply went out from STALE entries
		{reachable, reachable, 1, 3}, // each probed the other
	}
	if assert.Len(t, snaps, len(want)) {
		for i, s := range snaps {
			assert.Equal(t, want[i], struct{ aToB, bToA, mcast, ucast int }{s.aToB, s.bToA, s.mcast, s.ucast}, "snapshot %d at %v", i, s.at)
		}
	}
}
