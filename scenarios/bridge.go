package scenarios

import (
	"fmt"
	"net"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/sim"
)

// bridgeHost is the bridge's name on the segment (its port's counters are
// SEGMENT.port.host.*, its own host.bridge.*).
const bridgeHost = "host"

// bridgeSpec asks a run to follow the wall clock (rtos.WithWallClock) and
// to put a bridge host on a device's segment, whose traffic leaves through
// a real UDP socket (sim.Segment.Bridge): what `nxsim bridge` runs.
type bridgeSpec struct {
	device string  // the device real peers talk to
	port   nx.UINT // its UDP port real peers' datagrams go to
	listen string  // the host socket's address
	// ready, if not nil, is told the host socket's address and the bridge
	// host's address on the segment once the socket is open.
	ready func(local *net.UDPAddr, host string)
	// stop, when closed, ends the run at the next virtual second.
	stop <-chan struct{}

	bridge *sim.Bridge
}

// stopped reports whether the run was asked to end (false without a
// bridge).
func (b *bridgeSpec) stopped() bool {
	if b == nil || b.stop == nil {
		return false
	}
	select {
	case <-b.stop:
		return true
	default:
		return false
	}
}

// attachBridge puts the bridge host on the device's segment at a free
// address of the device's subnet, and opens its socket.
func (r *run) attachBridge(b *bridgeSpec) error {
	def := r.sc.device(b.device)
	host, err := r.freeAddress(r.addresses[def.Name], r.masks[def.Name])
	if err != nil {
		return err
	}
	br, err := r.segments[def.Segment].Bridge(bridgeHost, host, r.addresses[def.Name], b.port, b.listen)
	if err != nil {
		return fmt.Errorf("bridge: %w", err)
	}
	b.bridge = br
	r.cleanups = append(r.cleanups, func() { _ = br.Close() })
	if b.ready != nil {
		b.ready(br.LocalAddr(), dottedQuad(host))
	}
	return nil
}

// freeAddress is the highest host address of the subnet of address that
// no device has.
func (r *run) freeAddress(address, mask nx.ULONG) (nx.ULONG, error) {
	used := map[nx.ULONG]bool{}
	for _, a := range r.addresses {
		used[a] = true
	}
	network, broadcast := address&mask, address|^mask
	for a := broadcast - 1; a > network; a-- {
		if !used[a] {
			return a, nil
		}
	}
	return 0, fmt.Errorf("bridge: no free address left for the bridge host in %s/%s", dottedQuad(network), dottedQuad(mask))
}

func dottedQuad(a nx.ULONG) string {
	return fmt.Sprintf("%d.%d.%d.%d", byte(a>>24), byte(a>>16), byte(a>>8), byte(a))
}
