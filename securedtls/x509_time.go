package securedtls

import "github.com/nxsim/nxsim/nx"

// Certificate validity as nx_secure_x509_expiration_check.c checks it. The
// chain is checked only when the session has a time function
// (TLSSessionTimeFunctionSet) and it returns a non-zero time
// (nx_secure_x509_certificate_chain_verify.c); the emulation never reads a
// clock of its own.
//
// NetX converts UTCTime only: "YYMMDDhhmm[ss](Z|+hhmm|-hhmm)", years 70-99
// as 19xx and 00-69 as 20xx, on 32-bit unsigned arithmetic (ULONG on the
// regression build), the offset applied with the opposite sign of the
// standard. A GeneralizedTime notBefore makes both dates GeneralizedTime
// (the first date's tag is the format of both) and fails with 0x196. A
// GeneralizedTime notAfter after a UTCTime notBefore — the RFC 5280 form of
// the "no expiry" date 99991231235959Z — is read as UTCTime: year 99, month
// 99, day 12, hour 31, minute 23, seconds "59", and then "59Z" where the
// zone belongs, which is 0x196. So with a time function set, every
// certificate valid until 9999 fails the handshake with
// NX_SECURE_X509_INVALID_DATE_FORMAT; without one it is never looked at.

// daysBeforeMonth is the day of the year each month starts on.
var daysBeforeMonth = [12]uint32{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

// twoDigits is C's date_2_chars_to_int: no digit check, int arithmetic
// stored in a ULONG.
func twoDigits(b []byte, i int) uint32 {
	return uint32(int32((int(at(b, i))-'0')*10 + int(at(b, i+1)) - '0'))
}

// asn1TimeToUnix is _nx_secure_x509_asn1_time_to_unix_convert (the length
// is not used; bytes past the date are read as they come).
func asn1TimeToUnix(b []byte, off int, format uint16) (uint32, nx.Status) {
	if format != asnUTCTime {
		return 0, nx.NX_SECURE_X509_INVALID_DATE_FORMAT
	}
	year, month := twoDigits(b, off), twoDigits(b, off+2)
	day, hour, minute := twoDigits(b, off+4)-1, twoDigits(b, off+6), twoDigits(b, off+8)
	var second uint32
	i := off + 10
	if c := at(b, i); c != 'Z' && c != '+' && c != '-' {
		second = twoDigits(b, i)
		i += 2
	}
	switch at(b, i) {
	case 'Z':
	case '+':
		hour -= twoDigits(b, i+1)
		minute -= twoDigits(b, i+3)
	case '-':
		hour += twoDigits(b, i+1)
		minute += twoDigits(b, i+3)
	default:
		return 0, nx.NX_SECURE_X509_INVALID_DATE_FORMAT
	}
	if year >= 70 {
		year -= 70
		day += (year + 2) / 4
	} else {
		year += 30
		day += (year-2)/4 + 1
	}
	if (year+2)%4 == 0 && month < 3 {
		day--
	}
	day += year * 365
	if month-1 < 12 { // C indexes its table with any month; out of range reads as 0 here
		day += daysBeforeMonth[month-1]
	}
	hour += day * 24
	minute += hour * 60
	second += minute * 60
	return second, nx.NX_SUCCESS
}

// expirationCheck is _nx_secure_x509_expiration_check: notBefore then
// notAfter converted (0x196), now after notAfter 0x193, before notBefore 0x194.
func (c *x509Fields) expirationCheck(now uint32) nx.Status {
	notBefore, st := asn1TimeToUnix(c.raw, c.notBefore.off, c.validityFormat)
	if st != nx.NX_SUCCESS {
		return st
	}
	notAfter, st := asn1TimeToUnix(c.raw, c.notAfter.off, c.validityFormat)
	if st != nx.NX_SUCCESS {
		return st
	}
	if now > notAfter {
		return nx.NX_SECURE_X509_CERTIFICATE_EXPIRED
	}
	if now < notBefore {
		return nx.NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID
	}
	return nx.NX_SUCCESS
}
