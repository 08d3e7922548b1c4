package pooltest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/packetpool/pooltest"
	"github.com/nxsim/nxsim/rtos"
)

// recordingTB captures what Verify reports instead of failing this test.
type recordingTB struct {
	testing.TB
	cleanups []func()
	errors   []string
}

func (r *recordingTB) Helper()           {}
func (r *recordingTB) Cleanup(f func())  { r.cleanups = append(r.cleanups, f) }
func (r *recordingTB) Error(args ...any) { r.errors = append(r.errors, sprint(args...)) }

func sprint(args ...any) string {
	var b strings.Builder
	for _, a := range args {
		if err, ok := a.(error); ok {
			b.WriteString(err.Error())
		}
	}
	return b.String()
}

func TestVerifyReportsALeakAtCleanup(t *testing.T) {
	for _, leak := range []bool{false, true} {
		rec := &recordingTB{TB: t}
		e := rtos.NewEngine(1)
		defer e.Close()
		pooltest.Verify(rec, e)
		var p packetpool.Pool
		var th rtos.Thread
		e.AddKernel("dev", func([]byte) {
			packetpool.PoolCreate(&p, "p", 64, make([]byte, 1024))
			rtos.ThreadCreate(&th, "t", func(nx.ULONG) {
				var pkt *packetpool.Packet
				packetpool.Allocate(&p, &pkt, 0, 0)
				if !leak {
					packetpool.Release(pkt)
				}
			}, 0, make([]byte, 512), 10, 10, 0, nx.TX_AUTO_START)
		})
		if err := e.RunFor(time.Second); err != nil {
			t.Fatal(err)
		}
		for _, f := range rec.cleanups {
			f()
		}
		if leak != (len(rec.errors) == 1) {
			t.Fatalf("leak %v: Verify reported %q", leak, rec.errors)
		}
		if leak && !strings.Contains(rec.errors[0], `pool "p" packet 0 allocated at`) {
			t.Fatalf("report %q does not name the packet and site", rec.errors[0])
		}
	}
}
