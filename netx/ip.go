package netx

import (
	"fmt"

	"github.com/nxsim/nxsim/ipthread"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// MaxPhysicalInterfaces is NX_MAX_PHYSICAL_INTERFACES of the emulated build:
// how many interfaces an instance has besides loopback (1 by default, as in
// nx_api.h; nx_ip_interface_attach needs more). Set it before creating
// instances.
var MaxPhysicalInterfaces = nx.NX_MAX_PHYSICAL_INTERFACES

// ipID marks a created instance (NX_IP_ID, "IP  ").
const ipID = 0x49502020

// loopbackAddress is 127.0.0.1.
const loopbackAddress = 0x7F000001

// IP is NX_IP, one IP instance. Its zero value is "not created".
type IP struct {
	_    noCopy
	id   uint32
	k    *rtos.Kernel
	name string

	interfaces  []Interface // physical ones, then loopback
	defaultPool *packetpool.Pool
	thread      ipthread.IPThread
	stack       []byte

	initializeDone  bool
	fragmentEnabled bool
	packetID        uint16
	gateway         nx.ULONG
	gatewayIfc      *Interface

	arp *arpCache
	// arpGratuitousHandler is nx_ip_arp_gratuitous_response_handler.
	arpGratuitousHandler func(*IP, *packetpool.Packet)
	udp                  *udpLayer
	ipv6                 bool
	icmpV4               bool // nx_icmp_enable (or nxd_icmp_enable)
	icmpV6               bool // nxd_icmp_enable: ICMPv6, ND and DAD
	v6                   ipv6State
	ping                 pingState
	reassembly           []*reassembly
	rand                 interface{ IntN(n int) int } // NX_RAND: a stream from Engine.Stream

	// Stats are the instance's counters.
	Stats IPStats
}

// noCopy makes go vet's copylocks check flag copies of control blocks.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

func validIP(ip *IP) bool { return ip != nil && ip.id == ipID }

// instancesKey is the kernel attachment listing a device's IP instances.
type instancesKey struct{}

// Instances returns the IP instances of a device, in creation order.
func Instances(k *rtos.Kernel) []*IP {
	l, _ := k.Attachment(instancesKey{}).([]*IP)
	return append([]*IP(nil), l...)
}

// SystemInitialize is nx_system_initialize. NetX needs it once before any
// other service to set up its globals; nxsim keeps no globals, so it only
// records that the device called it.
func SystemInitialize() {
	defer rtos.Leave(rtos.Enter(opSystemInitialize))
	if _, k := rtos.CurrentContext(); k != nil {
		k.SetAttachment(systemKey{}, true)
	}
}

type systemKey struct{}

// IPCreate is nx_ip_create: interface 0 ("PRI") gets ipAddress, networkMask
// and driver; a loopback interface gets 127.0.0.1/8; the IP thread starts at
// priority with a 1-tick time slice, and calls the driver with
// NX_LINK_INTERFACE_ATTACH, NX_LINK_INITIALIZE and NX_LINK_ENABLE when it
// first runs — not inside IPCreate (nx_ip_create.c, nx_ip_thread_entry.c).
// Allowed from initialization and threads.
func IPCreate(ipPtr *IP, name string, ipAddress, networkMask nx.ULONG, defaultPool *packetpool.Pool,
	ipNetworkDriver Driver, stack []byte, priority nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPCreate))
	if errorChecking {
		if st := nxeIPCreate(ipPtr, ipAddress, defaultPool, ipNetworkDriver, stack, priority); st != nx.NX_SUCCESS {
			return st
		}
	}
	c, k := rtos.CurrentContext()
	if k == nil || c == rtos.ContextISR || c == rtos.ContextTimer {
		return nx.NX_CALLER_ERROR
	}
	*ipPtr = IP{id: ipID, k: k, name: name, defaultPool: defaultPool, stack: stack}
	ip := ipPtr
	ip.interfaces = make([]Interface, MaxPhysicalInterfaces+1)
	for i := range ip.interfaces {
		ip.interfaces[i] = Interface{ip: ip, index: i}
	}
	ip.interfaces[0] = Interface{ip: ip, index: 0, name: "PRI", valid: true, address: ipAddress, mask: networkMask, driver: ipNetworkDriver}
	ip.interfaces[MaxPhysicalInterfaces] = Interface{ip: ip, index: MaxPhysicalInterfaces, name: "Internal IP Loopback",
		valid: true, address: loopbackAddress, mask: 0xFF000000, mtu: 65535, linkUp: true}
	ip.rand = k.Engine().Stream(fmt.Sprintf("device %s netx %s NX_RAND", k.Name(), name))
	l, _ := k.Attachment(instancesKey{}).([]*IP)
	k.SetAttachment(instancesKey{}, append(l, ip))
	// The thread is created last: it may preempt the caller at once, and the
	// instance must be complete by then.
	return ip.thread.Create(name, stack, priority, ipthread.Handlers{
		Startup:    ip.startup,
		Receive:    ip.packetReceive,
		ARPReceive: ip.arpPacketReceive,
		Periodic:   ip.periodic,
		Fast:       ip.ipv6Fast,
	})
}

// startup runs on the IP thread when it first runs: every interface with a
// driver is attached, initialized and enabled.
func (ip *IP) startup() {
	for i := range ip.interfaces[:MaxPhysicalInterfaces] {
		if f := &ip.interfaces[i]; f.valid && f.driver != nil {
			f.bringUp()
		}
	}
	ip.initializeDone = true
}

// bringUp sends the attach, initialize and enable requests to the driver.
func (f *Interface) bringUp() {
	f.linkUp = true
	f.call(IPDriver{NxIPDriverCommand: nx.NX_LINK_INTERFACE_ATTACH})
	f.call(IPDriver{NxIPDriverCommand: nx.NX_LINK_INITIALIZE})
	f.call(IPDriver{NxIPDriverCommand: nx.NX_LINK_ENABLE})
}

// periodic is the instance's one-second work on the IP thread.
func (ip *IP) periodic() {
	ip.arpPeriodic()
	ip.reassemblyPeriodic()
	ip.ipv6Periodic()
}

// IPDelete is nx_ip_delete: NX_SOCKETS_BOUND while UDP sockets are
// created; otherwise the drivers are uninitialized, the IP thread and its
// objects deleted and queued packets released. Allowed from threads.
func IPDelete(ipPtr *IP) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPDelete))
	if errorChecking {
		if !validIP(ipPtr) {
			return nx.NX_PTR_ERROR
		}
		if notThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	k := ipPtr.ownKernel()
	if k == nil {
		return nx.NX_CALLER_ERROR
	}
	ip := ipPtr
	if ip.udp != nil && ip.udp.created > 0 {
		return nx.NX_SOCKETS_BOUND
	}
	for i := range ip.interfaces[:MaxPhysicalInterfaces] {
		if f := &ip.interfaces[i]; f.valid && f.driver != nil {
			f.call(IPDriver{NxIPDriverCommand: nx.NX_LINK_UNINITIALIZE})
		}
	}
	ip.arpFlush()
	ip.reassemblyFlush()
	ip.ipv6Flush()
	ip.id = 0
	l, _ := k.Attachment(instancesKey{}).([]*IP)
	for i, x := range l {
		if x == ip {
			k.SetAttachment(instancesKey{}, append(l[:i:i], l[i+1:]...))
			break
		}
	}
	ip.thread.Delete()
	return nx.NX_SUCCESS
}

// Name returns the instance name.
func (ip *IP) Name() string { return ip.name }

// Kernel returns the device the instance belongs to.
func (ip *IP) Kernel() *rtos.Kernel { return ip.k }

// Interface returns interface i, or nil.
func (ip *IP) Interface(i int) *Interface {
	if i < 0 || i >= len(ip.interfaces) {
		return nil
	}
	return &ip.interfaces[i]
}

// DefaultPool returns the pool given to IPCreate.
func (ip *IP) DefaultPool() *packetpool.Pool { return ip.defaultPool }

// IPThread returns the instance's IP thread.
func (ip *IP) IPThread() *rtos.Thread { return ip.thread.Thread() }
