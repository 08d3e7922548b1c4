package securedtls

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// TestX509ErrorChecking is nx_secure_x509_error_checking_test.c, its calls
// in order as testdata/x509/error_checking/steps.txt lists them: each
// changes bytes of one of its two CA certificates or of its scratch buffer
// (the changes accumulate, as in C) and then calls a parser with the status
// the C test expects: certificate_initialize (0x1A2), the PKCS#1 key parser
// (0x18A, then success), PKCS#1 v1.5 unpadding (0x18D), the name parser
// (0x189), the extension search (0x192). The buffer starts as zeros here
// (uninitialized stack in C), and a length past it reads zeros. The
// subject-alt-name and CRL calls are not emulated (their byte changes still
// apply); the final crypto-method calls have no counterpart.
func TestX509ErrorChecking(t *testing.T) {
	arrays := map[string][]byte{
		"ca":  cdata(t, "error_checking", "TestCA_der"),
		"v2":  cdata(t, "error_checking", "VERSION2_CA"),
		"buf": make([]byte, 256),
	}
	steps, err := os.ReadFile(filepath.Join("testdata", "x509", "error_checking", "steps.txt"))
	if err != nil {
		t.Fatal(err)
	}
	saved := map[string]byte{}
	sc := bufio.NewScanner(bytes.NewReader(steps))
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		for _, op := range fields[3:] {
			applyECOp(t, arrays, saved, op)
		}
		got := runECCall(arrays, fields[0], uint32(number(t, fields[1])))
		if fields[2] != "-" && got != nx.Status(number(t, fields[2])) {
			t.Errorf("line %d %s: %v, want %s", line, fields[0], got, fields[2])
		}
	}
}

// ecOpRE is one byte change of steps.txt.
var ecOpRE = regexp.MustCompile(`^(?:(save\d)=(\w+)\[(\d+)\]|(\w+)\[(\d+)\](=|\+=|-=)(\w+))$`)

// applyECOp makes one byte change.
func applyECOp(t *testing.T, arrays map[string][]byte, saved map[string]byte, op string) {
	m := ecOpRE.FindStringSubmatch(op)
	if m == nil {
		t.Fatalf("bad step %q", op)
	}
	if m[1] != "" {
		saved[m[1]] = arrays[m[2]][number(t, m[3])]
		return
	}
	b, i := arrays[m[4]], number(t, m[5])
	v, ok := saved[m[7]]
	if !ok {
		v = byte(number(t, m[7]))
	}
	switch m[6] {
	case "=":
		b[i] = v
	case "+=":
		b[i] += v
	case "-=":
		b[i] -= v
	}
}

// number parses a decimal or 0x number of steps.txt.
func number(t *testing.T, s string) int {
	n, err := strconv.ParseInt(s, 0, 64)
	if err != nil {
		t.Fatalf("bad number %q", s)
	}
	return int(n)
}

// runECCall calls the step's parser; "none" (a call not emulated) returns
// NX_SUCCESS and is never checked.
func runECCall(arrays map[string][]byte, call string, arg uint32) nx.Status {
	buf := arrays["buf"]
	switch call {
	case "init-ca", "init-v2":
		var c X509Cert
		return X509CertificateInitialize(&c, arrays[strings.TrimPrefix(call, "init-")], nil, nil, nx.NX_SECURE_X509_KEY_TYPE_NONE)
	case "rsa-key":
		return parseRSAPrivateKey(buf[:arg])
	case "pkcs7":
		_, st := pkcs7Decode(buf, arg)
		return st
	case "name":
		var dn dnFields
		_, st := parseDistinguishedName(buf, 0, arg, &dn)
		return st
	case "extension":
		c := x509Fields{raw: buf, extensions: field{n: arg}}
		_, st := c.extension(0)
		return st
	}
	return nx.NX_SUCCESS
}
