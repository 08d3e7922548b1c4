// Package netx emulates NetX Duo's IP layer for UDP: IP instances with their
// interfaces and IP thread, the driver boundary, ARP, IPv4 (with
// fragmentation when enabled), ICMP and ping, IPv6 with neighbour discovery,
// and UDP sockets.
//
// Services keep the C names, parameters and status codes (nx_ip_create →
// IPCreate, nxd_udp_socket_send → UDPSocketSend). What happens on which
// thread follows NetX: sends run the driver synchronously in the sender's
// thread; received frames are queued by the driver from interrupt context
// and processed on the instance's IP thread (package ipthread), where UDP
// receive notifications run; UDP checksums are verified in the receiving
// thread, inside UDPSocketReceive.
//
// driver.go is the contract with drivers (package sim serves it): the
// NX_IP_DRIVER request with its ownership rules, the deferred-receive
// entries a driver calls with a received frame, and the link state a
// driver reports (Interface.SetLinkUp, nx_interface_link_up), which route
// and interface selection follow. A packet the application handed to
// NetX belongs to NetX's queue until NetX lets it go: releasing it is
// NX_PTR_ERROR (package packetpool).
//
// IPv6 is NetX Duo's (nx_ipv6_*.c, nx_icmpv6_*.c, nx_nd_cache_*.c): addresses
// from IPv6AddressSet, the link-local one made from the MAC, duplicate
// address detection (IPv6DADTransmits solicitations) once ICMP is enabled
// with ICMPEnable, neighbour discovery with NetX's cache states, queue and
// retries, static entries from NDCacheEntrySet, default routers from
// IPv6DefaultRouterAdd, and fragmentation and reassembly when
// IPFragmentEnable was called, and the extension headers walked as NetX
// walks them (hop-by-hop and destination options, with the parameter
// problems of _nx_ipv6_option_error; routing headers without segments
// left). Router advertisements, redirects, path MTU discovery and IPv6
// multicast groups are not emulated. ICMP (icmp*.go) answers echo requests, pings
// with ICMPPing, ICMPPingV4 and ICMPSourcePing, and sends the error
// messages NetX sends. IPv4 header options are checked and stripped as
// _nx_ipv4_option_process does (ipv4_options.go).
package netx
