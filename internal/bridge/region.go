package bridge

import (
	"errors"
	"fmt"

	"github.com/ccpdesk/ccpdesk/internal/region"
)

// Region forwards what Streams reports about Global Resiliency (from frontend/src/connect)
// to the region tracker, and serves its snapshot. The tracker emits region:changed and
// region:switched through the emitter main.go gave it (the Wails runtime).
type Region struct{ d *Deps }

// Error codes of the region bindings.
const (
	CodeRegionInvalid = "region_invalid"
	CodeRegionClosed  = "region_closed"
)

func (r *Region) tracker() (*region.Tracker, error) {
	if r.d.Region == nil {
		return nil, &Error{Code: CodeNotAvailable, Message: "region tracking: " + ErrNotAvailable.Error()}
	}
	return r.d.Region, nil
}

// regionError maps the tracker's sentinels to stable codes.
func regionError(op string, err error) error {
	if err == nil {
		return nil
	}
	msg := fmt.Sprintf("%s: %v", op, err)
	switch {
	case errors.Is(err, region.ErrInvalidRegion), errors.Is(err, region.ErrInvalidHealth),
		errors.Is(err, region.ErrUnknownSignal), errors.Is(err, region.ErrMissingRegion),
		errors.Is(err, region.ErrInvalidConfig):
		return &Error{Code: CodeRegionInvalid, Message: msg}
	case errors.Is(err, region.ErrTrackerClosed):
		return &Error{Code: CodeRegionClosed, Message: msg}
	}
	return &Error{Code: CodeInternal, Message: msg}
}

func (r *Region) do(op string, f func(t *region.Tracker) error) error {
	t, err := r.tracker()
	if err != nil {
		return err
	}
	return regionError(op, f(t))
}

// CCPStarting: the page is about to call initCCP (first load or reload).
func (r *Region) CCPStarting() error {
	return r.do("ccp starting", func(t *region.Tracker) error { return t.CCPStarting() })
}

// Initialized: connect.globalResiliency.getActiveRegion() after onInitialized.
func (r *Region) Initialized(active string) error {
	return r.do("initialized", func(t *region.Tracker) error { return t.Initialized(active) })
}

// FailoverDetected: onFailoverDetected({nextActiveRegion}).
func (r *Region) FailoverDetected(next string) error {
	return r.do("failover detected", func(t *region.Tracker) error { return t.FailoverDetected(next) })
}

// FailoverPending: onFailoverPending({nextActiveRegion}); contactIDs are the contacts the
// page holds (Streams passes none; empty means "the active region's current contacts").
func (r *Region) FailoverPending(next string, contactIDs []string) error {
	return r.do("failover pending", func(t *region.Tracker) error { return t.FailoverPending(next, contactIDs) })
}

// FailoverCompleted: onFailoverCompleted({activeRegion, activeCcpUrl}).
func (r *Region) FailoverCompleted(active, activeCCPURL string) error {
	return r.do("failover completed", func(t *region.Tracker) error { return t.FailoverCompleted(active, activeCCPURL) })
}

// ConfigureError: onConfigureError(error).
func (r *Region) ConfigureError(message string) error {
	return r.do("configure error", func(t *region.Tracker) error { return t.ConfigureError(message) })
}

// ContactsChanged: the contacts the page holds, each tagged with the region whose CCP
// reported it.
func (r *Region) ContactsChanged(contacts []region.Contact) error {
	return r.do("contacts", func(t *region.Tracker) error { return t.ContactsChanged(contacts) })
}

// HealthSignal: a Streams websocket event (agent::websocket_connection_lost, …) for a region.
func (r *Region) HealthSignal(regionName, event string) error {
	return r.do("health signal", func(t *region.Tracker) error { return t.HealthSignal(regionName, event) })
}

// Health: an explicit status (healthy, degraded, down) for a region.
func (r *Region) Health(regionName, status string) error {
	return r.do("health", func(t *region.Tracker) error { return t.Health(regionName, status) })
}

// KeepaliveAck: a keepalive ACK from a region's CCP (the frontend throttles them).
func (r *Region) KeepaliveAck(regionName string) error {
	return r.do("keepalive", func(t *region.Tracker) error { return t.KeepaliveAck(regionName) })
}

// Snapshot returns the tracker's state (the frontend calls it on every page load).
func (r *Region) Snapshot() (region.Snapshot, error) {
	t, err := r.tracker()
	if err != nil {
		return region.Snapshot{}, err
	}
	return t.Snapshot(), nil
}
