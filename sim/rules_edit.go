package sim

import "fmt"

// EditIt replaces the datagram's UDP payload with what edit returns (edit
// gets a copy it may change and return). The UDP length, the IP length and
// checksum and the UDP checksum are made right for the new payload, as
// TruncateIt does: the edit models a peer that sent those bytes, not damage
// on the line, so it reaches the receiver's DTLS layer. name says what the
// edit does; it is the trace's and the capture comment's note. A datagram
// that is not one whole UDP datagram (a fragment of a fragmented IP
// datagram) is left as it is, and is not counted in Edited; so is one
// whose edit returns more than maxEditedPayload bytes (the trace says so).
//
//	// Set the cookie length of every HelloVerifyRequest to 255.
//	&sim.Rule{Name: "bad cookie", Match: sim.Match{To: "client", Record: sim.HandshakeTypeIs(sim.HelloVerifyRequest)},
//		Action: sim.EditIt("cookie length 255", sim.SetBodyByte(2, 255))}
func EditIt(name string, edit func(payload []byte) []byte) Action {
	return Action{kind: "edit", what: name, edit: edit}
}

// validateEdit checks EditIt's parameters.
func (a Action) validateEdit(who string) error {
	if a.edit == nil {
		return &ParamError{Stage: who, Field: "EditIt", Value: nil, Allowed: "an edit function"}
	}
	if a.what == "" {
		return &ParamError{Stage: who, Field: "EditIt name", Value: "", Allowed: "a name that says what the edit does"}
	}
	return nil
}

// edit applies an EditIt action to c.
func (s *RuleSet) edit(t *transit, who string, a Action, c *inFlight) {
	d, ok := parseUDP(c.data)
	if !ok {
		return
	}
	p := a.edit(append([]byte(nil), d.payload...))
	if len(p) > maxEditedPayload {
		t.note(who, fmt.Sprintf("edit %s returned %d payload bytes (at most %d): left as it was", a.what, len(p), maxEditedPayload))
		return
	}
	if edited, ok := withUDPPayload(c.data, p); ok {
		s.stats.Edited++
		c.data = edited
		t.note(who, fmt.Sprintf("edited: %s (%d payload bytes)", a.what, len(p)))
	}
}

// maxEditedPayload is the longest UDP payload an IPv4 datagram's length
// fields hold (65535 - 20 - 8), the bound for an edited payload.
const maxEditedPayload = 65507

// Offsets into a DTLS datagram's UDP payload: the first record's header
// (13 bytes) and its first handshake message's header (12 bytes, RFC 6347
// §4.2.2).
const (
	recordHeaderLen    = 13
	handshakeHeaderLen = 12
	firstBodyAt        = recordHeaderLen + handshakeHeaderLen
)

// SetBodyByte is an edit for EditIt: it sets the byte at offset of the
// body of the datagram's first handshake message (offset 0 is the byte
// after the 12-byte handshake header of the first record) to v. A payload
// too short to hold that byte is returned unchanged.
func SetBodyByte(offset int, v byte) func(payload []byte) []byte {
	return func(p []byte) []byte {
		if at := firstBodyAt + offset; offset >= 0 && at < len(p) {
			p[at] = v
		}
		return p
	}
}
