// Package netx emulates NetX Duo's IP layer for UDP: IP instances with their
// interfaces and IP thread, the driver boundary, ARP, IPv4 (with
// fragmentation when enabled), IPv6 with static neighbours, and UDP sockets.
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
// NX_IP_DRIVER request with its ownership rules, and the deferred-receive
// entries a driver calls with a received frame.
//
// IPv6 covers what DTLS over UDP needs on a LAN: addresses set with
// IPv6AddressSet and neighbours set with NDCacheEntrySet. There is no
// neighbour discovery, router discovery, DAD or ICMPv6: a datagram to a
// neighbour with no cache entry is dropped and counted. IPv6 datagrams
// larger than the MTU are dropped (IPv4 ones are fragmented when
// IPFragmentEnable was called).
package netx
