package scenarios

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/nxsim/nxsim/sim"
)

// A ladder diagram (ladder.svg): one column per device, one row per frame
// in the order it was sent, an arrow from sender to each receiver that got
// it; a copy the network lost ends in a red cross halfway, one it delayed
// or altered is orange and says what happened. Everything is read back from
// the run's capture: the wire (every frame as sent, the network's
// decisions in its comment) and each port's receive side (the copies that
// arrived, when, and which sent frame each one is).

// maxLadderRows bounds the diagram; the rest is summarised in one line.
const maxLadderRows = 600

// noteRE splits one decision of a capture comment: "who from→to: what".
var noteRE = regexp.MustCompile(`^(.*) (\S+)→(\S+): (.*)$`)

// decisions returns the decisions of a frame's comment that concern the
// receiver to (or every receiver: "*").
func decisions(comment, to string) []string {
	if i := strings.LastIndex(comment, " (seed "); i >= 0 {
		comment = comment[:i]
	}
	var notes []string
	for _, part := range strings.Split(comment, "; ") {
		if m := noteRE.FindStringSubmatch(part); m != nil && (m[3] == "*" || m[3] == to) {
			notes = append(notes, m[1]+": "+m[4])
		}
	}
	return notes
}

// describe names a frame: ARP, or UDP with its ports and payload length.
func describe(data []byte) string {
	if len(data) < 14 {
		return "frame"
	}
	switch binary.BigEndian.Uint16(data[12:]) {
	case 0x0806:
		return "ARP"
	case 0x86DD:
		return "IPv6"
	case 0x0800:
		ip := data[14:]
		if len(ip) < 20 {
			return "IPv4"
		}
		if off := binary.BigEndian.Uint16(ip[6:]) & 0x1FFF; off != 0 {
			return fmt.Sprintf("IPv4 fragment at %d", int(off)*8)
		}
		if ip[9] != 17 {
			return "IPv4"
		}
		ihl := int(ip[0]&0x0F) * 4
		if len(ip) < ihl+8 {
			return "IPv4"
		}
		u := ip[ihl:]
		if d := describeDTLS(u[8:]); d != "" {
			return d
		}
		return fmt.Sprintf("UDP %d→%d %d B", binary.BigEndian.Uint16(u), binary.BigEndian.Uint16(u[2:]), int(binary.BigEndian.Uint16(u[4:]))-8)
	}
	return "frame"
}

// ladder draws the run's frames as an SVG ladder diagram.
func (r *run) ladder() []byte {
	const (
		left, colW, top, rowH = 110, 190, 50, 22
	)
	column := map[string]int{}
	for i, d := range r.sc.Devices {
		column[d.Name] = i
	}
	frames := r.captured()
	got := arrivals(frames)
	var wire []capturedFrame
	for _, f := range frames {
		if !strings.Contains(f.point, "/") {
			wire = append(wire, f)
		}
	}
	rows := min(len(wire), maxLadderRows)
	width := left + colW*max(len(r.sc.Devices)-1, 1) + 120
	height := top + rowH*(rows+2)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="monospace" font-size="10">`+"\n", width, height)
	fmt.Fprintf(&b, `<title>%s: datagrams between devices over virtual time</title>`+"\n", html.EscapeString(r.sc.Name))
	fmt.Fprintf(&b, `<defs><marker id="arrow" markerWidth="8" markerHeight="6" refX="8" refY="3" orient="auto"><path d="M0,0 L8,3 L0,6 z"/></marker></defs>`+"\n")
	for i, d := range r.sc.Devices {
		x := left + colW*i
		fmt.Fprintf(&b, `<text x="%d" y="20" text-anchor="middle" font-weight="bold">%s</text>`+"\n", x, html.EscapeString(d.Name))
		fmt.Fprintf(&b, `<line x1="%d" y1="28" x2="%d" y2="%d" stroke="#999"/>`+"\n", x, x, height-10)
	}
	for i := 0; i < rows; i++ {
		r.ladderRow(&b, wire[i], got[wire[i].number], top+rowH*i, column, left, colW)
	}
	if len(wire) > rows {
		fmt.Fprintf(&b, `<text x="10" y="%d">… %d more frame(s): see the capture</text>`+"\n", top+rowH*rows+12, len(wire)-rows)
	}
	fmt.Fprintf(&b, "</svg>\n")
	return b.Bytes()
}

// ladderRow draws one frame as sent: its send time, and an arrow to each
// port it was for — to the port when a copy arrived, a cross halfway when
// none did.
func (r *run) ladderRow(b *bytes.Buffer, f capturedFrame, got map[string][]arrival, y int, column map[string]int, left, colW int) {
	seg := r.segments[f.point]
	if seg == nil || len(f.data) < 14 {
		return
	}
	var from *sim.Port
	var receivers []*sim.Port
	for _, p := range seg.Ports() {
		mac := p.MAC()
		switch {
		case bytes.Equal(f.data[6:12], mac[:]):
			from = p
		case f.data[0]&1 == 1 || bytes.Equal(f.data[0:6], mac[:]):
			receivers = append(receivers, p)
		}
	}
	if from == nil {
		return
	}
	fx, ok := column[from.Device()]
	if !ok {
		return
	}
	fmt.Fprintf(b, `<text x="4" y="%d" fill="#555">%.6fs</text>`+"\n", y+4, f.at.Seconds())
	what := describe(f.data)
	for _, to := range receivers {
		tx, ok := column[to.Device()]
		if !ok || to == from {
			continue
		}
		notes := decisions(f.comment, to.Device())
		copies := got[to.Name()]
		color := "#000"
		switch {
		case len(copies) == 0:
			color = "#c00"
		case len(notes) > 0:
			color = "#d80"
		case strings.HasPrefix(what, "ARP"):
			color = "#888"
		}
		label := what
		if len(copies) > 1 {
			label += fmt.Sprintf(" ×%d", len(copies))
		}
		if len(notes) > 0 {
			label += " — " + strings.Join(notes, "; ")
		}
		title := fmt.Sprintf("sent %.6fs %s → %s: %s", f.at.Seconds(), from.Device(), to.Device(), label)
		for _, c := range copies {
			title += fmt.Sprintf("\narrived %.6fs (+%v)", c.at.Seconds(), c.at-f.at)
		}
		x1, x2 := left+colW*fx, left+colW*tx
		fmt.Fprintf(b, `<g><title>%s</title>`, html.EscapeString(title))
		if len(copies) == 0 {
			mx := (x1 + x2) / 2
			fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-dasharray="4,2"/>`, x1, y, mx, y+6, color)
			fmt.Fprintf(b, `<path d="M%d,%d l8,8 M%d,%d l-8,8" stroke="%s" stroke-width="2"/>`, mx-4, y+2, mx+4, y+2, color)
		} else {
			fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" marker-end="url(#arrow)"/>`, x1, y, x2, y+12, color)
		}
		lx := min(x1, x2) + 6
		fmt.Fprintf(b, `<text x="%d" y="%d" fill="%s">%s</text></g>`+"\n", lx, y-2, color, html.EscapeString(truncateLabel(label, 60)))
	}
}

func truncateLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// DTLS names for the ladder (RFC 6347 §4.1, RFC 5246 §7.4).
var (
	dtlsContent   = map[byte]string{20: "ChangeCipherSpec", 21: "Alert", 22: "Handshake", 23: "ApplicationData"}
	dtlsHandshake = map[byte]string{0: "HelloRequest", 1: "ClientHello", 2: "ServerHello", 3: "HelloVerifyRequest",
		11: "Certificate", 12: "ServerKeyExchange", 13: "CertificateRequest", 14: "ServerHelloDone",
		15: "CertificateVerify", 16: "ClientKeyExchange", 20: "Finished"}
)

// describeDTLS names the DTLS records of a UDP payload ("" if it is not
// DTLS 1.0/1.2): handshake messages by type in epoch 0, the rest by content
// type and epoch. A record version 0x0000 counts too: NetX writes it when
// the session's version is not set (a client between its two ClientHellos,
// a server refusing a ClientHello's version).
func describeDTLS(p []byte) string {
	const header = 13
	var parts []string
	for len(p) > 0 {
		if len(p) < header || !dtlsVersion(binary.BigEndian.Uint16(p[1:])) {
			return ""
		}
		name, ok := dtlsContent[p[0]]
		n := int(binary.BigEndian.Uint16(p[11:]))
		if !ok || header+n > len(p) {
			return ""
		}
		epoch := binary.BigEndian.Uint16(p[3:])
		switch {
		case p[0] == 22 && epoch == 0 && n > 0:
			if hs, known := dtlsHandshake[p[header]]; known {
				name = hs
			}
		case epoch > 0:
			name += fmt.Sprintf("(e%d)", epoch)
		}
		parts = append(parts, name)
		p = p[header+n:]
	}
	return "DTLS " + strings.Join(parts, ", ")
}

// dtlsVersion reports a record version NetX writes: DTLS 1.2, DTLS 1.0, 0.
func dtlsVersion(v uint16) bool { return v == 0xFEFD || v == 0xFEFF || v == 0 }
