package scenarios

import (
	"os"
	"testing"
)

// FuzzParse: no scenario text makes the decoder or the checks panic; what
// is accepted has a positive duration and at least one device.
func FuzzParse(f *testing.F) {
	f.Add([]byte(base))
	for _, file := range []string{"udp-clean.yaml", "udp-rules.yaml", "udp-outage.yaml"} {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("a: [1\n"))
	f.Add([]byte("devices: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		if sc.Duration <= 0 || len(sc.Devices) == 0 {
			t.Fatalf("accepted a scenario with duration %v and %d devices", sc.Duration.D(), len(sc.Devices))
		}
	})
}

// FuzzReadCapture: the ladder's pcapng reader and comment parser take
// any bytes without panicking.
func FuzzReadCapture(f *testing.F) {
	f.Add([]byte{6, 0, 0, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0, 0}, `loss client→*: dropped (p=0.1) (seed 1)`)
	f.Add([]byte{}, `rule "x" a→b: delayed 2s; delay a→b: delayed`)
	f.Fuzz(func(t *testing.T, data []byte, comment string) {
		frames := readCapture(data)
		for _, fr := range frames {
			describe(fr.data)
		}
		arrivals(frames)
		describe(data)
		decisions(comment, "b")
	})
}

// FuzzSet: no --set assignment makes the override or the decoder panic.
func FuzzSet(f *testing.F) {
	for _, s := range []string{"seed=3", "devices[client].application.params.count=4", "segments[0].impairments[0].loss.p=30%",
		"a[", "[]=1", "devices[9].name=x", "expect[0].counter=1", "x.y.z=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, assignment string) {
		_, _ = Parse("fuzz.yaml", []byte(base), assignment)
	})
}

// FuzzParseValues: sweep's value lists and ranges never panic, and a range
// never yields more values than it spans steps.
func FuzzParseValues(f *testing.F) {
	for _, s := range []string{"0..0.5/0.1", "a,b", "1..3/1", "0..1e9/1e-9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		_, _ = parseValues(spec)
	})
}
