package sim

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
)

// Corrupt flips Bits distinct random bits (at least one, at most every bit
// of the payload) of a frame's UDP payload with probability P. The UDP checksum then no longer matches and NetX
// drops the datagram in UDPSocketReceive; with KeepChecksum the checksum is
// made right again, so that the damage reaches the application (a DTLS
// record that fails its MAC).
//
//	lan.Egress("client", &sim.Corrupt{P: 0.05, Bits: 1, KeepChecksum: true})
type Corrupt struct {
	stage
	P            float64
	Bits         int
	KeepChecksum bool
}

// Name is "corrupt".
func (k *Corrupt) Name() string { return "corrupt" }

// Validate checks P is a probability and Bits not negative (0 flips one
// bit).
func (k *Corrupt) Validate() error {
	return firstError(checkProbability(k.Name(), "P", k.P), checkAtLeast(k.Name(), "Bits", int64(k.Bits), 0))
}

func (k *Corrupt) apply(t *transit) {
	t.each(func(c *inFlight) []*inFlight {
		if k.rng.Float64() >= k.P {
			return []*inFlight{c}
		}
		d, ok := parseUDP(c.data)
		if !ok || len(d.payload) == 0 {
			return []*inFlight{c}
		}
		data := append([]byte(nil), c.data...)
		flipped := distinct(k.rng, min(max(k.Bits, 1), len(d.payload)*8), len(d.payload)*8)
		for _, bit := range flipped {
			data[d.payloadAt+bit/8] ^= 1 << (bit % 8)
		}
		if k.KeepChecksum {
			if fixed, ok := withUDPPayload(data, data[d.payloadAt:d.payloadAt+len(d.payload)]); ok {
				data = fixed
			}
		}
		k.stats.Corrupted++
		t.note(k.Name(), fmt.Sprintf("flipped payload bits %v", flipped))
		c.data = data
		return []*inFlight{c}
	})
}

// Truncate cuts a frame's UDP payload to Keep bytes with probability P,
// fixing the IP and UDP lengths, so that the receiver gets a short datagram
// (not a malformed frame). The UDP checksum is made right for the shorter
// payload only if it was right before the cut: damage an earlier Corrupt
// stage left for the checksum to catch stays caught.
//
//	lan.Egress("client", &sim.Truncate{P: 0.01, Keep: 20})
type Truncate struct {
	stage
	P    float64
	Keep int
}

// Name is "truncate".
func (k *Truncate) Name() string { return "truncate" }

// Validate checks P is a probability and Keep not negative.
func (k *Truncate) Validate() error {
	return firstError(checkProbability(k.Name(), "P", k.P), checkAtLeast(k.Name(), "Keep", int64(k.Keep), 0))
}

func (k *Truncate) apply(t *transit) {
	t.each(func(c *inFlight) []*inFlight {
		if k.rng.Float64() >= k.P {
			return []*inFlight{c}
		}
		if short, ok := truncated(c.data, k.Keep); ok {
			k.stats.Truncated++
			t.note(k.Name(), fmt.Sprintf("payload cut to %d bytes", k.Keep))
			c.data = short
		}
		return []*inFlight{c}
	})
}

// truncated returns the frame with its UDP payload cut to keep bytes; its
// UDP checksum is right only if the frame's was.
func truncated(frame []byte, keep int) ([]byte, bool) {
	d, ok := parseUDP(frame)
	if !ok || keep >= len(d.payload) {
		return nil, false
	}
	good := udpChecksumOK(frame, d)
	was := d.checksum(frame)
	short, ok := withUDPPayload(frame, append([]byte(nil), d.payload[:max(keep, 0)]...))
	if !ok || good {
		return short, ok
	}
	// Keep the checksum wrong: the old value, unless it happens to be right
	// for the shorter payload (or reads "no checksum").
	bad := was
	if right := binary.BigEndian.Uint16(short[d.payloadAt-2:]); bad == right || bad == 0 {
		bad = right ^ 0x8000
		if bad == 0 {
			bad = 0x7FFF
		}
	}
	binary.BigEndian.PutUint16(short[d.payloadAt-2:], bad)
	return short, true
}

// distinct draws n distinct integers in [0, of) (Floyd's sampling: n
// draws, however close n is to of), in increasing order.
func distinct(rng stream, n, of int) []int {
	chosen := map[int]bool{}
	for j := of - n; j < of; j++ {
		if v := rng.IntN(j + 1); chosen[v] {
			chosen[j] = true
		} else {
			chosen[v] = true
		}
	}
	return slices.Sorted(maps.Keys(chosen))
}
