package region

import (
	"fmt"
	"time"
)

// healthState combines two sources: explicit signals (websocket events, which Streams only
// passes from the active CCP) and keepalive ACKs (which both CCPs answer, so they are the
// only sign of life of the inactive region).
type healthState struct {
	reported HealthStatus
	ackSeen  bool
	lastSeen time.Time
	status   HealthStatus
	since    time.Time
	timer    Timer
}

// StatusForSignal returns the status a Streams event name stands for.
func StatusForSignal(event string) (HealthStatus, error) {
	switch event {
	case "webSocket::connection_gain", "webSocket::connection_open", "agent::websocket_connection_gained":
		return HealthHealthy, nil
	case "webSocket::connection_lost", "webSocket::connection_close", "agent::websocket_connection_lost",
		"webSocket::subscription_failure":
		return HealthDegraded, nil
	case "webSocket::init_failure":
		return HealthDown, nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownSignal, event)
}

// HealthSignal records a Streams websocket event (by name) for region.
func (t *Tracker) HealthSignal(region, event string) error {
	s, err := StatusForSignal(event)
	if err != nil {
		return err
	}
	return t.setHealth(region, s)
}

// Health records an explicit status for region. It holds until the next explicit status,
// whatever the keepalive says: a live CCP page without its websocket gets no contacts.
func (t *Tracker) Health(region, status string) error {
	s, err := ParseHealth(status)
	if err != nil {
		return err
	}
	return t.setHealth(region, s)
}

func (t *Tracker) setHealth(region string, s HealthStatus) error {
	if err := checkRegion(region); err != nil {
		return fmt.Errorf("health: %w", err)
	}
	return t.update(func(now time.Time) (outcome, error) {
		h := t.healthLocked(region)
		changed := h.reported != s
		h.reported = s
		if s == HealthHealthy {
			h.lastSeen = now
		}
		return outcome{changed: t.recomputeLocked(region, h, now) || changed}, nil
	})
}

// KeepaliveAck records a keepalive ACK from region's CCP. Only a status change emits an
// event, so ACKs every second cost nothing in the UI.
func (t *Tracker) KeepaliveAck(region string) error {
	if err := checkRegion(region); err != nil {
		return fmt.Errorf("keepalive: %w", err)
	}
	return t.update(func(now time.Time) (outcome, error) {
		h := t.healthLocked(region)
		h.ackSeen, h.lastSeen = true, now
		return outcome{changed: t.recomputeLocked(region, h, now)}, nil
	})
}

func (t *Tracker) healthLocked(region string) *healthState {
	h := t.health[region]
	if h == nil {
		h = &healthState{reported: HealthUnknown, status: HealthUnknown}
		t.health[region] = h
	}
	return h
}

// liveness is what the keepalive alone says.
func (t *Tracker) liveness(h *healthState, now time.Time) HealthStatus {
	if !h.ackSeen {
		return HealthUnknown
	}
	switch age := now.Sub(h.lastSeen); {
	case age < t.staleAfter:
		return HealthHealthy
	case age < t.downAfter:
		return HealthDegraded
	}
	return HealthDown
}

// recomputeLocked sets the effective status (the worse of the two sources), reports whether
// it changed, and keeps one timer per region armed for the next staleness threshold.
func (t *Tracker) recomputeLocked(region string, h *healthState, now time.Time) bool {
	s := h.reported
	if l := t.liveness(h, now); l.rank() > s.rank() {
		s = l
	}
	changed := s != h.status
	if changed {
		h.status, h.since = s, now
		t.log.Info().Str("region", region).Str("health", string(s)).Msg("region health")
	}
	if h.timer == nil && h.ackSeen {
		var at time.Time
		switch {
		case now.Before(h.lastSeen.Add(t.staleAfter)):
			at = h.lastSeen.Add(t.staleAfter)
		case now.Before(h.lastSeen.Add(t.downAfter)):
			at = h.lastSeen.Add(t.downAfter)
		}
		if !at.IsZero() {
			h.timer = t.clock.AfterFunc(at.Sub(now), func() { t.livenessCheck(region) })
		}
	}
	return changed
}

func (t *Tracker) livenessCheck(region string) {
	_ = t.update(func(now time.Time) (outcome, error) {
		h := t.health[region]
		if h == nil {
			return outcome{}, nil
		}
		h.timer = nil
		return outcome{changed: t.recomputeLocked(region, h, now)}, nil
	})
}

// forgetReportedLocked drops the explicit status of a region that just became inactive: its
// CCP is silent now (protocol §6.5), so an old websocket signal would never be corrected.
func (t *Tracker) forgetReportedLocked(region string, now time.Time) {
	if h := t.health[region]; h != nil {
		h.reported = HealthUnknown
		t.recomputeLocked(region, h, now)
	}
}
