package rtos

import "github.com/nxsim/nxsim/nx"

// Queue is TX_QUEUE, a message queue of fixed-size messages (1 to 16 ULONG
// words). Its zero value is "not created".
type Queue struct {
	_        noCopy
	id       uint32
	k        *Kernel
	name     string
	words    int // message size in ULONG words
	capacity int
	messages [][]nx.ULONG
	waiters  WaitList // receivers while empty, senders while full
	notify   func(*Queue)
}

// pendingSend is what a sender blocked on a full queue waits to put in.
type pendingSend struct {
	message []nx.ULONG
	front   bool
}

func validQueue(q *Queue) bool { return q != nil && q.id == queueID }

// QueueCreate is tx_queue_create: messageSize is in ULONG words (TX_1_ULONG
// to TX_16_ULONG); queueStorage is the memory area, and the queue holds
// len(queueStorage) / (messageSize*4) messages. Allowed from initialization
// and threads.
func QueueCreate(queuePtr *Queue, name string, messageSize nx.UINT, queueStorage []byte) nx.Status {
	defer Leave(Enter(opQueueCreate))
	if errorChecking {
		if st := txeCreate(queuePtr == nil || queuePtr.id == queueID, nx.TX_QUEUE_ERROR); st != nx.TX_SUCCESS {
			return st
		}
		switch {
		case queueStorage == nil:
			return nx.TX_PTR_ERROR
		case messageSize < nx.TX_1_ULONG || messageSize > nx.TX_16_ULONG || len(queueStorage) < int(messageSize)*4:
			return nx.TX_SIZE_ERROR
		}
	}
	k := currentKernel()
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	*queuePtr = Queue{id: queueID, k: k, name: name, words: int(messageSize), capacity: len(queueStorage) / (int(messageSize) * 4)}
	queuePtr.waiters.SetName(name)
	k.queues = append(k.queues, queuePtr)
	return nx.TX_SUCCESS
}

// QueueDelete is tx_queue_delete: waiters return TX_DELETED. Allowed from
// threads.
func QueueDelete(queuePtr *Queue) nx.Status {
	defer Leave(Enter(opQueueDelete))
	if errorChecking {
		if st := txeDelete(validQueue(queuePtr), nx.TX_QUEUE_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	k := owningKernel(queuePtr.k)
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	queuePtr.id = 0
	k.queues = removeItem(k.queues, queuePtr)
	queuePtr.waiters.WakeAll(nx.TX_DELETED)
	PreemptionPoint()
	return nx.TX_SUCCESS
}

// QueueSend is tx_queue_send: the message (its first messageSize words) is
// copied to the back of the queue, or straight to a waiting receiver; on a
// full queue the caller waits up to waitOption ticks (TX_QUEUE_FULL after
// that). The send-notify function runs after a successful send. Allowed
// everywhere (waiting: threads only).
func QueueSend(queuePtr *Queue, source []nx.ULONG, waitOption nx.ULONG) nx.Status {
	defer Leave(Enter(opQueueSend))
	return queueSend(queuePtr, source, waitOption, false)
}

// QueueFrontSend is tx_queue_front_send: as QueueSend, to the front. A
// sender that waits on a full queue goes to the front of the suspension list
// (tx_queue_front_send.c), and the next receiver takes its message directly
// (tx_queue_receive.c), so it is still the next message received.
func QueueFrontSend(queuePtr *Queue, source []nx.ULONG, waitOption nx.ULONG) nx.Status {
	defer Leave(Enter(opQueueFrontSend))
	return queueSend(queuePtr, source, waitOption, true)
}

func txeQueueTransfer(q *Queue, buf []nx.ULONG, wait nx.ULONG) nx.Status {
	if st := txeWait(validQueue(q), nx.TX_QUEUE_ERROR, wait); st != nx.TX_SUCCESS {
		return st
	}
	if buf == nil || len(buf) < q.words {
		return nx.TX_PTR_ERROR
	}
	return nx.TX_SUCCESS
}

func queueSend(q *Queue, source []nx.ULONG, wait nx.ULONG, front bool) nx.Status {
	if errorChecking {
		if st := txeQueueTransfer(q, source, wait); st != nx.TX_SUCCESS {
			return st
		}
	}
	if owningKernel(q.k) == nil {
		return nx.TX_CALLER_ERROR
	}
	msg := append([]nx.ULONG(nil), source[:q.words]...)
	switch {
	case len(q.messages) == 0 && q.waiters.Len() > 0:
		q.waiters.WakeFirst(nx.TX_SUCCESS, msg)
	case len(q.messages) < q.capacity:
		q.enqueue(msg, front)
	case wait == nx.TX_NO_WAIT:
		return nx.TX_QUEUE_FULL
	default:
		suspend := q.waiters.Suspend
		if front {
			suspend = q.waiters.suspendAtFront
		}
		if st, _ := suspend(nx.TX_QUEUE_SUSP, wait, nx.TX_QUEUE_FULL, pendingSend{msg, front}); st != nx.TX_SUCCESS {
			return st
		}
	}
	if q.notify != nil {
		q.notify(q)
	}
	PreemptionPoint()
	return nx.TX_SUCCESS
}

// suspendAtFront is WaitList.Suspend for a front sender: ThreadX puts it at
// the head of the suspension list, ahead of earlier waiters
// (tx_queue_front_send.c).
func (w *WaitList) suspendAtFront(state nx.UINT, wait nx.ULONG, timeout nx.Status, info any) (nx.Status, any) {
	t := currentThread()
	w.threads.pushFront(t)
	t.waitList, t.waitInfo, t.waitResult, t.timeoutStatus = w, info, nil, timeout
	st := t.k.suspendCurrent(state, wait)
	res := t.waitResult
	t.waitInfo, t.waitResult = nil, nil
	return st, res
}

func (q *Queue) enqueue(msg []nx.ULONG, front bool) {
	if front {
		q.messages = append([][]nx.ULONG{msg}, q.messages...)
	} else {
		q.messages = append(q.messages, msg)
	}
}

// QueueReceive is tx_queue_receive: the oldest message is copied to
// destination (messageSize words); a sender blocked on the full queue then
// puts its message in. If that sender is a front sender, the receiver takes
// its message directly instead and the queue stays full (tx_queue_receive.c).
// On an empty queue the caller waits up to waitOption ticks (TX_QUEUE_EMPTY
// after that). Allowed everywhere (waiting: threads only).
func QueueReceive(queuePtr *Queue, destination []nx.ULONG, waitOption nx.ULONG) nx.Status {
	defer Leave(Enter(opQueueReceive))
	if errorChecking {
		if st := txeQueueTransfer(queuePtr, destination, waitOption); st != nx.TX_SUCCESS {
			return st
		}
	}
	if owningKernel(queuePtr.k) == nil {
		return nx.TX_CALLER_ERROR
	}
	q := queuePtr
	if len(q.messages) > 0 {
		t := q.waiters.First() // a sender: the queue is full
		var p pendingSend
		if t != nil {
			p = t.WaitInfo().(pendingSend)
		}
		if p.front {
			copy(destination, p.message)
		} else {
			copy(destination, q.messages[0])
			q.messages = q.messages[1:]
			if t != nil {
				q.enqueue(p.message, false)
			}
		}
		if t != nil {
			q.waiters.Wake(t, nx.TX_SUCCESS, nil)
			PreemptionPoint()
		}
		return nx.TX_SUCCESS
	}
	if waitOption == nx.TX_NO_WAIT {
		return nx.TX_QUEUE_EMPTY
	}
	st, msg := q.waiters.Suspend(nx.TX_QUEUE_SUSP, waitOption, nx.TX_QUEUE_EMPTY, nil)
	if st == nx.TX_SUCCESS {
		copy(destination, msg.([]nx.ULONG))
	}
	return st
}

// QueueFlush is tx_queue_flush: every message is discarded, and threads
// blocked on the full queue return TX_SUCCESS with their messages lost.
func QueueFlush(queuePtr *Queue) nx.Status {
	defer Leave(Enter(opQueueFlush))
	if errorChecking {
		if st := txeValid(validQueue(queuePtr), nx.TX_QUEUE_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	if owningKernel(queuePtr.k) == nil {
		return nx.TX_CALLER_ERROR
	}
	q := queuePtr
	hadMessages := len(q.messages) > 0
	q.messages = nil
	if hadMessages {
		q.waiters.WakeAll(nx.TX_SUCCESS)
		PreemptionPoint()
	}
	return nx.TX_SUCCESS
}

// QueuePrioritize is tx_queue_prioritize.
func QueuePrioritize(queuePtr *Queue) nx.Status {
	defer Leave(Enter(opQueuePrioritize))
	if errorChecking {
		if st := txeValid(validQueue(queuePtr), nx.TX_QUEUE_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	queuePtr.waiters.Prioritize()
	return nx.TX_SUCCESS
}

// QueueSendNotify is tx_queue_send_notify: notify (nil to remove) runs after
// every successful send.
func QueueSendNotify(queuePtr *Queue, notify func(queuePtr *Queue)) nx.Status {
	defer Leave(Enter(opQueueSendNotify))
	if errorChecking {
		if st := txeValid(validQueue(queuePtr), nx.TX_QUEUE_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	queuePtr.notify = notify
	return nx.TX_SUCCESS
}

// QueueInfoGet is tx_queue_info_get. Any out-pointer may be nil.
func QueueInfoGet(queuePtr *Queue, name *string, enqueued *nx.ULONG, availableStorage *nx.ULONG,
	firstSuspended **Thread, suspendedCount *nx.ULONG, nextQueue **Queue) nx.Status {
	defer Leave(Enter(opQueueInfoGet))
	if errorChecking {
		if st := txeValid(validQueue(queuePtr), nx.TX_QUEUE_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	q := queuePtr
	set(name, q.name)
	set(enqueued, nx.ULONG(len(q.messages)))
	set(availableStorage, nx.ULONG(q.capacity-len(q.messages)))
	set(firstSuspended, q.waiters.First())
	set(suspendedCount, nx.ULONG(q.waiters.Len()))
	set(nextQueue, nextCreated(q.k.queues, q))
	return nx.TX_SUCCESS
}

// QueuePerformanceInfoGet is tx_queue_performance_info_get: like the default
// C build (no TX_QUEUE_ENABLE_PERFORMANCE_INFO), it returns
// TX_FEATURE_NOT_ENABLED whatever its arguments.
func QueuePerformanceInfoGet(queuePtr *Queue, messagesSent, messagesReceived, emptySuspensions, fullSuspensions,
	fullErrors, timeouts *nx.ULONG) nx.Status {
	defer Leave(Enter(opQueuePerformanceInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}

// QueuePerformanceSystemInfoGet is tx_queue_performance_system_info_get:
// TX_FEATURE_NOT_ENABLED, as in the default C build.
func QueuePerformanceSystemInfoGet(messagesSent, messagesReceived, emptySuspensions, fullSuspensions,
	fullErrors, timeouts *nx.ULONG) nx.Status {
	defer Leave(Enter(opQueuePerformanceSystemInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}
