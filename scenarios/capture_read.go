package scenarios

import (
	"encoding/binary"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nxsim/nxsim/sim"
)

// capturedFrame is one packet of a capture sim wrote.
type capturedFrame struct {
	number  int // 1-based, as tshark numbers frames
	at      time.Duration
	point   string // the interface: "lan" (the wire) or "lan/server" (a receive side)
	data    []byte
	comment string
}

// pcapng block types and options used here (sim/capture.go writes them).
const (
	blockInterface = 1
	blockPacket    = 6
	optionComment  = 1
	optionIfName   = 2
)

// readCapture reads the interfaces and packets of a little-endian pcapng
// capture of one section, as sim writes them; what it cannot read ends the
// reading.
func readCapture(b []byte) []capturedFrame {
	le := binary.LittleEndian
	var out []capturedFrame
	var points []string
	for len(b) >= 12 {
		typ, total := le.Uint32(b), int(le.Uint32(b[4:]))
		if total < 12 || total > len(b) || total%4 != 0 {
			break
		}
		block := b[:total]
		b = b[total:]
		switch {
		case typ == blockInterface && total >= 20:
			points = append(points, string(options(block[16 : total-4])[optionIfName]))
		case typ == blockPacket && total >= 32:
			capLen := int(le.Uint32(block[20:]))
			if capLen < 0 || 28+capLen > total-4 {
				continue
			}
			id := int(le.Uint32(block[8:]))
			f := capturedFrame{number: len(out) + 1, data: block[28 : 28+capLen],
				at:      time.Duration(uint64(le.Uint32(block[12:]))<<32|uint64(le.Uint32(block[16:]))) - time.Duration(sim.CaptureEpoch.UnixNano()),
				comment: string(options(block[28+capLen+pad4(capLen) : total-4])[optionComment])}
			if id < len(points) {
				f.point = points[id]
			}
			out = append(out, f)
		}
	}
	return out
}

func pad4(n int) int { return (4 - n%4) % 4 }

// options reads pcapng options (the first of each code).
func options(b []byte) map[uint16][]byte {
	le := binary.LittleEndian
	out := map[uint16][]byte{}
	for len(b) >= 4 {
		code, n := le.Uint16(b), int(le.Uint16(b[2:]))
		if code == 0 || 4+n > len(b) {
			break
		}
		if _, seen := out[code]; !seen {
			out[code] = b[4 : 4+n]
		}
		b = b[min(4+n+pad4(n), len(b)):]
	}
	return out
}

// receivedRE reads a receive side's comment: the port, and which frame of
// the capture it received.
var receivedRE = regexp.MustCompile(`^received by (\S+): frame #(\d+) `)

// arrival is a copy of a frame a port received.
type arrival struct {
	at      time.Duration
	comment string
}

// arrivals maps each sent frame's number and receiving port to the copies
// that port received.
func arrivals(frames []capturedFrame) map[int]map[string][]arrival {
	out := map[int]map[string][]arrival{}
	for _, f := range frames {
		m := receivedRE.FindStringSubmatch(f.comment)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		if out[n] == nil {
			out[n] = map[string][]arrival{}
		}
		out[n][m[1]] = append(out[n][m[1]], arrival{at: f.at, comment: f.comment})
	}
	return out
}

// captured returns the run's capture read back (once the run is over).
func (r *run) captured() []capturedFrame {
	if r.frames == nil {
		r.frames = readCapture(r.capture.Bytes())
	}
	return r.frames
}

// resent counts, for each segment and sender, the datagrams that repeat
// byte for byte one the same port sent before on that segment: NetX
// re-sends a DTLS flight as the same datagrams (dtls-semantics.md §2.6),
// so these are its retransmissions. Copies the network made are not on the
// wire twice and do not count.
func (r *run) resent() map[string]uint64 {
	out := map[string]uint64{}
	seen := map[string]bool{}
	for _, f := range r.captured() {
		udp := udpOf(f.data)
		if strings.Contains(f.point, "/") || udp == nil {
			continue
		}
		p := r.port(f.point, f.data, true)
		if p == nil {
			continue
		}
		// The IPv4 header differs between sendings (its identification).
		key := f.point + "\x00" + string(f.data[6:12]) + string(f.data[14+12:14+20]) + string(udp)
		if seen[key] {
			out[f.point+".resent."+p.Device()]++
		}
		seen[key] = true
	}
	return out
}

// udpOf returns the UDP header and payload of an Ethernet/IPv4 frame's
// first fragment, or nil.
func udpOf(frame []byte) []byte {
	if len(frame) < 14+20 || binary.BigEndian.Uint16(frame[12:]) != 0x0800 {
		return nil
	}
	ip := frame[14:]
	ihl := int(ip[0]&0x0F) * 4
	if ip[9] != 17 || ihl < 20 || len(ip) < ihl+8 || binary.BigEndian.Uint16(ip[6:])&0x1FFF != 0 {
		return nil
	}
	return ip[ihl:]
}
