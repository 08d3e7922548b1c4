package sim

import (
	"fmt"
	"slices"
)

// Bounds of the flight tracker's memory (STYLE.md lesson 9): the oldest
// association, or IP fragment train, is forgotten first.
const (
	maxAssociations   = 4096
	maxFragmentTrains = 1024
	maxFlightParts    = 256 // message fragments remembered per transmission
)

// flightTracker numbers the DTLS flights a segment carries, per
// association, from the frames as their senders sent them.
type flightTracker struct {
	assocs    map[string]*association
	assocAge  []string
	trains    map[string][]Flight // IP fragment trains: the flights of their first fragment
	trainsAge []string
}

// association is what the tracker knows of one pair of endpoints.
type association struct {
	client    string // the endpoint that sent the ClientHello
	random    []byte // its ClientHello random
	handshake int
	sending   map[string]*transmission // by sending endpoint
}

// transmission is the flight an endpoint is sending and what its current
// transmission carried so far.
type transmission struct {
	handshake, flight, n int
	fragments            map[string]bool // message fragments carried
	messages             []string        // messages, in the order first carried
}

// classify returns the flight of each DTLS record of a frame (nil if the
// frame carries none): a first IP fragment is read on its UDP and DTLS
// headers, and the later fragments of its train inherit its flights.
func (tr *flightTracker) classify(frame []byte) []Flight {
	d, ip, ok := parseFirstUDP(frame)
	if !ok {
		if ip.offset > 0 {
			return tr.trains[ip.train()]
		}
		return nil
	}
	if len(records(d.payload)) == 0 {
		return nil
	}
	from := fmt.Sprintf("%x:%d", ip.src, d.srcPort)
	to := fmt.Sprintf("%x:%d", ip.dst, d.dstPort)
	var out []Flight
	walkRecords(d.payload, func(r Record, body []byte) {
		out = append(out, tr.record(from, to, r, body))
	})
	if ip.more && len(out) > 0 {
		tr.trains = remember(tr.trains, &tr.trainsAge, ip.train(), out, maxFragmentTrains)
	}
	return out
}

// record numbers one record sent from one endpoint to another.
func (tr *flightTracker) record(from, to string, r Record, body []byte) Flight {
	key := min(from, to) + " " + max(from, to)
	a := tr.assocs[key]
	if r.Handshake != nil && r.Handshake.Type == ClientHello && r.Handshake.FragmentOffset == 0 {
		random, _, ok := clientHello(body)
		if ok && (a == nil || a.client != from || !slices.Equal(a.random, random)) {
			n := 1
			if a != nil {
				n = a.handshake + 1
			}
			a = &association{client: from, random: random, handshake: n, sending: map[string]*transmission{}}
			tr.assocs = remember(tr.assocs, &tr.assocAge, key, a, maxAssociations)
		}
	}
	if a == nil {
		return Flight{}
	}
	number, message, last := flightOf(r, body, from == a.client)
	if number == 0 {
		return Flight{}
	}
	tx := a.sending[from]
	if tx == nil || tx.handshake != a.handshake || tx.flight != number {
		tx = &transmission{handshake: a.handshake, flight: number, n: 1, fragments: map[string]bool{}}
		a.sending[from] = tx
	}
	fragment := message
	if r.Handshake != nil {
		fragment = fmt.Sprintf("%s@%d", message, r.Handshake.FragmentOffset)
	}
	if tx.fragments[fragment] {
		tx.n++
		tx.fragments, tx.messages = map[string]bool{}, nil
	}
	if len(tx.fragments) < maxFlightParts {
		tx.fragments[fragment] = true
	}
	i := slices.Index(tx.messages, message)
	if i < 0 {
		tx.messages = append(tx.messages, message)
		i = len(tx.messages) - 1
	}
	return Flight{Handshake: a.handshake, Number: number, Transmission: tx.n, Message: i + 1, Last: last}
}

// Handshake types the flights need beyond those exported for rules.
const (
	certificateRequest = 13
	certificateVerify  = 15
)

// flightOf numbers a record's flight by content (RFC 6347 §4.2.4) and
// names its message; fromClient is its direction.
func flightOf(r Record, body []byte, fromClient bool) (number int, message string, last bool) {
	switch {
	case r.ContentType == ChangeCipherSpec:
		return pick(fromClient, 5, 6), "ChangeCipherSpec", false
	case r.ContentType == Handshake && r.Epoch > 0:
		return pick(fromClient, 5, 6), fmt.Sprintf("encrypted handshake of epoch %d", r.Epoch), true
	case r.Handshake == nil:
		return 0, "", false
	}
	h := r.Handshake
	message = fmt.Sprintf("message %d", h.MessageSeq)
	switch h.Type {
	case ClientHello:
		if _, cookie, ok := clientHello(body); ok && len(cookie) > 0 {
			return 3, message, true
		}
		return 1, message, true
	case HelloVerifyRequest:
		return 2, message, true
	case ServerHello, ServerKeyExchange, certificateRequest:
		return 4, message, false
	case ServerHelloDone:
		return 4, message, true
	case Certificate:
		return pick(fromClient, 5, 4), message, false
	case ClientKeyExchange, certificateVerify:
		return 5, message, false
	case Finished:
		return pick(fromClient, 5, 6), message, true
	}
	return 0, "", false
}

func pick(fromClient bool, client, server int) int {
	if fromClient {
		return client
	}
	return server
}

// clientHello reads the random and cookie of a ClientHello's first
// fragment (RFC 6347 §4.2.1: version, random, session_id, cookie), given
// its record body (12-byte handshake header first).
func clientHello(body []byte) (random, cookie []byte, ok bool) {
	const at = 12
	if len(body) < at+35 {
		return nil, nil, false
	}
	random = body[at+2 : at+34]
	c := at + 35 + int(body[at+34])
	if len(body) < c+1 || len(body) < c+1+int(body[c]) {
		return random, nil, true // the cookie is cut off: read as none
	}
	return random, body[c+1 : c+1+int(body[c])], true
}

// remember stores v under k, forgetting the oldest key beyond limit.
func remember[V any](m map[string]V, age *[]string, k string, v V, limit int) map[string]V {
	if m == nil {
		m = map[string]V{}
	}
	if _, ok := m[k]; !ok {
		*age = append(*age, k)
		if len(*age) > limit {
			delete(m, (*age)[0])
			*age = (*age)[1:]
		}
	}
	m[k] = v
	return m
}
