package sim

import (
	"encoding/binary"

	"github.com/pion/dtls/v2/pkg/protocol/handshake"
	"github.com/pion/dtls/v2/pkg/protocol/recordlayer"
)

// Record is the clear-text header of one DTLS record of a datagram, as
// rules see it; Handshake is set for handshake records of epoch 0 (later
// epochs are encrypted), and Flight says where the record stands in its
// association's handshakes (see Flight).
type Record struct {
	ContentType uint8 // 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data
	Version     uint16
	Epoch       uint16
	Sequence    uint64
	Length      uint16
	Handshake   *HandshakeHeader
	Flight      Flight
}

// HandshakeHeader is a DTLS handshake message header (RFC 6347 §4.2.2).
type HandshakeHeader struct {
	Type           uint8 // 1 ClientHello, 2 ServerHello, 3 HelloVerifyRequest, 11 Certificate, 20 Finished, ...
	Length         uint32
	MessageSeq     uint16
	FragmentOffset uint32
	FragmentLength uint32
}

// DTLS content types and handshake types, for rules.
const (
	ChangeCipherSpec   = 20
	Alert              = 21
	Handshake          = 22
	ApplicationData    = 23
	ClientHello        = 1
	ServerHello        = 2
	HelloVerifyRequest = 3
	Certificate        = 11
	ServerKeyExchange  = 12
	ServerHelloDone    = 14
	ClientKeyExchange  = 16
	Finished           = 20
)

// records parses a UDP payload as DTLS records (pion's record and
// handshake headers); nil if it does not start with a DTLS 1.0/1.2 record.
// Records are parsed from their headers only, and the last one may be cut
// short (the first fragment of a fragmented datagram).
func records(payload []byte) []Record {
	var out []Record
	walkRecords(payload, func(r Record, _ []byte) { out = append(out, r) })
	return out
}

// walkRecords calls f with each record header of a payload and the part of
// its body the payload holds, until something is not a record header.
func walkRecords(payload []byte, f func(r Record, body []byte)) {
	for len(payload) >= recordlayer.HeaderSize {
		var h recordlayer.Header
		if h.Unmarshal(payload) != nil {
			return
		}
		length := binary.BigEndian.Uint16(payload[recordlayer.HeaderSize-2:])
		body := payload[recordlayer.HeaderSize:min(recordlayer.HeaderSize+int(length), len(payload))]
		rec := Record{ContentType: uint8(h.ContentType), Version: uint16(h.Version.Major)<<8 | uint16(h.Version.Minor),
			Epoch: h.Epoch, Sequence: h.SequenceNumber, Length: length}
		var hh handshake.Header
		if rec.ContentType == Handshake && rec.Epoch == 0 && hh.Unmarshal(body) == nil {
			rec.Handshake = &HandshakeHeader{Type: uint8(hh.Type), Length: hh.Length, MessageSeq: hh.MessageSequence,
				FragmentOffset: hh.FragmentOffset, FragmentLength: hh.FragmentLength}
		}
		f(rec, body)
		payload = payload[len(body)+recordlayer.HeaderSize:]
	}
}

// ContentTypeIs matches records of a content type.
func ContentTypeIs(t uint8) func(Record) bool {
	return func(r Record) bool { return r.ContentType == t }
}

// EpochIs matches records of an epoch.
func EpochIs(e uint16) func(Record) bool { return func(r Record) bool { return r.Epoch == e } }

// SequenceIs matches the record with that record sequence number.
func SequenceIs(s uint64) func(Record) bool { return func(r Record) bool { return r.Sequence == s } }

// HandshakeTypeIs matches clear-text handshake records of a message type.
func HandshakeTypeIs(t uint8) func(Record) bool {
	return func(r Record) bool { return r.Handshake != nil && r.Handshake.Type == t }
}

// MessageSeqIs matches clear-text handshake records of a message sequence.
func MessageSeqIs(s uint16) func(Record) bool {
	return func(r Record) bool { return r.Handshake != nil && r.Handshake.MessageSeq == s }
}

// FragmentOffsetIs matches clear-text handshake fragments at an offset.
func FragmentOffsetIs(o uint32) func(Record) bool {
	return func(r Record) bool { return r.Handshake != nil && r.Handshake.FragmentOffset == o }
}

// Any matches records at least one predicate matches.
func Any(preds ...func(Record) bool) func(Record) bool {
	return func(r Record) bool {
		for _, p := range preds {
			if p(r) {
				return true
			}
		}
		return false
	}
}

// All matches records every predicate matches.
func All(preds ...func(Record) bool) func(Record) bool {
	return func(r Record) bool {
		for _, p := range preds {
			if !p(r) {
				return false
			}
		}
		return true
	}
}
