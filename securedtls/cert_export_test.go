package securedtls

// NegotiatedCurve is the ECDHE curve of the session's last handshake (the
// server's choice; on a client, the one the ServerKeyExchange named).
func NegotiatedCurve(s *Session) uint16 { return s.hs.curve }
