package netx

import (
	"encoding/binary"
	"slices"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// pingState is the instance's ping bookkeeping.
type pingState struct {
	sequence uint16 // nx_ip_icmp_sequence: the next echo's sequence number
	list     []*pingWaiter
	waiters  rtos.WaitList
}

// pingWaiter is one thread's place on the instance's ping suspension list
// (nx_ip_icmp_ping_suspension_list), matched to replies by sequence number.
// NetX puts the thread on the list before the request is sent, so a reply
// that comes back before the thread has actually suspended (loopback) is
// still its own: reply holds it until the thread looks.
type pingWaiter struct {
	seq     uint16
	reply   *packetpool.Packet
	pending bool // between registration and suspension
}

// pingRegister puts the caller on the list when it will wait; a ping with
// NX_NO_WAIT never is, so its reply counts as invalid.
func (ip *IP) pingRegister(seq uint16, wait nx.ULONG) *pingWaiter {
	if wait == nx.NX_NO_WAIT {
		return nil
	}
	w := &pingWaiter{seq: seq, pending: true}
	ip.ping.list = append(ip.ping.list, w)
	ip.Stats.ICMP.PingThreadsSuspended++
	return w
}

// pingWait suspends the caller until its reply comes (NX_SUCCESS), wait
// ticks pass (NX_NO_RESPONSE, counted as a ping timeout, _nx_icmp_cleanup)
// or the wait is aborted (NX_WAIT_ABORTED).
func (ip *IP) pingWait(w *pingWaiter, responsePtr **packetpool.Packet, wait nx.ULONG) nx.Status {
	if w == nil {
		return nx.NX_NO_RESPONSE
	}
	w.pending = false
	if w.reply != nil {
		packetpool.HandToCaller(w.reply)
		*responsePtr = w.reply
		return nx.NX_SUCCESS
	}
	st, got := ip.ping.waiters.Suspend(nx.TX_TCP_IP, wait, nx.NX_NO_RESPONSE, w)
	if st == nx.NX_SUCCESS {
		pkt := got.(*packetpool.Packet)
		packetpool.HandToCaller(pkt)
		*responsePtr = pkt
		return st
	}
	ip.pingForget(w)
	if st == nx.NX_NO_RESPONSE {
		ip.Stats.ICMP.PingTimeouts++
	}
	return st
}

func (ip *IP) pingForget(w *pingWaiter) {
	if i := slices.Index(ip.ping.list, w); i >= 0 {
		ip.ping.list = slices.Delete(ip.ping.list, i, i+1)
		ip.Stats.ICMP.PingThreadsSuspended--
	}
}

// pingAnswer is the matching half of _nx_icmpv4_process_echo_reply and
// _nx_icmpv6_process_echo_reply: the first waiter with the reply's
// sequence number gets the packet, its prepend offset past the ICMP
// header; with no match the reply is counted invalid and released.
func (ip *IP) pingAnswer(pkt *packetpool.Packet, seq uint16) {
	for _, w := range ip.ping.list {
		if w.seq != seq {
			continue
		}
		t := ip.pingThread(w)
		if t == nil && !w.pending {
			continue // its thread left the wait without cleaning up (terminated)
		}
		ip.pingForget(w)
		pkt.NxPacketPrependPtr += icmpHeaderSize
		pkt.NxPacketLength -= icmpHeaderSize
		if t == nil {
			w.reply = pkt
			return
		}
		ip.ping.waiters.Wake(t, nx.NX_SUCCESS, pkt)
		rtos.PreemptionPoint()
		return
	}
	ip.Stats.ICMP.InvalidPackets++
	packetpool.Release(pkt)
}

// pingThread returns the thread suspended for w, or nil.
func (ip *IP) pingThread(w *pingWaiter) *rtos.Thread {
	for _, t := range ip.ping.waiters.Threads() {
		if t.WaitInfo() == w {
			return t
		}
	}
	return nil
}

// pingFlush resumes every thread waiting for a reply with NX_NO_RESPONSE,
// as nx_ip_delete.c runs _nx_icmp_cleanup for each (a timeout, counted).
func (ip *IP) pingFlush() {
	ip.ping.waiters.WakeAll(nx.NX_NO_RESPONSE)
}

// echoHeader fills the echo request's ICMP header (typ, the identifier id
// and the next sequence number; the caller sets the checksum), counts the
// ping as sent and returns the sequence number.
func (ip *IP) echoHeader(pkt *packetpool.Packet, typ uint8, id uint16) uint16 {
	ip.Stats.ICMP.PingsSent++
	seq := ip.ping.sequence
	ip.ping.sequence++
	h := pkt.Data()
	h[0], h[1], h[2], h[3] = typ, 0, 0, 0
	binary.BigEndian.PutUint16(h[4:], id)
	binary.BigEndian.PutUint16(h[6:], seq)
	return seq
}

// pingExchange is the end of every ping: under the IP protection the
// waiter for seq's reply is registered before send puts the request out,
// then the caller waits for the reply.
func (ip *IP) pingExchange(seq uint16, wait nx.ULONG, responsePtr **packetpool.Packet, send func()) nx.Status {
	ip.thread.Protect()
	w := ip.pingRegister(seq, wait)
	send()
	ip.thread.Unprotect()
	return ip.pingWait(w, responsePtr, wait)
}
