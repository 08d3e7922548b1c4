package securedtls_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
	"github.com/pion/dtls/v2"
	"github.com/pion/transport/v2/dpipe"
)

// Benchmarks side by side, so the ratio holds on a noisy machine: a PSK
// handshake (TLS_PSK_WITH_AES_128_CCM_8) between two emulated devices in
// virtual time against pion/dtls's Conn over an in-memory pipe, and a 1 KB
// application-data round trip through the whole emulated stack (pools,
// UDP, IP thread, DTLS) against pion's Conn Write/Read.

var ccm8 = []nx.USHORT{0xC0A8}

// BenchmarkHandshakeEmulated is one handshake per iteration between two
// emulated devices on the zero CPU profile: the client session and its
// socket are reused (start, then session_end(NX_NO_WAIT) on both sides, as
// multiple_sessions_reuse does), so devices, pools and ARP are set up once.
func BenchmarkHandshakeEmulated(b *testing.B) {
	e := rtos.NewEngine(1, rtos.WithProfile(rtos.ProfileZero))
	defer e.Close()
	w := benchWorld(e)
	n, done := b.N, 0
	w.add("server", serverIP, 7, func(brd *board) {
		var d dtlsServer
		d.create(b, brd, 2, table(b, ccm8...))
		for {
			s := d.next(nx.NX_WAIT_FOREVER)
			securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE)
			securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		}
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(brd *board) {
		var c dtlsClient
		c.create(b, brd, table(b, ccm8...))
		b.ResetTimer()
		for range n {
			if c.start(brd, 5*nx.NX_IP_PERIODIC_RATE) != nx.NX_SUCCESS {
				return
			}
			securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
			done++
		}
		b.StopTimer()
	})
	if err := e.RunFor(time.Duration(n)*10*time.Millisecond + time.Second); err != nil {
		b.Fatal(err)
	}
	if done != n {
		b.Fatalf("%d of %d handshakes", done, n)
	}
}

// benchWorld is a segment for benchmarks (no leak check, no key log).
func benchWorld(e *rtos.Engine) *world {
	n := sim.NewNetwork(e)
	lan := n.Segment("lan")
	lan.Latency = 100 * time.Microsecond
	return &world{e: e, net: n, lan: lan}
}

// BenchmarkHandshakePion is the same handshake between two pion Conns over
// an in-memory datagram pipe.
func BenchmarkHandshakePion(b *testing.B) {
	for b.Loop() {
		ca, cb := dpipe.Pipe()
		type result struct {
			c   *dtls.Conn
			err error
		}
		done := make(chan result, 1)
		go func() {
			s, err := dtls.Server(cb, pionConfig(dtls.TLS_PSK_WITH_AES_128_CCM_8, pskHint))
			done <- result{s, err}
		}()
		c, err := dtls.Client(ca, pionConfig(dtls.TLS_PSK_WITH_AES_128_CCM_8, pskID))
		if err != nil {
			b.Fatal(err)
		}
		r := <-done
		if r.err != nil {
			b.Fatal(r.err)
		}
		_ = c.Close()
		_ = r.c.Close()
	}
}

// BenchmarkRoundTrip1KEmulated is a 1 KB record to an echo server and back,
// through pools, UDP, the IP thread and DTLS on both devices.
func BenchmarkRoundTrip1KEmulated(b *testing.B) {
	e := rtos.NewEngine(1, rtos.WithProfile(rtos.ProfileZero))
	defer e.Close()
	w := benchWorld(e)
	msg := bytes.Repeat([]byte{7}, 1024)
	n := b.N
	done := 0
	w.add("server", serverIP, 7, func(brd *board) {
		var d dtlsServer
		d.create(b, brd, 1, table(b, ccm8...))
		s := d.next(nx.NX_WAIT_FOREVER)
		securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE)
		for {
			data, st := receive(s, nx.NX_WAIT_FOREVER)
			if st != nx.NX_SUCCESS {
				return
			}
			send(b, s, &brd.pool, data)
		}
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(brd *board) {
		var c dtlsClient
		c.create(b, brd, table(b, ccm8...))
		c.start(brd, 5*nx.NX_IP_PERIODIC_RATE)
		b.ResetTimer()
		for range n {
			send(b, &c.s, &brd.pool, msg)
			if _, st := receive(&c.s, nx.NX_WAIT_FOREVER); st != nx.NX_SUCCESS {
				return
			}
			done++
		}
		b.StopTimer()
		securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
	})
	if err := e.RunFor(time.Duration(n)*10*time.Millisecond + 2*time.Second); err != nil {
		b.Fatal(err)
	}
	if done != n {
		b.Fatalf("%d of %d round trips", done, n)
	}
}

// BenchmarkRoundTrip1KPion is the same round trip between two pion Conns.
func BenchmarkRoundTrip1KPion(b *testing.B) {
	ca, cb := dpipe.Pipe()
	srv := make(chan *dtls.Conn, 1)
	go func() {
		s, err := dtls.Server(cb, pionConfig(dtls.TLS_PSK_WITH_AES_128_CCM_8, pskHint))
		if err != nil {
			srv <- nil
			return
		}
		srv <- s
		buf := make([]byte, 2048)
		for {
			n, err := s.Read(buf)
			if err != nil {
				return
			}
			if _, err := s.Write(buf[:n]); err != nil {
				return
			}
		}
	}()
	c, err := dtls.Client(ca, pionConfig(dtls.TLS_PSK_WITH_AES_128_CCM_8, pskID))
	if err != nil {
		b.Fatal(err)
	}
	s := <-srv
	defer func() { _ = c.Close(); _ = s.Close() }()
	msg := bytes.Repeat([]byte{7}, 1024)
	buf := make([]byte, 2048)
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Write(msg); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Read(buf); err != nil {
			b.Fatal(err)
		}
	}
}
