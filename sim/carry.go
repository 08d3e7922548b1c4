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
// a comment that lists every decision taken.
func (s *Segment) carry(from *Port, frame []byte) {
	n := s.network
	s.frameNo++
	var notes []string
	sent := &sentFrame{no: s.frameNo, from: from, at: n.engine.Now()}
	t := &transit{seg: s, from: from, now: sent.at, frameNo: sent.no, notes: &notes,
		copies: []*inFlight{{data: frame, sent: sent}}}
	if n.isOut(from.device, t.now) {
		t.note("outage", "dropped: "+from.device+"'s port is out")
		t.copies = nil
	}
	run(t, s.chains.egress[from.device])
	run(t, s.chains.all)
	for _, c := range t.copies {
		for _, to := range s.receivers(from, c.data) {
			s.toReceiver(t, c, to)
		}
	}
	if n.capture != nil {
		comment := ""
		if len(notes) > 0 {
			comment = fmt.Sprintf("%s (seed %d)", strings.Join(notes, "; "), n.engine.Seed())
		}
		sent.captured = n.capture.frame(s.name, t.now, frame, comment)
	}
}

// toReceiver takes one copy of a frame from the fan-out to a receiving
// port: the partition at the send instant, the pair's and the receiver's
// chains, then for each resulting copy the faults at its arrival instant.
func (s *Segment) toReceiver(t *transit, c *inFlight, to *Port) {
	n := s.network
	tt := &transit{seg: s, from: t.from, to: to, now: t.now, frameNo: t.frameNo, notes: t.notes,
		copies: []*inFlight{c.clone()}}
	if n.partitioned(t.from.device, to.device, t.now) {
		tt.note("partition", "dropped: sent inside the partition")
		return
	}
	run(tt, s.chains.pairs[[2]string{t.from.device, to.device}])
	run(tt, s.chains.ingress[to.device])
	for i, cc := range tt.copies {
		at := t.now + s.Latency + cc.delay
		switch {
		case n.isOut(to.device, at):
			tt.note("outage", fmt.Sprintf("dropped: %s's port is out when it arrives at %v", to.device, at))
		case n.partitioned(t.from.device, to.device, at):
			tt.note("partition", fmt.Sprintf("dropped: arrives at %v inside the partition", at))
		default:
			to.deliver(at, cc.data, delivery{sent: cc.sent, copy: i + 1, copies: len(tt.copies)})
		}
	}
}

// delivery says where a delivered copy comes from, for the receiver's view.
type delivery struct {
	sent         *sentFrame
	copy, copies int // this copy's number among the copies the receiver got
}
