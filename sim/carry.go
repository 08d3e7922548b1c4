package sim

import (
	"fmt"
	"strings"
	"time"
)

// sentFrame is a frame as its sender put it on a segment: what the copies
// delivered from it point back to.
type sentFrame struct {
	no       uint64 // the segment's frame number
	from     *Port
	at       time.Duration
	captured int // its number in the capture (Wireshark's frame number), 0 if not captured
}

// carry puts a frame on the segment: through the sender's and the
// segment's chains, then for each receiver through the pair's and the
// receiver's chains, to its delivery after the latency. Link faults act at
// both ends: the sender's port out at the send instant drops the frame
// before any stage, the receiver's port out at the arrival instant drops
// that copy; a partition drops a copy whose send or arrival instant falls
// in its window. The capture's wire view gets the frame once, as sent, with
// a comment that lists every decision taken. DTLS flights and their
// transmissions are numbered here, at the sender's port before any stage.
func (s *Segment) carry(from *Port, frame []byte) {
	n := s.network
	s.frameNo++
	s.Stats.Frames++
	var notes []string
	sent := &sentFrame{no: s.frameNo, from: from, at: n.engine.Now()}
	t := &transit{seg: s, from: from, now: sent.at, frameNo: sent.no, notes: &notes,
		copies: []*inFlight{{data: frame, sent: sent, flights: s.flights.classify(frame)}}}
	if n.isOut(from.device, t.now) {
		s.Stats.OutageDrops++
		t.note("outage", "dropped: "+from.device+"'s port is out")
		t.copies = nil
	}
	run(t, s.chains.egress[from.device])
	run(t, s.chains.all)
	var out []arrival
	for _, c := range t.copies {
		src := c.sent.from // not from: a rule may release a datagram held from another sender
		for _, to := range s.receivers(src, c.data) {
			out = s.toReceiver(t, c, src, to, out)
		}
	}
	s.deliver(out)
	if n.capture != nil {
		comment := ""
		if len(notes) > 0 {
			comment = fmt.Sprintf("%s (seed %d)", strings.Join(notes, "; "), n.engine.Seed())
		}
		sent.captured = n.capture.frame(s.name, t.now, frame, comment)
	}
}

// arrival is a copy on its way to a receiving port.
type arrival struct {
	to *Port
	at time.Duration
	c  *inFlight
}

// toReceiver takes one copy of a frame from the fan-out to a receiving
// port: the partition at the send instant, the pair's and the receiver's
// chains, then for each resulting copy the faults at its arrival instant.
// It appends the copies that arrive to out.
func (s *Segment) toReceiver(t *transit, c *inFlight, from, to *Port, out []arrival) []arrival {
	n := s.network
	tt := &transit{seg: s, from: from, to: to, now: t.now, frameNo: t.frameNo, notes: t.notes,
		copies: []*inFlight{c.clone()}}
	if n.partitioned(from.device, to.device, t.now) {
		s.Stats.PartitionDrops++
		tt.note("partition", "dropped: sent inside the partition")
		return out
	}
	run(tt, s.chains.pairs[[2]string{from.device, to.device}])
	run(tt, s.chains.ingress[to.device])
	for _, cc := range tt.copies {
		at := t.now + s.Latency + cc.delay
		switch {
		case n.isOut(to.device, at):
			s.Stats.OutageDrops++
			tt.note("outage", fmt.Sprintf("dropped: %s's port is out when it arrives at %v", to.device, at))
		case n.partitioned(cc.sent.from.device, to.device, at):
			s.Stats.PartitionDrops++
			tt.note("partition", fmt.Sprintf("dropped: arrives at %v inside the partition", at))
		default:
			out = append(out, arrival{to: to, at: at, c: cc})
		}
	}
	return out
}

// deliver hands the arriving copies to their ports' drivers, numbering the
// copies of one sent frame that reach one port.
func (s *Segment) deliver(out []arrival) {
	type key struct {
		to   *Port
		sent *sentFrame
	}
	copies := map[key]int{}
	for _, a := range out {
		copies[key{a.to, a.c.sent}]++
	}
	seen := map[key]int{}
	for _, a := range out {
		k := key{a.to, a.c.sent}
		seen[k]++
		a.to.deliver(a.at, a.c.data, delivery{sent: a.c.sent, copy: seen[k], copies: copies[k]})
	}
}

// delivery says where a delivered copy comes from, for the receiver's view.
type delivery struct {
	sent         *sentFrame
	copy, copies int // this copy's number among the copies the receiver got
}
