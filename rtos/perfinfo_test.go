package rtos

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/nxsim/nxsim/nx"
)

// Every performance-information service and the stack-error notification
// answer TX_FEATURE_NOT_ENABLED, as the default C build does.
func TestPerformanceServicesAreNotEnabled(t *testing.T) {
	var th Thread
	var s Semaphore
	var m Mutex
	var tm Timer
	calls := map[string]func() nx.Status{
		"thread": func() nx.Status {
			return ThreadPerformanceInfoGet(&th, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil)
		},
		"thread system": func() nx.Status {
			return ThreadPerformanceSystemInfoGet(nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil)
		},
		"semaphore":        func() nx.Status { return SemaphorePerformanceInfoGet(&s, nil, nil, nil, nil) },
		"semaphore system": func() nx.Status { return SemaphorePerformanceSystemInfoGet(nil, nil, nil, nil) },
		"mutex":            func() nx.Status { return MutexPerformanceInfoGet(&m, nil, nil, nil, nil, nil, nil) },
		"mutex system":     func() nx.Status { return MutexPerformanceSystemInfoGet(nil, nil, nil, nil, nil, nil) },
		"timer":            func() nx.Status { return TimerPerformanceInfoGet(&tm, nil, nil, nil, nil, nil) },
		"timer system":     func() nx.Status { return TimerPerformanceSystemInfoGet(nil, nil, nil, nil, nil) },
		"stack notify":     func() nx.Status { return ThreadStackErrorNotify(func(*Thread) {}) },
	}
	for name, call := range calls {
		assert.Equal(t, nx.TX_FEATURE_NOT_ENABLED, inContext(t, ContextThread, call), name)
	}
}
