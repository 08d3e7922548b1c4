package netx

// SetICMPReceive turns the instance's ICMPv4 and ICMPv6 receive handlers on
// or off, as C tests do by writing nx_ip_icmp_packet_receive and
// nx_ip_icmpv6_packet_process (NX_NULL: the dispatcher drops the packet).
func SetICMPReceive(ip *IP, v4, v6 bool) { ip.icmpV4, ip.icmpV6 = v4, v6 }
