package securedtls

import "encoding/binary"

// Wire constants (nx_secure_dtls.h, RFC 6347 §4.1 and §4.2.2).
const (
	recordHeaderSize    = 13 // NX_SECURE_DTLS_RECORD_HEADER_SIZE
	handshakeHeaderSize = 12 // NX_SECURE_DTLS_HANDSHAKE_HEADER_SIZE

	contentChangeCipherSpec = 20
	contentAlert            = 21
	contentHandshake        = 22
	contentApplicationData  = 23

	msgHelloRequest       = 0
	msgClientHello        = 1
	msgServerHello        = 2
	msgHelloVerifyRequest = 3
	msgServerKeyExchange  = 12
	msgServerHelloDone    = 14
	msgClientKeyExchange  = 16
	msgFinished           = 20
)

// recordHeader is a DTLS record header: type, version, epoch, 48-bit
// sequence number and length.
type recordHeader struct {
	typ     byte
	version uint16
	epoch   uint16
	seq     uint64 // low 48 bits on the wire
	length  int
}

// parseRecordHeader reads the header at the start of b.
func parseRecordHeader(b []byte) (recordHeader, bool) {
	if len(b) < recordHeaderSize {
		return recordHeader{}, false
	}
	return recordHeader{
		typ:     b[0],
		version: binary.BigEndian.Uint16(b[1:]),
		epoch:   binary.BigEndian.Uint16(b[3:]),
		seq:     uint64(binary.BigEndian.Uint16(b[5:]))<<32 | uint64(binary.BigEndian.Uint32(b[7:])),
		length:  int(binary.BigEndian.Uint16(b[11:])),
	}, true
}

// marshal writes the header into b[:13].
func (h recordHeader) marshal(b []byte) {
	b[0] = h.typ
	binary.BigEndian.PutUint16(b[1:], h.version)
	binary.BigEndian.PutUint16(b[3:], h.epoch)
	binary.BigEndian.PutUint16(b[5:], uint16(h.seq>>32))
	binary.BigEndian.PutUint32(b[7:], uint32(h.seq))
	binary.BigEndian.PutUint16(b[11:], uint16(h.length))
}

// nonce returns epoch‖sequence, the 8 bytes of the MAC sequence, the AEAD
// explicit nonce and additional data.
func (h recordHeader) nonce() []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint16(b, h.epoch)
	binary.BigEndian.PutUint16(b[2:], uint16(h.seq>>32))
	binary.BigEndian.PutUint32(b[4:], uint32(h.seq))
	return b
}

// handshakeHeader is a DTLS handshake message header.
type handshakeHeader struct {
	typ        byte
	length     int
	messageSeq uint16
	fragOffset int
	fragLength int
}

// parseHandshakeHeader reads the header at the start of b (len(b) >= 12).
func parseHandshakeHeader(b []byte) handshakeHeader {
	return handshakeHeader{
		typ:        b[0],
		length:     int(uint24(b[1:])),
		messageSeq: binary.BigEndian.Uint16(b[4:]),
		fragOffset: int(uint24(b[6:])),
		fragLength: int(uint24(b[9:])),
	}
}

// marshalHandshake returns an unfragmented handshake message: header and body.
func marshalHandshake(typ byte, seq uint16, body []byte) []byte {
	b := make([]byte, handshakeHeaderSize+len(body))
	b[0] = typ
	putUint24(b[1:], len(body))
	binary.BigEndian.PutUint16(b[4:], seq)
	putUint24(b[9:], len(body))
	copy(b[handshakeHeaderSize:], body)
	return b
}

func uint24(b []byte) uint32 { return uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2]) }

func putUint24(b []byte, v int) { b[0], b[1], b[2] = byte(v>>16), byte(v>>8), byte(v) }
