package netx

import "github.com/nxsim/nxsim/nx"

// IPStats are the instance's counters, NetX's nx_ip_* statistics plus one
// named counter for every silent drop nxsim emulates.
type IPStats struct {
	TotalPacketsSent      nx.ULONG // nx_ip_total_packets_sent
	TotalBytesSent        nx.ULONG
	TotalPacketsReceived  nx.ULONG // nx_ip_total_packets_received (delivered to UDP)
	TotalBytesReceived    nx.ULONG
	SendPacketsDropped    nx.ULONG // nx_ip_send_packets_dropped: oversize without fragmentation, no ARP, ...
	ReceivePacketsDropped nx.ULONG // nx_ip_receive_packets_dropped: every receive-side drop below
	InvalidPackets        nx.ULONG // nx_ip_invalid_packets: malformed headers
	ChecksumErrors        nx.ULONG // nx_ip_receive_checksum_errors (IPv4 header)
	NotForUs              nx.ULONG // destination is none of our addresses
	UnknownProtocol       nx.ULONG // not UDP
	FragmentsDropped      nx.ULONG // fragments received with fragmentation disabled, or timed out
	// ReassemblyFailures is nx_ip_reassembly_failures: datagrams whose
	// reassembly timed out.
	ReassemblyFailures nx.ULONG
	FragmentsSent      nx.ULONG // nx_ip_total_fragments_sent
	FragmentRequests   nx.ULONG // nx_ip_total_fragment_requests: datagrams that needed fragmenting
	// SuccessfulFragmentRequests is nx_ip_successful_fragment_requests:
	// datagrams sent whole as fragments.
	SuccessfulFragmentRequests nx.ULONG
	FragmentFailures           nx.ULONG // nx_ip_fragment_failures: fragmentation stopped part-way
	InvalidTransmitPackets     nx.ULONG // nx_ip_invalid_transmit_packets: a chain shorter than its length
	TransmitResourceErrors     nx.ULONG // nx_ip_transmit_resource_errors: no packet, no ARP entry, ARP queue full
	FragmentsReceived          nx.ULONG // nx_ip_total_fragments_received
	LoopbackCopyFailures       nx.ULONG // loopback: no packet in the default pool
	NoNeighbor                 nx.ULONG // IPv6 datagrams dropped for want of neighbour discovery (no ICMPv6) or a route
	NDQueueOverflow            nx.ULONG // datagrams dropped because NX_ND_MAX_QUEUE_DEPTH waited for a neighbour
	DADFailures                nx.ULONG // IPv6 addresses given up because another node claimed them
	NDUnreachable              nx.ULONG // neighbour cache entries deleted after their solicitations went unanswered

	ARPRequestsSent      nx.ULONG // nx_ip_arp_requests_sent
	ARPRequestsReceived  nx.ULONG
	ARPResponsesSent     nx.ULONG
	ARPResponsesReceived nx.ULONG
	ARPAgedOut           nx.ULONG // entries dropped after NX_ARP_MAXIMUM_RETRIES, with their queued packets
	ARPQueueOverflow     nx.ULONG // packets dropped because NX_ARP_MAX_QUEUE_DEPTH were already queued
	ARPInvalidMessages   nx.ULONG
	ARPNotEnabledDrops   nx.ULONG // datagrams that needed ARP on an instance without nx_arp_enable

	UDPPacketsSent           nx.ULONG // nx_ip_udp_packets_sent
	UDPBytesSent             nx.ULONG // nx_ip_udp_bytes_sent (payload)
	UDPPacketsReceived       nx.ULONG // nx_ip_udp_packets_received: every UDP datagram IP handed up, less bad checksums
	UDPBytesReceived         nx.ULONG // nx_ip_udp_bytes_received (payload delivered to sockets)
	UDPReceivePacketsDropped nx.ULONG // nx_ip_udp_receive_packets_dropped: no port, queue overflow
	UDPNoPortForDelivery     nx.ULONG // nx_udp_no_port_for_delivery
	UDPInvalidPackets        nx.ULONG // nx_udp_invalid_packets: too short, bad length
	UDPChecksumErrors        nx.ULONG // nx_udp_checksum_errors

	ICMP ICMPStats // ICMPv4 and ICMPv6 (nx_icmp_info_get)
}
