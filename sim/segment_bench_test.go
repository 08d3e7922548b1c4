package sim

import (
	"fmt"
	"testing"
	"time"

	"github.com/nxsim/nxsim/rtos"
)

// benchSegment is a segment of n ports whose deliveries are counted and
// dropped (no devices: the cost measured is the segment's).
func benchSegment(b *testing.B, n int) (*Segment, []*Port, *int) {
	e := rtos.NewEngine(1)
	b.Cleanup(e.Close)
	s := NewNetwork(e).Segment("lan")
	delivered := new(int)
	ports := make([]*Port, n)
	for i := range ports {
		ports[i] = s.attach(fmt.Sprintf("dev%d", i))
		ports[i].deliver = func(time.Duration, []byte, delivery) { *delivered++ }
	}
	return s, ports, delivered
}

// frameTo is a UDP frame from one port to a MAC.
func frameTo(b *testing.B, from *Port, dst [6]byte) []byte {
	f := udpFrame(b, []byte("a datagram of some length"))
	src := from.MAC()
	copy(f[0:], dst[:])
	copy(f[6:], src[:])
	return f
}

// Unicast frames per second through a segment: each port sends to the
// next. The cost per frame does not grow with the number of ports (an
// exact-MAC forwarding table).
func BenchmarkSegmentUnicast(b *testing.B) {
	for _, n := range []int{10, 100, 1000, 10000} {
		b.Run(fmt.Sprintf("ports=%d", n), func(b *testing.B) {
			s, ports, delivered := benchSegment(b, n)
			frames := make([][]byte, n)
			for i, p := range ports {
				frames[i] = frameTo(b, p, ports[(i+1)%n].MAC())
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				s.carry(ports[i%n], frames[i%n])
			}
			b.ReportMetric(float64(*delivered)/b.Elapsed().Seconds(), "frames/s")
		})
	}
}

// A second of traffic where each port sends one broadcast (every other
// port gets it) and, meanwhile, unicast frames; one op is one port's
// broadcast plus ten unicast frames.
func BenchmarkSegmentBroadcast(b *testing.B) {
	broadcast := [6]byte{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}
	for _, n := range []int{10, 100, 1000, 10000} {
		b.Run(fmt.Sprintf("ports=%d", n), func(b *testing.B) {
			s, ports, delivered := benchSegment(b, n)
			bcast := make([][]byte, n)
			unicast := make([][]byte, n)
			for i, p := range ports {
				bcast[i] = frameTo(b, p, broadcast)
				unicast[i] = frameTo(b, p, ports[(i+1)%n].MAC())
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				s.carry(ports[i%n], bcast[i%n])
				for k := range 10 {
					j := (i + k) % n
					s.carry(ports[j], unicast[j])
				}
			}
			b.ReportMetric(float64(*delivered)/b.Elapsed().Seconds(), "frames/s")
		})
	}
}

// The forwarding table: a unicast frame goes to the one port with its
// destination MAC, an unknown one nowhere (counted), a broadcast to every
// other port in attach order; a detached port's MAC is forgotten.
func TestForwardingTable(t *testing.T) {
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	s := NewNetwork(e).Segment("lan")
	a, b, c := s.attach("a"), s.attach("b"), s.attach("c")
	frame := func(dst [6]byte) []byte { return append(dst[:], make([]byte, 54)...) }
	if got := s.receivers(a, frame(b.MAC())); len(got) != 1 || got[0] != b {
		t.Fatalf("unicast to b reached %v", got)
	}
	if got := s.receivers(a, frame([6]byte{2, 0, 0, 0, 0, 99})); got != nil || s.Stats.UnknownUnicast != 1 {
		t.Fatalf("unknown unicast reached %v, counted %d", got, s.Stats.UnknownUnicast)
	}
	if got := s.receivers(b, frame([6]byte{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})); len(got) != 2 || got[0] != a || got[1] != c {
		t.Fatalf("broadcast from b reached %v", got)
	}
	s.detach(c)
	if got := s.receivers(a, frame(c.MAC())); got != nil || s.Stats.UnknownUnicast != 2 {
		t.Fatalf("unicast to a detached port reached %v", got)
	}
	if d := s.attach("a"); d.Name() != "a.2" || d.MAC() == c.MAC() {
		t.Fatalf("a second port of a is %q with MAC %x", d.Name(), d.MAC())
	}
}
