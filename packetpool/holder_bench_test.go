package packetpool

import "testing"

// BenchmarkHandOver measures recording a hand-over (holder and site) from
// a shallow stack and from one deeper than the frames a site looks at.
func BenchmarkHandOver(b *testing.B) {
	for _, c := range []struct {
		name  string
		depth int
	}{
		{"shallow", 0},
		{"deep", siteDepth},
	} {
		b.Run(c.name, func(b *testing.B) {
			var p Packet
			b.ReportAllocs()
			atDepth(c.depth, func() {
				for b.Loop() {
					HandOver(&p, "a queue")
				}
			})
		})
	}
}

// atDepth calls f under depth more frames.
//
//go:noinline
func atDepth(depth int, f func()) {
	if depth == 0 {
		f()
		return
	}
	atDepth(depth-1, f)
}
