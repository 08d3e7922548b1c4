package sim

import (
	"encoding/binary"
	"io"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

// capture is the pcapng writer of a network. gopacket's NgWriter writes the
// section header and the interfaces; it cannot write packet comments or
// Decryption Secrets Blocks, so packets and secrets are written here as raw
// blocks, after flushing the NgWriter (reference/tooling.md §4).
type capture struct {
	w       io.Writer
	ng      *pcapgo.NgWriter
	points  map[string]bool // the interfaces to capture; nil: all
	ifIndex map[string]int  // interface name → its id in the file
	packets int             // Enhanced Packet Blocks written
	pending [][]byte        // blocks written before the section header
	err     error
}

// captureApplication names the writer in the section header. Hardware and
// OS stay empty on purpose: gopacket's defaults would record the host.
const captureApplication = "nxsim"

// pcapng block types and option codes.
const (
	blockEnhancedPacket   = 0x00000006
	blockDecryptionSecret = 0x0000000A
	secretsTLSKeyLog      = 0x544C534B
	optionComment         = 1
)

// wireInterface is a segment's wire view: every frame as sent.
func wireInterface(s *Segment) pcapgo.NgInterface {
	return pcapgo.NgInterface{Name: s.name, Description: "nxsim segment " + s.name + ": every frame as sent",
		LinkType: layers.LinkTypeEthernet}
}

// receiveInterface is a port's receive side: every frame as it arrived.
func receiveInterface(p *Port) pcapgo.NgInterface {
	return pcapgo.NgInterface{Name: p.receivePoint(), Description: "nxsim segment " + p.segment.name + ": frames as " +
		p.name + " received them", LinkType: layers.LinkTypeEthernet}
}

// add adds an interface if it is a chosen point (the first one creates the
// file's section header).
func (c *capture) add(intf pcapgo.NgInterface) error {
	if c.points != nil && !c.points[intf.Name] {
		return nil
	}
	if c.ng == nil {
		ng, err := pcapgo.NewNgWriterInterface(c.w, intf,
			pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{Application: captureApplication}})
		if err != nil {
			return err
		}
		c.ng = ng
		c.ifIndex[intf.Name] = 0
		if err := ng.Flush(); err != nil {
			return err
		}
		for _, b := range c.pending {
			c.raw(b)
		}
		c.pending = nil
		return c.err
	}
	id, err := c.ng.AddInterface(intf)
	if err != nil {
		return err
	}
	c.ifIndex[intf.Name] = id
	return c.ng.Flush()
}

func pad4(n int) int { return (4 - n%4) % 4 }

// frame writes one frame seen at a capture point at virtual time at, as an
// Enhanced Packet Block with a comment when there is one, and returns its
// number in the file (Wireshark's frame number; 0 if the point is not
// captured). Timestamps are in nanoseconds, the resolution gopacket
// declares for every interface.
func (c *capture) frame(point string, at time.Duration, data []byte, comment string) int {
	id, ok := c.ifIndex[point]
	if !ok || c.err != nil {
		return 0
	}
	var opts []byte
	if comment != "" {
		opts = append(option(optionComment, []byte(comment)), 0, 0, 0, 0) // opt_endofopt
	}
	total := 28 + len(data) + pad4(len(data)) + len(opts) + 4
	b := make([]byte, total)
	le := binary.LittleEndian
	ts := uint64(CaptureEpoch.Add(at).UnixNano())
	le.PutUint32(b[0:], blockEnhancedPacket)
	le.PutUint32(b[4:], uint32(total))
	le.PutUint32(b[8:], uint32(id))
	le.PutUint32(b[12:], uint32(ts>>32))
	le.PutUint32(b[16:], uint32(ts))
	le.PutUint32(b[20:], uint32(len(data)))
	le.PutUint32(b[24:], uint32(len(data)))
	copy(b[28:], data)
	copy(b[28+len(data)+pad4(len(data)):], opts)
	le.PutUint32(b[total-4:], uint32(total))
	c.raw(b)
	c.packets++
	return c.packets
}

// option encodes one pcapng option, its value padded to 4 bytes.
func option(code uint16, value []byte) []byte {
	b := make([]byte, 4+len(value)+pad4(len(value)))
	binary.LittleEndian.PutUint16(b[0:], code)
	binary.LittleEndian.PutUint16(b[2:], uint16(len(value)))
	copy(b[4:], value)
	return b
}

// secrets writes a Decryption Secrets Block with TLS key-log lines.
func (c *capture) secrets(keyLog []byte) {
	total := 16 + len(keyLog) + pad4(len(keyLog)) + 4
	b := make([]byte, total)
	le := binary.LittleEndian
	le.PutUint32(b[0:], blockDecryptionSecret)
	le.PutUint32(b[4:], uint32(total))
	le.PutUint32(b[8:], secretsTLSKeyLog)
	le.PutUint32(b[12:], uint32(len(keyLog)))
	copy(b[16:], keyLog)
	le.PutUint32(b[total-4:], uint32(total))
	c.raw(b)
}

// raw writes a block after everything the NgWriter buffered.
// Before the first interface there is no section yet: a block (a key log
// written before any capture point exists) waits for it.
func (c *capture) raw(block []byte) {
	if c.ng == nil {
		c.pending = append(c.pending, block)
		return
	}
	if c.err != nil {
		return
	}
	if err := c.ng.Flush(); err != nil {
		c.fail(err)
		return
	}
	_, err := c.w.Write(block)
	c.fail(err)
}

func (c *capture) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}
