package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// ICMPStats are the instance's ICMP counters (NetX's nx_ip_icmp_* and
// nx_ip_ping_* fields, read with nx_icmp_info_get), shared by ICMPv4 and
// ICMPv6 as in NetX Duo.
type ICMPStats struct {
	PingsSent             nx.ULONG // nx_ip_pings_sent
	PingTimeouts          nx.ULONG // nx_ip_ping_timeouts: a waiting ping got no reply in time
	PingThreadsSuspended  nx.ULONG // nx_ip_icmp_ping_suspended_count: threads waiting now
	PingResponsesReceived nx.ULONG // nx_ip_ping_responses_received
	ChecksumErrors        nx.ULONG // nx_ip_icmp_checksum_errors
	UnhandledMessages     nx.ULONG // nx_ip_icmp_unhandled_messages: types NetX does not process
	PingsReceived         nx.ULONG // nx_ip_pings_received: echo requests for us
	PingsRespondedTo      nx.ULONG // nx_ip_pings_responded_to
	TotalMessagesReceived nx.ULONG // nx_ip_icmp_total_messages_received (ICMPv4)
	InvalidPackets        nx.ULONG // nx_ip_icmp_invalid_packets: short, bad checksum, unmatched reply, bad ND
	ErrorsSent            nx.ULONG // error messages sent (destination unreachable, parameter problem, time exceeded)
}

// ICMPInfoGet is nx_icmp_info_get: the instance's ICMP counters; any
// pointer may be nil. Allowed from initialization and threads.
func ICMPInfoGet(ipPtr *IP, pingsSent, pingTimeouts, pingThreadsSuspended, pingResponsesReceived,
	icmpChecksumErrors, icmpUnhandledMessages *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opICMPInfoGet))
	if errorChecking {
		if st := nxeIP(ipPtr, notInitOrThreads()); st != nx.NX_SUCCESS {
			return st
		}
		if !ipPtr.icmpV4 && !ipPtr.icmpV6 {
			return nx.NX_NOT_ENABLED
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	s := &ipPtr.Stats.ICMP
	for _, v := range []struct {
		dst *nx.ULONG
		val nx.ULONG
	}{{pingsSent, s.PingsSent}, {pingTimeouts, s.PingTimeouts}, {pingThreadsSuspended, s.PingThreadsSuspended},
		{pingResponsesReceived, s.PingResponsesReceived}, {icmpChecksumErrors, s.ChecksumErrors}, {icmpUnhandledMessages, s.UnhandledMessages}} {
		if v.dst != nil {
			*v.dst = v.val
		}
	}
	return nx.NX_SUCCESS
}
