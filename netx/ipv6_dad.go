package netx

// Duplicate address detection as NetX performs it (nx_ip_thread_entry.c,
// nx_icmpv6_perform_DAD.c, nx_icmpv6_DAD_failure.c): a new address is
// tentative with IPv6DADTransmits solicitations to send. The first goes
// out on the next fast tick, but only for the first address of an
// interface's list; every other one, once a second on the periodic event.
// When a periodic event finds none left to send, the address becomes valid
// (so DAD takes about IPv6DADTransmits seconds). A solicitation or
// advertisement for it from another node meanwhile makes it fail: it is
// removed from the interface.

// ipv6Fast is the IPv6 part of NX_IP_FAST_EVENT.
func (ip *IP) ipv6Fast() {
	if !ip.ipv6 || !ip.icmpV6 {
		return
	}
	for i := range ip.interfaces[:MaxPhysicalInterfaces] {
		f := &ip.interfaces[i]
		if len(f.ipv6) > 0 && f.ipv6[0].dad == IPv6DADTransmits && f.ipv6[0].state == addrStateTentative {
			ip.sendNS(f.ipv6[0].address, false, f.ipv6[0], nil)
			f.ipv6[0].dad--
		}
	}
	ip.ndFastPeriodic()
}

// ipv6Periodic is the IPv6 part of NX_IP_PERIODIC_EVENT.
func (ip *IP) ipv6Periodic() {
	ip.reassemblyPeriodicV6()
	if !ip.ipv6 || !ip.icmpV6 {
		return
	}
	ip.performDAD()
	ip.ndSlowPeriodic()
}

// performDAD is _nx_icmpv6_perform_DAD.
func (ip *IP) performDAD() {
	for i := range ip.interfaces[:MaxPhysicalInterfaces] {
		for _, a := range ip.interfaces[i].ipv6 {
			if a.state != addrStateTentative {
				continue
			}
			if a.dad > 0 {
				ip.sendNS(a.address, false, a, nil)
				a.dad--
				continue
			}
			a.state = addrStateValid
			if e := ip.ndFind(a.address); e != nil {
				ip.ndDelete(e) // _nx_icmpv6_DAD_clear_NDCache_entry
			}
		}
	}
}

// dadFailure is _nx_icmpv6_DAD_failure: the address is no longer ours.
func (ip *IP) dadFailure(a *ipv6Address) {
	ip.Stats.DADFailures++
	a.state, a.valid, a.dad = addrStateUnknown, false, 0
	a.ifc.removeIPv6(a)
}
