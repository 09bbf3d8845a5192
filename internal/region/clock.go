package region

import "time"

// Clock is injected so every timestamp and every timer (completed → active decay,
// keepalive staleness) is deterministic in tests.
type Clock interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a pending AfterFunc.
type Timer interface {
	Stop() bool
}

// SystemClock is the real clock.
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// Emitter publishes one event to the frontend; events.Emitter satisfies it.
// It is called with the tracker's lock held, so it must not call back into the tracker.
type Emitter interface {
	Emit(name string, payload any)
}
