package scenarios

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/nxsim/nxsim/sim"
)

// timeline is timeline.json: the engine's scheduling timeline (rtos.Timeline:
// a process per device, a track per thread) with every frame that arrived
// as a flow from its sender to its receiver, at the instants it was sent
// and arrived (read back from the capture's receive sides). It opens in
// ui.perfetto.dev.
func (r *run) timeline() []byte {
	frames := r.captured()
	for _, f := range frames {
		m := receivedRE.FindStringSubmatch(f.comment)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		if n < 1 || n > len(frames) {
			continue
		}
		sent := frames[n-1]
		from, to := r.port(sent.point, sent.data, true), r.port(f.point, nil, false)
		if from == nil || to == nil {
			continue
		}
		// nxsim bridge's host has a port but no kernel: its frames have no
		// device to flow from or to.
		src, dst := r.kernels[from.Device()], r.kernels[to.Device()]
		if src == nil || dst == nil {
			continue
		}
		r.tl.Flow(src, sent.at, dst, f.at, describe(sent.data))
	}
	var b bytes.Buffer
	if _, err := r.tl.WriteTo(&b); err != nil {
		r.fail(err)
	}
	return b.Bytes()
}

// port finds a port: the sender of a frame on a segment's wire (bySource),
// or the port of a receive side ("lan/server").
func (r *run) port(point string, frame []byte, bySource bool) *sim.Port {
	segName, portName, _ := strings.Cut(point, "/")
	seg := r.segments[segName]
	if seg == nil {
		return nil
	}
	for _, p := range seg.Ports() {
		mac := p.MAC()
		if (bySource && len(frame) >= 12 && bytes.Equal(frame[6:12], mac[:])) || (!bySource && p.Name() == portName) {
			return p
		}
	}
	return nil
}
