// Package securedtls emulates NetX Duo Secure DTLS (NetX Secure 6.4.2): the
// nx_secure_dtls_* services with their C names, parameters and status codes
// (nx_secure_dtls_server_create → ServerCreate), on a DTLS 1.2 engine that
// behaves on the wire as NetX's does — not as the RFC or pion would.
//
// # What runs where
//
// There is no DTLS thread and no DTLS timer. The whole handshake — parsing,
// key derivation, sending flights, retransmission — runs in the thread that
// calls ClientSessionStart or ServerSessionStart (start.go). The IP thread
// runs only the server socket's receive callback (demux.go): it hands each
// datagram to the session of its source address, wakes the thread waiting
// on that session, and calls connect_notify, receive_notify (per datagram
// once the handshake is done) and error_notify (only (nil, 0x123) when a new
// peer finds every session taken). disconnect_notify is never called, as in
// NetX. Client sessions read the application's UDP socket themselves.
//
// # Packets
//
// Handshake and alert packets come from the IP instance's default pool;
// each handshake message travels in its own record in its own datagram and
// stays on the session's retransmission queue, byte for byte, until the
// peer's next flight or the end of session_start. A server session's queue
// holds the datagrams the IP thread demultiplexed until session_receive or
// session_start takes them; session_reset, session_end and server_stop
// release them. Received application data is returned in the datagram's
// own packet; the caller releases it. A datagram that arrives as a chain
// of packets (IP-reassembled, or larger than a packet of the receiving
// pool) is refused with NX_SECURE_TLS_INVALID_PACKET before any record is
// read, as nx_secure_dtls_session_receive.c does (a rehearsal note says so).
//
// # Fidelity
//
// The behaviour follows reference/dtls-semantics.md (read from the C
// sources) and reference/netx-observed.md (what the C code did when its
// regression tests ran), which wins where they differ: timeouts are
// NX_NO_PACKET, never NX_NOT_CONNECTED; the retransmission schedule is
// 1, 2, 4, 8, 16, 32, 60, 60, 60, 60 s then 60 s; the server's final flight is
// never retransmitted; the cookie is 20 random bytes never checked; the replay
// window (32 bits) is updated before the MAC check and never cleared; the
// server uses PSK entry 0 whatever identity the client sends; the received
// alert survives session_end and session_reset. Where an application relies
// on what the documentation promises instead, the device records a Note
// (Notes). TESTING.md lists the 30 C regression tests and their Go ports.
//
// The engine runs every suite of NetX's tables over DTLS 1.2: PSK, RSA key
// transport, ECDHE_ECDSA, ECDHE_RSA and static ECDH, with client
// certificates when the server asks for them (the server's suite filter,
// curve choice and signatures as NetX's; key exchange and signatures in
// kx_*.go, sign.go, client_cert.go), and over DTLS 1.0 through the version
// overrides (version*.go: NetX's negotiation, the MD5/SHA-1 PRF and
// signature digests, the record version as NetX writes it). Randomness comes from the device's
// seeded stream ("device <name> dtls") — hello randoms, premasters, PKCS#1
// padding, ECDHE keys — signatures are deterministic (RFC 6979 ECDSA,
// PKCS#1 v1.5), AEAD nonces come from epoch and sequence, CBC explicit IVs
// from the previous record's last ciphertext block, so a run is
// byte-reproducible. SetKeyLog hands every session's secret to the
// network's capture.
//
// The nxe_ error-checking layer is separate (the build tag
// nx_secure_disable_error_checking removes it): nxe.go and the errorChecking
// blocks at the top of each service.
package securedtls
