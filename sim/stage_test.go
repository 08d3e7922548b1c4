package sim

import (
	"math"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// count returns how many frames survived and how many copies there were.
func count(res [][]*inFlight) (survived, copies int) {
	for _, r := range res {
		if len(r) > 0 {
			survived++
		}
		copies += len(r)
	}
	return
}

// withinBinomial checks k successes of n trials at p lie within 5 standard
// deviations of the mean.
func withinBinomial(t *testing.T, k, n int, p float64, msg string) {
	t.Helper()
	mean, sd := float64(n)*p, math.Sqrt(float64(n)*p*(1-p))
	assert.InDelta(t, mean, float64(k), 5*sd, "%s: %d of %d at p=%g", msg, k, n, p)
}

func TestLoss(t *testing.T) {
	frames := repeat(t, 1000, "x")
	l := &Loss{P: 0.1}
	survived, _ := count(through(t, 1, l, frames))
	// Exactly what seed 1 gives, every run.
	assert.Equal(t, 901, survived)
	assert.Equal(t, uint64(99), l.Stats().Dropped)
	assert.Equal(t, uint64(1000), l.Stats().Seen)
	for seed := uint64(2); seed < 40; seed++ {
		l := &Loss{P: 0.1}
		through(t, seed, l, frames)
		withinBinomial(t, int(l.Stats().Dropped), 1000, 0.1, "loss")
	}
}

func TestGilbertElliottBursts(t *testing.T) {
	frames := repeat(t, 200000, "x")
	g := &GilbertElliott{P: 0.05, R: 0.25, LossBad: 1}
	through(t, 1, g, frames)
	st := g.Stats()
	meanBurst := float64(st.Dropped) / float64(st.Bursts)
	assert.InEpsilon(t, 1/0.25, meanBurst, 0.05, "mean burst length 1/R")
	assert.InEpsilon(t, 0.05/(0.05+0.25), float64(st.Dropped)/float64(st.Seen), 0.05, "mean loss P/(P+R)")
}

func TestDelayAndJitter(t *testing.T) {
	frames := repeat(t, 2000, "x")
	for _, reorder := range []bool{false, true} {
		d := &Delay{Base: 5 * time.Millisecond, Jitter: 4 * time.Millisecond, AllowReorder: reorder}
		res := through(t, 1, d, frames)
		inversions := 0
		var lastArrival time.Duration
		for i, r := range res {
			require.Len(t, r, 1)
			arrival := time.Duration(i)*time.Millisecond + r[0].delay
			if !reorder {
				assert.GreaterOrEqual(t, arrival, lastArrival, "order kept")
			} else {
				assert.GreaterOrEqual(t, r[0].delay, time.Millisecond)
				assert.LessOrEqual(t, r[0].delay, 9*time.Millisecond)
			}
			if arrival < lastArrival {
				inversions++
			}
			lastArrival = max(lastArrival, arrival)
		}
		if reorder {
			assert.Greater(t, inversions, 100, "jitter larger than the spacing reorders")
		} else {
			assert.Zero(t, inversions)
		}
	}
}

func TestReorder(t *testing.T) {
	frames := repeat(t, 1000, "x")
	r := &Reorder{P: 0.2, Gap: 3 * time.Millisecond}
	res := through(t, 1, r, frames)
	held := 0
	for _, c := range res {
		if c[0].delay == 3*time.Millisecond {
			held++
		}
	}
	assert.Equal(t, int(r.Stats().Reordered), held)
	withinBinomial(t, held, 1000, 0.2, "reorder")
}

func TestDuplicate(t *testing.T) {
	frames := repeat(t, 1000, "x")
	d := &Duplicate{P: 0.05}
	_, copies := count(through(t, 1, d, frames))
	assert.Equal(t, 1000+int(d.Stats().Duplicated), copies)
	assert.Equal(t, uint64(50), d.Stats().Duplicated, "exactly what seed 1 gives")
	withinBinomial(t, int(d.Stats().Duplicated), 1000, 0.05, "duplicate")
}

// udpOf decodes a frame and returns its UDP layer, checking the UDP
// checksum gopacket computes against the one on the wire.
func udpOf(t *testing.T, frame []byte) (*layers.UDP, bool) {
	p := gopacket.NewPacket(frame, layers.LayerTypeEthernet, gopacket.Default)
	ip := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
	u := p.Layer(layers.LayerTypeUDP).(*layers.UDP)
	wire := u.Checksum
	require.NoError(t, u.SetNetworkLayerForChecksum(ip))
	buf := gopacket.NewSerializeBuffer()
	require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{ComputeChecksums: true}, u, gopacket.Payload(u.Payload)))
	good := uint16(buf.Bytes()[6])<<8 | uint16(buf.Bytes()[7])
	return u, good == wire
}

func TestCorrupt(t *testing.T) {
	payload := []byte("0123456789abcdef")
	for _, keep := range []bool{false, true} {
		c := &Corrupt{P: 1, Bits: 3, KeepChecksum: keep}
		res := through(t, 1, c, [][]byte{udpFrame(t, payload)})
		u, checksumOK := udpOf(t, res[0][0].data)
		diff := 0
		for i := range payload {
			diff += popcount(payload[i] ^ u.Payload[i])
		}
		assert.LessOrEqual(t, diff, 3)
		assert.GreaterOrEqual(t, diff, 1)
		assert.Equal(t, keep, checksumOK, "KeepChecksum %v", keep)
	}
}

func popcount(b byte) int {
	n := 0
	for ; b != 0; b &= b - 1 {
		n++
	}
	return n
}

func TestTruncate(t *testing.T) {
	tr := &Truncate{P: 1, Keep: 5}
	res := through(t, 1, tr, [][]byte{udpFrame(t, []byte("0123456789abcdef"))})
	u, ok := udpOf(t, res[0][0].data)
	assert.True(t, ok, "checksum fixed")
	assert.Equal(t, "01234", string(u.Payload))
	assert.Equal(t, uint16(13), u.Length)
}

// Ten 1000-byte frames, 1 ms apart, into a 80 kbit/s link (100 ms each)
// with 3000 bytes of queue: the first goes at once, three wait behind it
// (the one being serialized does not count), the rest are dropped at the
// tail.
func TestBandwidth(t *testing.T) {
	b := &Bandwidth{BitsPerSecond: 80_000, QueueBytes: 3000}
	frames := repeat(t, 10, string(make([]byte, 958))) // 958 + 42 bytes of headers
	require.Len(t, frames[0], 1000)
	e := through(t, 1, b, frames)
	// through spaces frames 1 ms apart; the link frees up 100 ms per frame.
	assert.Equal(t, []time.Duration{100 * time.Millisecond, 199 * time.Millisecond, 298 * time.Millisecond, 397 * time.Millisecond}, delays(e))
	assert.Equal(t, uint64(6), b.Stats().Dropped)
	assert.Equal(t, uint64(3), b.Stats().Delayed, "three waited in the queue")
}

// delays returns the delay of each surviving frame's first copy.
func delays(res [][]*inFlight) []time.Duration {
	var out []time.Duration
	for _, r := range res {
		if len(r) > 0 {
			out = append(out, r[0].delay)
		}
	}
	return out
}

// The queue holds only the frames waiting behind the one on the wire, and a
// frame that finds the link idle never waits, whatever QueueBytes is.
func TestBandwidthQueueCountsOnlyWaitingFrames(t *testing.T) {
	tests := []struct {
		name       string
		queueBytes int
		spacing    int // frames between two sent (1 ms each)
		passed     int
	}{
		// 1042-byte frames at 250 kbit/s take 33.3 ms: one on the wire plus
		// three waiting (3126 bytes) fit in 4096.
		{"ten at once, 4096 bytes of queue", 4096, 0, 4},
		{"no queue, ten at once: only the first", 0, 0, 1},
		{"no queue, an idle link each time", 0, 40, 10},
		{"a queue smaller than a frame, idle link", 100, 40, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &Bandwidth{BitsPerSecond: 250_000, QueueBytes: tt.queueBytes}
			frame := udpFrame(t, make([]byte, 1000))
			require.Len(t, frame, 1042)
			frames := make([][]byte, 0, 10*(tt.spacing+1))
			for range 10 {
				frames = append(frames, frame)
				for range tt.spacing {
					frames = append(frames, nil)
				}
			}
			assert.Len(t, delays(through(t, 1, b, frames)), tt.passed)
			assert.Equal(t, uint64(10-tt.passed), b.Stats().Dropped)
		})
	}
}

// Loss counts its bursts (runs of consecutive drops) as its doc says.
func TestLossCountsBursts(t *testing.T) {
	l := &Loss{P: 0.3}
	res := through(t, 1, l, repeat(t, 1000, "x"))
	runs, dropping := 0, false
	for _, r := range res {
		if len(r) == 0 && !dropping {
			runs++
		}
		dropping = len(r) == 0
	}
	require.Positive(t, runs)
	assert.Equal(t, uint64(runs), l.Stats().Bursts)
}

// Corrupt flips Bits distinct bits: flipping the same bit twice would
// leave the frame unchanged yet counted corrupted.
func TestCorruptFlipsDistinctBits(t *testing.T) {
	for _, bits := range []int{2, 5, 8, 20} {
		for seed := uint64(1); seed <= 50; seed++ {
			c := &Corrupt{P: 1, Bits: bits}
			res := through(t, seed, c, [][]byte{udpFrame(t, []byte{0})})
			u, _ := udpOf(t, res[0][0].data)
			require.Equal(t, min(bits, 8), popcount(u.Payload[0]), "seed %d, %d bits of one byte", seed, bits)
		}
	}
}

// A Truncate after a Corrupt in one chain keeps the checksum wrong: it was
// meant to catch the damage. After an undamaged frame it is made right.
func TestTruncateKeepsABadChecksumBad(t *testing.T) {
	frame := udpFrame(t, []byte("0123456789abcdef"))
	tests := []struct {
		name   string
		chain  []Impairment
		goodCS bool
	}{
		{"truncate alone", []Impairment{&Truncate{P: 1, Keep: 5}}, true},
		{"corrupt, then truncate", []Impairment{&Corrupt{P: 1, Bits: 1}, &Truncate{P: 1, Keep: 5}}, false},
		{"corrupt keeping the checksum, then truncate", []Impairment{&Corrupt{P: 1, Bits: 1, KeepChecksum: true}, &Truncate{P: 1, Keep: 5}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for seed := uint64(1); seed <= 20; seed++ {
				res := throughChain(t, seed, tt.chain, [][]byte{frame})
				u, ok := udpOf(t, res[0][0].data)
				assert.Len(t, u.Payload, 5)
				assert.Equal(t, tt.goodCS, ok, "seed %d", seed)
			}
		})
	}
}

func TestMTU(t *testing.T) {
	m := &MTU{Bytes: 576}
	res := through(t, 1, m, [][]byte{udpFrame(t, make([]byte, 548)), udpFrame(t, make([]byte, 549))})
	assert.Len(t, res[0], 1, "576 bytes of IP fit")
	assert.Empty(t, res[1], "577 do not")
}

// Every stage keeps Out = Seen - Dropped - Held + Duplicated + Released,
// also a rule set that duplicates, then drops or holds, the same datagram.
func TestStageCounterIdentities(t *testing.T) {
	stages := []Impairment{
		&Loss{P: 0.3}, &GilbertElliott{P: 0.1, R: 0.3, LossBad: 0.9, LossGood: 0.01},
		&Delay{Base: time.Millisecond, Jitter: time.Millisecond}, &Reorder{P: 0.3, Gap: time.Millisecond},
		&Duplicate{P: 0.3}, &Bandwidth{BitsPerSecond: 500_000, QueueBytes: 200}, &MTU{Bytes: 68},
		&Corrupt{P: 0.3}, &Truncate{P: 0.3, Keep: 2},
		Rules(&Rule{Name: "twice", Action: DuplicateIt()}, &Rule{Name: "drop", Nth: 3, Action: DropIt()},
			&Rule{Name: "hold", First: 4, Action: HoldIt(2)}, &Rule{Name: "late", Action: DelayIt(time.Millisecond)},
			&Rule{Name: "edit", First: 50, Action: EditIt("one byte more", func(p []byte) []byte { return append(p, 0) })}),
	}
	frames := repeat(t, 200, "0123456789")
	frames = append(frames, repeat(t, 100, string(make([]byte, 100)))...)
	for _, st := range stages {
		through(t, 1, st, frames)
		s := st.Stats()
		assert.Equal(t, s.Seen-s.Dropped-s.Held+s.Duplicated+s.Released, s.Out, "%s: %+v", st.Name(), s)
		assert.LessOrEqual(t, s.Bursts, s.Dropped, st.Name())
		for _, n := range []uint64{s.Corrupted, s.Truncated, s.Edited, s.Delayed, s.Reordered} {
			assert.LessOrEqual(t, n, s.Seen, st.Name())
		}
		assert.Positive(t, s.Seen, st.Name())
	}
}
