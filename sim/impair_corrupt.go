package sim

import "fmt"

// Corrupt flips Bits random bits (at least one) of a frame's UDP payload
// with probability P. The UDP checksum then no longer matches and NetX
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

func (k *Corrupt) apply(t *transit) {
	t.each(func(c *inFlight) []*inFlight {
		k.stats.Seen++
		if k.rng.Float64() >= k.P {
			return []*inFlight{c}
		}
		d, ok := parseUDP(c.data)
		if !ok || len(d.payload) == 0 {
			return []*inFlight{c}
		}
		data := append([]byte(nil), c.data...)
		var flipped []int
		for i := 0; i < max(k.Bits, 1); i++ {
			bit := k.rng.IntN(len(d.payload) * 8)
			data[d.payloadAt+bit/8] ^= 1 << (bit % 8)
			flipped = append(flipped, bit)
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
// fixing the IP and UDP lengths and checksums, so that the receiver gets a
// short datagram (not a malformed frame).
//
//	lan.Egress("client", &sim.Truncate{P: 0.01, Keep: 20})
type Truncate struct {
	stage
	P    float64
	Keep int
}

// Name is "truncate".
func (k *Truncate) Name() string { return "truncate" }

func (k *Truncate) apply(t *transit) {
	t.each(func(c *inFlight) []*inFlight {
		k.stats.Seen++
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

// truncated returns the frame with its UDP payload cut to keep bytes.
func truncated(frame []byte, keep int) ([]byte, bool) {
	d, ok := parseUDP(frame)
	if !ok || keep >= len(d.payload) {
		return nil, false
	}
	return withUDPPayload(frame, append([]byte(nil), d.payload[:max(keep, 0)]...))
}
