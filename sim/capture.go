package sim

import (
	"io"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

// capture is the pcapng writer of a network. gopacket's NgWriter writes the
// section header, interfaces and packets; blocks it cannot write (packet
// comments, Decryption Secrets Blocks) go to w directly between a Flush and
// the next packet, which is why the underlying writer is kept.
type capture struct {
	w       io.Writer
	ng      *pcapgo.NgWriter
	ifIndex map[*Segment]int
	err     error
}

// captureApplication names the writer in the section header. Hardware and
// OS stay empty on purpose: gopacket's defaults would record the host.
const captureApplication = "nxsim"

func segmentInterface(s *Segment) pcapgo.NgInterface {
	return pcapgo.NgInterface{Name: s.name, Description: "nxsim segment " + s.name,
		LinkType: layers.LinkTypeEthernet, SnapLength: 0}
}

// addSegment adds the segment's interface (the first one creates the file's
// section header).
func (c *capture) addSegment(s *Segment) error {
	if c.ng == nil {
		ng, err := pcapgo.NewNgWriterInterface(c.w, segmentInterface(s),
			pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{Application: captureApplication}})
		if err != nil {
			return err
		}
		c.ng = ng
		c.ifIndex[s] = 0
		return ng.Flush()
	}
	id, err := c.ng.AddInterface(segmentInterface(s))
	if err != nil {
		return err
	}
	c.ifIndex[s] = id
	return c.ng.Flush()
}

// frame writes one frame seen on a segment at virtual time at.
func (c *capture) frame(s *Segment, at time.Duration, data []byte) {
	if c.err != nil {
		return
	}
	ci := gopacket.CaptureInfo{Timestamp: CaptureEpoch.Add(at), CaptureLength: len(data), Length: len(data), InterfaceIndex: c.ifIndex[s]}
	if err := c.ng.WritePacket(ci, data); err != nil {
		c.fail(err)
		return
	}
	c.fail(c.ng.Flush())
}

func (c *capture) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}
