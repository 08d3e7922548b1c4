package packetpool

import (
	"unsafe"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// PacketHeaderSize is sizeof(NX_PACKET) on the emulated target: the bytes of
// pool memory each packet's header takes. 60 is what NetX Duo's own 32-bit
// test build measures (reference: netx-observed.md §5); the x86-64 Linux
// build has 104. Set it before creating pools.
var PacketHeaderSize nx.ULONG = 60

// packetAlignment is NX_PACKET_ALIGNMENT, sizeof(ULONG).
const packetAlignment = 4

// poolID marks a created pool (NX_PACKET_POOL_ID, "PACK").
const poolID = 0x5041434B

// Pool is NX_PACKET_POOL. Its zero value is "not created".
type Pool struct {
	_    noCopy
	id   uint32
	k    *rtos.Kernel
	name string

	payloadSize nx.ULONG
	memory      []byte
	packets     []Packet
	free        []*Packet // available list; the head is the last element

	emptyRequests    nx.ULONG
	emptySuspensions nx.ULONG
	invalidReleases  nx.ULONG
	waiters          rtos.WaitList
}

// noCopy makes go vet's copylocks check flag copies of control blocks.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

func roundUp(n, a uintptr) uintptr { return (n + a - 1) / a * a }

// PoolCreate is nx_packet_pool_create: the pool's packets are carved from
// memory. With A = 4, H = PacketHeaderSize rounded up to A, and the memory's
// start rounded up and its size rounded down to A, the pool holds
// floor(size / roundup(H + payloadSize, A)) packets, each with payloadSize
// bytes of payload (nx_packet_pool_create.c). Allowed from initialization
// and threads.
func PoolCreate(poolPtr *Pool, name string, payloadSize nx.ULONG, memory []byte) nx.Status {
	defer rtos.Leave(rtos.Enter(opPoolCreate))
	if errorChecking {
		if st := nxePoolCreate(poolPtr, payloadSize, memory); st != nx.NX_SUCCESS {
			return st
		}
	}
	c, k := rtos.CurrentContext()
	if k == nil || c == rtos.ContextISR || c == rtos.ContextTimer {
		return nx.NX_CALLER_ERROR
	}
	// _nx_packet_pool_create itself checks no size: memory too small for
	// one packet makes an empty pool (the nxe_ layer refuses it).
	skip, header, stride, count := layout(payloadSize, memory)
	*poolPtr = Pool{id: poolID, k: k, name: name, payloadSize: payloadSize, memory: memory}
	p := poolPtr
	p.packets = make([]Packet, count)
	p.free = make([]*Packet, count)
	for i := range p.packets {
		off := int(skip + uintptr(i)*stride + header)
		pkt := &p.packets[i]
		pkt.pool = p
		pkt.NxPacketDataStart = memory[off : off+int(payloadSize) : off+int(payloadSize)]
		pkt.state = stateFree
		// The free list is in address order: the first packet is its head.
		p.free[count-1-i] = pkt
	}
	register(k, p)
	return nx.NX_SUCCESS
}

// layout is how _nx_packet_pool_create carves the memory: skip bytes to
// the first NX_PACKET_ALIGNMENT boundary, then count packets of stride
// bytes, each a header of header bytes and the payload, rounded up.
func layout(payloadSize nx.ULONG, memory []byte) (skip, header, stride uintptr, count int) {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(memory)))
	skip = roundUp(start, packetAlignment) - start
	usable := (uintptr(len(memory)) - min(skip, uintptr(len(memory)))) / packetAlignment * packetAlignment
	header = roundUp(uintptr(PacketHeaderSize), packetAlignment)
	stride = roundUp(header+uintptr(payloadSize), packetAlignment)
	return skip, header, stride, int(usable / stride)
}

// poolsKey is the kernel attachment that lists a device's pools.
type poolsKey struct{}

func register(k *rtos.Kernel, p *Pool) {
	pools, _ := k.Attachment(poolsKey{}).([]*Pool)
	k.SetAttachment(poolsKey{}, append(pools, p))
}

func unregister(k *rtos.Kernel, p *Pool) {
	pools, _ := k.Attachment(poolsKey{}).([]*Pool)
	for i, q := range pools {
		if q == p {
			k.SetAttachment(poolsKey{}, append(pools[:i:i], pools[i+1:]...))
			return
		}
	}
}

// Pools returns the created pools of a device, in creation order.
func Pools(k *rtos.Kernel) []*Pool {
	pools, _ := k.Attachment(poolsKey{}).([]*Pool)
	return append([]*Pool(nil), pools...)
}

// Name returns the pool's name.
func (p *Pool) Name() string { return p.name }

// PayloadSize returns the payload bytes of each packet.
func (p *Pool) PayloadSize() nx.ULONG { return p.payloadSize }

// Total returns the number of packets the pool holds.
func (p *Pool) Total() int { return len(p.packets) }

// Available returns the number of packets in the pool now.
func (p *Pool) Available() int { return len(p.free) }

// PoolDelete is nx_packet_pool_delete: the pool is no longer created and
// threads waiting for a packet return NX_POOL_DELETED. Packets still out are
// not checked, as in NetX. Allowed from threads.
func PoolDelete(poolPtr *Pool) nx.Status {
	defer rtos.Leave(rtos.Enter(opPoolDelete))
	if errorChecking {
		if !validPool(poolPtr) {
			return nx.NX_PTR_ERROR
		}
		if c, _ := rtos.CurrentContext(); c != rtos.ContextThread {
			return nx.NX_CALLER_ERROR
		}
	}
	k := ownKernel(poolPtr)
	if k == nil {
		return nx.NX_CALLER_ERROR
	}
	poolPtr.id = 0
	unregister(k, poolPtr)
	poolPtr.waiters.WakeAll(nx.NX_POOL_DELETED)
	rtos.PreemptionPoint()
	return nx.NX_SUCCESS
}

// PoolInfoGet is nx_packet_pool_info_get. Any out-pointer may be nil.
// Allowed from initialization, threads and timers.
func PoolInfoGet(poolPtr *Pool, totalPackets, freePackets, emptyPoolRequests, emptyPoolSuspensions,
	invalidPacketReleases *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opPoolInfoGet))
	if errorChecking {
		if !validPool(poolPtr) {
			return nx.NX_PTR_ERROR
		}
		if c, _ := rtos.CurrentContext(); c == rtos.ContextISR {
			return nx.NX_CALLER_ERROR
		}
	}
	p := poolPtr
	set(totalPackets, nx.ULONG(len(p.packets)))
	set(freePackets, nx.ULONG(len(p.free)))
	set(emptyPoolRequests, p.emptyRequests)
	set(emptyPoolSuspensions, p.emptySuspensions)
	set(invalidPacketReleases, p.invalidReleases)
	return nx.NX_SUCCESS
}

func set(p *nx.ULONG, v nx.ULONG) {
	if p != nil {
		*p = v
	}
}

func validPool(p *Pool) bool { return p != nil && p.id == poolID }

// ownKernel returns the calling device if it owns the pool, else nil: a
// pool is used by code of its own device only.
func ownKernel(p *Pool) *rtos.Kernel {
	_, k := rtos.CurrentContext()
	if k == nil || k != p.k {
		return nil
	}
	return k
}
