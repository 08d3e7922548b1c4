package netx

import "github.com/nxsim/nxsim/nx"

// Interface is NX_INTERFACE: one network interface of an IP instance.
// Interface 0 is the one nx_ip_create configures; the loopback interface
// comes after the physical ones.
type Interface struct {
	ip      *IP
	index   int
	name    string
	valid   bool
	address nx.ULONG
	mask    nx.ULONG
	mtu     nx.ULONG
	msw     nx.ULONG
	lsw     nx.ULONG
	linkUp  bool
	mapping bool // address mapping (ARP / ND) needed
	// arpDefend counts down the seconds before the interface may defend
	// its address again (nx_interface_arp_defend_timeout).
	arpDefend int
	driver    Driver

	ipv6 []*ipv6Address // in the order they were set, as NetX's list

	// AdditionalLinkInfo is the driver's own per-interface state
	// (nx_interface_additional_link_info).
	AdditionalLinkInfo any
}

// IP returns the instance the interface belongs to.
func (f *Interface) IP() *IP { return f.ip }

// Index returns the interface's index in its instance.
func (f *Interface) Index() int { return f.index }

// Name returns the interface name ("PRI" for interface 0).
func (f *Interface) Name() string { return f.name }

// Address returns the IPv4 address and mask.
func (f *Interface) Address() (address, mask nx.ULONG) { return f.address, f.mask }

// PhysicalAddress returns the MAC as NetX holds it: top 16 bits, low 32 bits.
func (f *Interface) PhysicalAddress() (msw, lsw nx.ULONG) { return f.msw, f.lsw }

// MTU returns the IP MTU the driver set.
func (f *Interface) MTU() nx.ULONG { return f.mtu }

// LinkUp reports whether the link is up (nx_interface_link_up).
func (f *Interface) LinkUp() bool { return f.linkUp }

// SetLinkUp is what a driver does when it writes nx_interface_link_up: the
// link is up or down, as NetX Duo's RAM driver reports it on NX_LINK_ENABLE
// and NX_LINK_DISABLE (nx_ram_network_driver.c) and a real driver on a
// cable event. With the link down, _nx_ip_route_find and
// _nxd_ipv6_interface_find pass the interface over, so traffic that has no
// other way out fails with NX_IP_ADDRESS_ERROR or NX_NO_INTERFACE_ADDRESS.
// A test may call it as the C tests write the field.
func (f *Interface) SetLinkUp(up bool) { f.linkUp = up }

// IPv6Addresses returns the interface's valid IPv6 addresses (not the
// tentative ones, still under duplicate address detection).
func (f *Interface) IPv6Addresses() [][4]nx.ULONG {
	var out [][4]nx.ULONG
	for _, a := range f.ipv6 {
		if a.state == addrStateValid {
			out = append(out, a.address)
		}
	}
	return out
}

// onSubnet reports whether an IPv4 address is on the interface's subnet.
func (f *Interface) onSubnet(a nx.ULONG) bool {
	return f.valid && f.address != 0 && a&f.mask == f.address&f.mask
}

// isBroadcastFor reports whether a is the limited or the interface's
// directed broadcast address.
func (f *Interface) isBroadcastFor(a nx.ULONG) bool {
	return a == 0xFFFFFFFF || (f.mask != 0 && f.mask != 0xFFFFFFFF && a == f.address|^f.mask)
}

// call sends one request to the interface's driver.
func (f *Interface) call(req IPDriver) IPDriver {
	req.NxIPDriverPtr, req.NxIPDriverInterface = f.ip, f
	req.NxIPDriverStatus = nx.NX_SUCCESS
	if f.driver != nil {
		f.driver(&req)
	}
	return req
}
