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
	ackSeen  bool // an ACK since the page started (since waitSince when set)
	lastSeen time.Time
	// waitSince is the page start (CCPStarting): a CCP that has not answered since then goes
	// degraded and down like a silent one, with the problem ProblemNoAnswer.
	waitSince time.Time
	status    HealthStatus
	problem   string
	since     time.Time
	timer     Timer
}

// ProblemNoAnswer: the region's CCP has not answered since the page started. Its frame was
// refused (the instance does not approve the app's origin), never loaded (URL, network), or
// the agent is not set up there; the UI says what to check.
const ProblemNoAnswer = "no_answer"

// waitForAnswersLocked starts the wait for every configured region's first ACK of a new page.
func (t *Tracker) waitForAnswersLocked(now time.Time) bool {
	changed := false
	for _, e := range t.regions {
		h := t.healthLocked(e.Region)
		h.ackSeen, h.waitSince = false, now
		if h.timer != nil {
			h.timer.Stop()
			h.timer = nil
		}
		changed = t.recomputeLocked(e.Region, h, now) || changed
	}
	return changed
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

// livenessRef is the time keepalive silence counts from: the last ACK, or the page start while
// the page's CCP has not answered yet (zero: nothing to count from).
func livenessRef(h *healthState) time.Time {
	if h.ackSeen {
		return h.lastSeen
	}
	return h.waitSince
}

// liveness is what the keepalive alone says.
func (t *Tracker) liveness(h *healthState, now time.Time) HealthStatus {
	ref := livenessRef(h)
	if ref.IsZero() || (!h.ackSeen && now.Sub(ref) < t.staleAfter) {
		return HealthUnknown // no ACK expected yet
	}
	switch age := now.Sub(ref); {
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
	l := t.liveness(h, now)
	if l.rank() > s.rank() {
		s = l
	}
	problem := ""
	if !h.ackSeen && (l == HealthDegraded || l == HealthDown) {
		problem = ProblemNoAnswer
	}
	changed := s != h.status || problem != h.problem
	if changed {
		if s != h.status {
			h.since = now
		}
		h.status, h.problem = s, problem
		t.log.Info().Str("region", region).Str("health", string(s)).Str("problem", problem).Msg("region health")
	}
	if ref := livenessRef(h); h.timer == nil && !ref.IsZero() {
		var at time.Time
		switch {
		case now.Before(ref.Add(t.staleAfter)):
			at = ref.Add(t.staleAfter)
		case now.Before(ref.Add(t.downAfter)):
			at = ref.Add(t.downAfter)
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
