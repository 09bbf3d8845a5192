package region

import "github.com/ccpdesk/ccpdesk/internal/clock"

// Clock is injected so every timestamp and every timer (completed → active decay,
// keepalive staleness) is deterministic in tests.
type Clock = clock.Clock

// Timer is a pending AfterFunc.
type Timer = clock.Timer

// SystemClock is the real clock.
func SystemClock() Clock { return clock.Real() }

// Emitter publishes one event to the frontend; events.Emitter satisfies it.
// It is called with the tracker's lock held, so it must not call back into the tracker.
type Emitter interface {
	Emit(name string, payload any)
}
