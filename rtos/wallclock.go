package rtos

import "time"

// This file is the one place in the emulation that reads the wall clock: in
// wall-clock mode virtual time follows real time, so that real sockets and
// foreign goroutines (a pion/dtls peer, a bridge) can take part. Inside a
// testing/synctest bubble, time.Now and timers are the bubble's fake time.

// wallClock is the state of wall-clock mode.
type wallClock struct {
	origin time.Time   // the real instant that corresponds to virtual time 0
	posts  chan func() // work handed in by goroutines outside the simulation
}

// WithWallClock makes RunFor follow real time: an event due at virtual
// instant t runs when t has elapsed in real time since the run started, and
// Post lets other goroutines hand work to the engine meanwhile.
func WithWallClock() EngineOption {
	return func(e *Engine) { e.wall = &wallClock{posts: make(chan func(), 64)} }
}

// Post hands fn to the engine from any goroutine: it runs as an event at the
// current instant, in no device's context, and then every device runs what
// it made ready (for example a driver interrupt raised with
// Kernel.Interrupt). Post may block while the queue of posts is full. It
// needs wall-clock mode: in virtual time nothing outside the simulation may
// act while it runs.
func (e *Engine) Post(fn func()) {
	if e.wall == nil {
		panic("rtos: Engine.Post needs wall-clock mode (WithWallClock)")
	}
	e.wall.posts <- fn
}

// waitNext waits in real time for the next event or post, runs it, and
// reports whether the run goes on; false once the deadline is reached.
func (w *wallClock) waitNext(e *Engine, deadline time.Duration) bool {
	if w.origin.IsZero() {
		w.origin = time.Now().Add(-e.now)
	}
	next := deadline
	if len(e.queue) > 0 && e.queue[0].at <= deadline {
		next = e.queue[0].at
	}
	timer := time.NewTimer(time.Until(w.origin.Add(next)))
	defer timer.Stop()
	select {
	case fn := <-w.posts:
		e.now = min(max(e.now, time.Since(w.origin)), deadline)
		e.step(&event{at: e.now, fn: fn})
		return true
	case <-timer.C:
		if next == deadline && (len(e.queue) == 0 || e.queue[0].at > deadline) {
			return false
		}
		e.step(popEvent(e))
		return true
	}
}
