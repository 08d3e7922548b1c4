package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// Address states of an interface's IPv6 address (NX_IPV6_ADDR_STATE_*).
const (
	addrStateUnknown   = 0x00
	addrStateTentative = 0x01
	addrStateValid     = 0x04
)

// IPv6DADTransmits is NX_IPV6_DAD_TRANSMITS of the emulated build: the
// neighbour solicitations duplicate address detection sends for a new
// address before it becomes valid (3 in nx_api.h; 0 is NetX's
// NX_DISABLE_IPV6_DAD: addresses are valid at once). Set it before creating
// instances.
var IPv6DADTransmits = 3

// ipv6Address is one entry of the instance's address table
// (NXD_IPV6_ADDRESS, nx_ipv6_address[]).
type ipv6Address struct {
	address   [4]nx.ULONG
	prefixLen nx.ULONG
	state     int
	dad       int // nxd_ipv6_address_DupAddrDetectTransmit: solicitations still to send
	valid     bool
	ifc       *Interface
	index     int
}

// ipv6State is an instance's IPv6 state beyond the enable flag.
type ipv6State struct {
	table   []ipv6Address // NX_MAX_IPV6_ADDRESSES entries, made on first use
	lo      ipv6Address   // ::1 on the loopback interface (NX_LOOPBACK_IPV6_SOURCE_INDEX)
	nd      [ndCacheSize]ndEntry
	routers [routerTableSize]defaultRouter

	reassembly []*reassemblyV6
}

const ipv6HopLimit = 255

var (
	ipv6Loopback    = [4]nx.ULONG{0, 0, 0, 1}
	ipv6AllNodes    = [4]nx.ULONG{0xFF020000, 0, 0, 1}
	ipv6Unspecified = [4]nx.ULONG{}
)

// IPv6Enable is nxd_ipv6_enable: the instance sends and receives IPv6, and
// its fast timer (ND retransmissions, DAD's first solicitation) starts.
// NX_ALREADY_ENABLED the second time. Allowed from initialization and
// threads.
func IPv6Enable(ipPtr *IP) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPv6Enable))

	if errorChecking {
		if st := nxeIP(ipPtr, notInitOrThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	if ipPtr.ipv6 {
		return nx.NX_ALREADY_ENABLED
	}
	ipPtr.ipv6 = true
	ipPtr.v6.addresses()
	ipPtr.v6.lo = ipv6Address{address: ipv6Loopback, prefixLen: 128, state: addrStateValid, valid: true, ifc: ipPtr.loopback()}
	ipPtr.thread.StartFastTimer()
	return nx.NX_SUCCESS
}

// addresses returns the address table, making it on first use
// (NX_MAX_IPV6_ADDRESSES = 3 per physical interface).
func (s *ipv6State) addresses() []ipv6Address {
	if s.table == nil {
		s.table = make([]ipv6Address, 3*MaxPhysicalInterfaces)
		for i := range s.table {
			s.table[i].index = i
		}
	}
	return s.table
}

// IPv6AddressSet is nxd_ipv6_address_set: an address with its prefix
// length on an interface; *addressIndex (may be nil) receives its index in
// the instance's table. With ipAddress nil and prefixLength 10 the address
// is the link-local one made from the interface's MAC (RFC 4291 modified
// EUI-64), as NetX builds it. With ICMPv6 enabled the address is tentative
// until duplicate address detection ends (IPv6DADTransmits solicitations,
// the first on the next fast tick for an interface's first address, then
// one a second) and is dropped if another node claims it; without ICMPv6 it
// is valid at once (nxd_ipv6_address_set.c). NX_DUPLICATED_ENTRY for an
// address the instance has, NX_NO_MORE_ENTRIES when the table is full.
// Allowed from initialization and threads.
func IPv6AddressSet(ipPtr *IP, interfaceIndex nx.UINT, ipAddress *nx.NXDAddress, prefixLength nx.ULONG, addressIndex *nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPv6AddressSet))

	if errorChecking {
		if st := nxeIPv6AddressSet(ipPtr, interfaceIndex, ipAddress, prefixLength); st != nx.NX_SUCCESS {
			return st
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	f, st := interfaceArg(ipPtr, interfaceIndex)
	if st != nx.NX_SUCCESS {
		return st
	}
	ip := ipPtr
	defer ip.protect()()
	var a [4]nx.ULONG
	switch {
	case ipAddress == nil && prefixLength == 10:
		a = f.linkLocal()
	case ipAddress != nil:
		a = ipAddress.NxdIPAddress.V6
	default:
		return nx.NX_IP_ADDRESS_ERROR
	}
	table := ip.v6.addresses()
	var free *ipv6Address
	for i := range table {
		if table[i].valid && table[i].address == a {
			return nx.NX_DUPLICATED_ENTRY
		}
		if !table[i].valid && free == nil {
			free = &table[i]
		}
	}
	if free == nil {
		return nx.NX_NO_MORE_ENTRIES
	}
	*free = ipv6Address{address: a, prefixLen: prefixLength & 0xFF, valid: true, ifc: f, index: free.index, state: addrStateValid}
	if ip.icmpV6 && IPv6DADTransmits > 0 {
		free.state, free.dad = addrStateTentative, IPv6DADTransmits
	}
	f.ipv6 = append(f.ipv6, free)
	// NetX asks the driver to join the solicited-node group; nxsim does so
	// only once the driver has attached the interface (the IP thread's
	// start-up), since a driver has no state for it before.
	if f.driver != nil && f.linkUp && ip.thread.Started() {
		f.call(IPDriver{NxIPDriverCommand: nx.NX_LINK_MULTICAST_JOIN,
			NxIPDriverPhysicalAddressMsw: 0x3333, NxIPDriverPhysicalAddressLsw: solicitedNode(a)[3]})
	}
	if addressIndex != nil {
		*addressIndex = nx.UINT(free.index)
	}
	return nx.NX_SUCCESS
}

// nxeIPv6AddressSet is nxde_ipv6_address_set.c's check.
func nxeIPv6AddressSet(ip *IP, index nx.UINT, a *nx.NXDAddress, prefixLength nx.ULONG) nx.Status {
	if !validIP(ip) {
		return nx.NX_PTR_ERROR
	}
	if a != nil && prefixLength != 10 && a.NxdIPVersion != nx.NX_IP_VERSION_V6 {
		return nx.NX_IP_ADDRESS_ERROR
	}
	if int(index) >= MaxPhysicalInterfaces || !ip.interfaces[index].valid {
		return nx.NX_INVALID_INTERFACE
	}
	if a != nil && (isMulticast(a.NxdIPAddress.V6) || a.NxdIPAddress.V6 == ipv6Unspecified) {
		return nx.NX_IP_ADDRESS_ERROR
	}
	if notInitOrThreads() {
		return nx.NX_CALLER_ERROR
	}
	return nx.NX_SUCCESS
}

// linkLocal is the interface's link-local address: fe80::/64 with the
// interface ID from the MAC, its universal/local bit inverted and ff:fe in
// the middle.
func (f *Interface) linkLocal() [4]nx.ULONG {
	w2 := f.msw<<16 | (f.lsw&0xFF000000)>>16 | 0xFF
	w2 ^= 0x02000000
	w3 := f.lsw&0x00FFFFFF | 0xFE000000
	return [4]nx.ULONG{0xFE800000, 0, w2, w3}
}

// solicitedNode is the solicited-node multicast address of a
// (ff02::1:ffXX:XXXX).
func solicitedNode(a [4]nx.ULONG) [4]nx.ULONG {
	return [4]nx.ULONG{0xFF020000, 0, 1, 0xFF000000 | a[3]&0x00FFFFFF}
}

func isLinkLocal(a [4]nx.ULONG) bool { return a[0]>>22 == 0xFE80>>6 }
func isMulticast(a [4]nx.ULONG) bool { return a[0]>>24 == 0xFF }

// onPrefix reports whether a shares the first n bits of b.
func onPrefix(a, b [4]nx.ULONG, n nx.ULONG) bool {
	for i := range 4 {
		bits := min(max(int(n)-32*i, 0), 32)
		if bits == 0 {
			return true
		}
		mask := ^nx.ULONG(0) << (32 - bits)
		if a[i]&mask != b[i]&mask {
			return false
		}
	}
	return true
}

// ownV6 returns the instance's address entry equal to a (::1 included).
func (ip *IP) ownV6(a [4]nx.ULONG) *ipv6Address {
	if ip.v6.lo.valid && a == ipv6Loopback {
		return &ip.v6.lo
	}
	for i := range ip.v6.table {
		if e := &ip.v6.table[i]; e.valid && e.address == a {
			return e
		}
	}
	return nil
}

// interfaceFindV6 is _nxd_ipv6_interface_find: the source address for a
// destination — our own address (loopback), a valid link-local address for
// a link-local or link-scope multicast destination, a valid address whose
// prefix holds the destination, or, for a global destination, a valid
// global address on an interface with a default router. nil means
// NX_NO_INTERFACE_ADDRESS. only restricts the search to one interface.
func (ip *IP) interfaceFindV6(dst [4]nx.ULONG, only *Interface) *ipv6Address {
	if a := ip.ownV6(dst); a != nil && !isMulticast(dst) {
		return a
	}
	for i := range ip.interfaces[:MaxPhysicalInterfaces] {
		f := &ip.interfaces[i]
		if (only != nil && f != only) || !f.linkUp {
			continue
		}
		for _, a := range f.ipv6 {
			if a.state == addrStateValid && sourceFor(a, dst) {
				return a
			}
		}
	}
	if isLinkLocal(dst) || isMulticast(dst) {
		return nil
	}
	for i := range ip.v6.routers {
		r := &ip.v6.routers[i]
		if !r.valid || !r.ifc.linkUp || (only != nil && r.ifc != only) {
			continue
		}
		for _, a := range r.ifc.ipv6 {
			if a.state == addrStateValid && !isLinkLocal(a.address) {
				return a
			}
		}
	}
	return nil
}

// sourceFor reports whether a (valid) address can be the source for dst on
// its own link: link-local for link-local and link-scope multicast
// destinations, global for other multicast, else same prefix.
func sourceFor(a *ipv6Address, dst [4]nx.ULONG) bool {
	switch {
	case isLinkLocal(dst) || (isMulticast(dst) && dst[0]&0x000F0000 == 0x00020000):
		return isLinkLocal(a.address)
	case isMulticast(dst):
		return !isLinkLocal(a.address)
	default:
		return onPrefix(dst, a.address, a.prefixLen)
	}
}

// routeV6 finds the interface and source address for an IPv6 destination;
// ok is false when there is no usable source address
// (NX_NO_INTERFACE_ADDRESS).
func (ip *IP) routeV6(dst [4]nx.ULONG) (f *Interface, src [4]nx.ULONG, ok bool) {
	if dst == ipv6Loopback {
		return ip.loopback(), ipv6Loopback, true
	}
	if a := ip.ownV6(dst); a != nil {
		return ip.loopback(), dst, true
	}
	a := ip.interfaceFindV6(dst, nil)
	if a == nil {
		return nil, src, false
	}
	return a.ifc, a.address, true
}

// nextHopV6 is the on-link test of _nx_ipv6_packet_send: a destination
// inside the prefix of an address of the interface (or link-local) is its
// own next hop; anything else goes to the first valid default router of
// the interface. ok is false when there is none.
func (ip *IP) nextHopV6(f *Interface, dst [4]nx.ULONG) ([4]nx.ULONG, bool) {
	if isLinkLocal(dst) {
		return dst, true
	}
	for _, a := range f.ipv6 {
		if a.valid && onPrefix(dst, a.address, a.prefixLen) {
			return dst, true
		}
	}
	if r := ip.routerFor(f); r != nil {
		return r.address, true
	}
	return dst, false
}

// ipv6Send prepends the IPv6 header and sends the datagram
// (_nx_ipv6_packet_send): loopback, multicast (to the 33:33 MAC), or
// unicast through the neighbour cache, which resolves the next hop with
// neighbour discovery and queues the datagram meanwhile. A datagram larger
// than the MTU is fragmented when fragmentation is enabled, otherwise
// dropped and counted.
func (ip *IP) ipv6Send(pkt *packetpool.Packet, f *Interface, src, dst [4]nx.ULONG, next uint8) {
	prependIPv6(pkt, f, src, dst, next)
	if f == ip.loopback() {
		ip.countSentV6(pkt)
		ip.loopbackSend(pkt)
		return
	}
	if isMulticast(dst) {
		ip.transmitV6(pkt, f, 0x3333, dst[3])
		return
	}
	hop, ok := ip.nextHopV6(f, dst)
	if !ok {
		ip.Stats.NoNeighbor++
		ip.Stats.SendPacketsDropped++
		packetpool.TransmitRelease(pkt)
		return
	}
	ip.ndSend(pkt, f, src, hop)
}

// prependIPv6 puts the IPv6 header (hop limit 255: nx_ipv6_hop_limit's
// default, and what ND requires) in front of a payload going out of f.
func prependIPv6(pkt *packetpool.Packet, f *Interface, src, dst [4]nx.ULONG, next uint8) {
	payload := int(pkt.NxPacketLength)
	pkt.NxPacketPrependPtr -= ipv6HeaderSize
	pkt.NxPacketLength += ipv6HeaderSize
	putIPv6Header(pkt.Data(), payload, next, ipv6HopLimit, src, dst)
	pkt.NxPacketIPVersion = nx.NX_IP_VERSION_V6
	pkt.NxPacketAddress = f
}

func (ip *IP) countSentV6(pkt *packetpool.Packet) {
	ip.Stats.TotalPacketsSent++
	ip.Stats.TotalBytesSent += pkt.NxPacketLength - ipv6HeaderSize
}

// transmitV6 gives a resolved datagram to the driver, fragmenting it when
// it is larger than the MTU (nx_ipv6_packet_send.c's tail).
func (ip *IP) transmitV6(pkt *packetpool.Packet, f *Interface, msw, lsw nx.ULONG) {
	if pkt.NxPacketLength > f.mtu {
		if !ip.fragmentEnabled {
			ip.Stats.SendPacketsDropped++
			packetpool.TransmitRelease(pkt)
			return
		}
		ip.fragmentSendV6(pkt, f, msw, lsw)
		return
	}
	ip.countSentV6(pkt)
	f.send(nx.NX_LINK_PACKET_SEND, pkt, msw, lsw)
}

// ipv6Receive validates an IPv6 datagram for one of our addresses (or a
// multicast group we are in) and hands it on by next header.
func (ip *IP) ipv6Receive(pkt *packetpool.Packet) {
	h := ipv6Header(pkt.Data())
	if !ip.ipv6 || len(h) < ipv6HeaderSize || ipv6HeaderSize+h.payloadLength() > int(pkt.NxPacketLength) {
		ip.dropInvalid(pkt)
		return
	}
	trimTo(pkt, ipv6HeaderSize+h.payloadLength())
	if !ip.acceptsV6(h.dst(), ip.arrivedOn(pkt)) {
		ip.Stats.NotForUs++
		ip.drop(pkt)
		return
	}
	pkt.NxPacketIPHeader = pkt.NxPacketPrependPtr
	pkt.NxPacketPrependPtr += ipv6HeaderSize
	pkt.NxPacketLength -= ipv6HeaderSize
	pkt.NxPacketIPVersion = nx.NX_IP_VERSION_V6
	ip.ipv6Dispatch(pkt, h.nextHeader(), newIPv6Walk())
}

// ipv6Dispatch hands a datagram, prepend offset past the IPv6 header, to
// its upper layer, walking the extension headers before it as
// _nx_ip_dispatch_process does (ipv6_options.go). ICMPv6 and UDP that are
// not enabled are dropped.
func (ip *IP) ipv6Dispatch(pkt *packetpool.Packet, next uint8, w ipv6Walk) {
	for {
		switch next {
		case protocolICMPv6, protocolUDP:
			ip.ipv6Deliver(pkt, next)
			return
		case ipv6FragmentHeader:
			if w.state >= optionStateFragment {
				ip.parameterProblem(pkt, 1, w.optionOffset)
				ip.drop(pkt)
				return
			}
			w.state = optionStateFragment
			if !ip.fragmentReceiveV6(pkt, w) {
				return
			}
		case ipv6HopByHop, ipv6Destination, ipv6Routing:
			if !ip.extensionHeader(pkt, next, &w) {
				ip.drop(pkt)
				return
			}
		case ipv6NoNextHeader:
			ip.drop(pkt)
			return
		default:
			ip.unknownNextHeader(pkt, next, w)
			return
		}
		var ok bool
		if next, ok = w.advance(pkt, next); !ok {
			ip.drop(pkt)
			return
		}
	}
}

// ipv6Deliver hands an ICMPv6 message or UDP datagram to its layer. UDP
// goes on only when the address the datagram came in on is valid, not
// tentative (_nx_ip_dispatch_process).
func (ip *IP) ipv6Deliver(pkt *packetpool.Packet, next uint8) {
	switch {
	case next == protocolICMPv6 && ip.icmpV6:
		ip.icmpv6Receive(pkt)
	case next == protocolUDP && ip.udp != nil:
		if a := ip.incomingV6(pkt); a != nil && a.state != addrStateValid {
			ip.drop(pkt)
			return
		}
		ip.udpReceive(pkt)
	default:
		ip.drop(pkt)
	}
}

// incomingV6 is the address _nx_ipv6_packet_receive takes a datagram to
// have come in on (nx_packet_ipv6_address_ptr): the first of the
// interface's addresses that is the destination, or whose solicited-node
// group it is, or any for all-nodes (CHECK_IPV6_SOLICITED_NODE_MCAST_ADDRESS).
func (ip *IP) incomingV6(pkt *packetpool.Packet) *ipv6Address {
	dst := ipv6Header(pkt.NxPacketDataStart[pkt.NxPacketIPHeader:]).dst()
	for _, a := range ip.arrivedOn(pkt).ipv6 {
		if a.address == dst || solicitedNode(a.address) == dst || dst == ipv6AllNodes {
			return a
		}
	}
	return nil
}

// acceptsV6 reports whether a datagram that arrived on f is ours
// (_nx_ipv6_packet_receive): one of f's addresses — tentative ones too,
// DAD must see solicitations for them — or the solicited-node group of one,
// or all-nodes; through loopback, any address of the instance or ::1.
func (ip *IP) acceptsV6(dst [4]nx.ULONG, f *Interface) bool {
	if dst == ipv6AllNodes {
		return true
	}
	if f == ip.loopback() {
		return ip.ownV6(dst) != nil
	}
	for _, a := range f.ipv6 {
		if a.address == dst || solicitedNode(a.address) == dst {
			return true
		}
	}
	return false
}

// protect takes the instance's protection mutex (nx_ip_protection) as the
// IPv6 and ND services do, and returns its release. Outside a thread
// (tx_application_define) nothing can hold it and nothing is taken.
func (ip *IP) protect() func() {
	if notThreads() {
		return func() {}
	}
	ip.thread.Protect()
	return ip.thread.Unprotect
}
