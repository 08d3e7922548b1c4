package rtos

import "github.com/nxsim/nxsim/nx"

// Control-block fields the ported C regression tests read directly
// (thread_ptr -> tx_thread_priority and -> tx_thread_preempt_threshold,
// which hold the effective values after priority inheritance; the
// tx_thread_info_get service reports the user's). Exported for the
// rtos_test package only.

// ThreadEffectivePriority is TX_THREAD's tx_thread_priority.
func ThreadEffectivePriority(t *Thread) nx.UINT { return t.priority }

// ThreadEffectiveThreshold is TX_THREAD's tx_thread_preempt_threshold.
func ThreadEffectiveThreshold(t *Thread) nx.UINT { return t.threshold }
