package region

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// CCPStarting is called by the frontend just before initCCP (first load or a page reload).
// It forgets the previous page's configure error: Streams reports configuration errors
// from inside initCCP, before Initialized, so they must not be cleared by Initialized.
// The active region and a failover in progress are kept: they are the instances' state,
// and ccpsim and Connect tell a reloaded page about a pending failover again. Each
// configured region's CCP must answer the new page: until its first ACK it is unknown, then
// degraded and down like a silent one (ProblemNoAnswer).
func (t *Tracker) CCPStarting() error {
	return t.update(func(now time.Time) (outcome, error) {
		changed := t.waitForAnswersLocked(now)
		if t.configErr != nil {
			t.configErr = nil
			changed = true
		}
		return outcome{changed: changed}, nil
	})
}

// Initialized records connect.globalResiliency.getActiveRegion() after Streams' init.
func (t *Tracker) Initialized(active string) error {
	if err := checkRegion(active); err != nil {
		return fmt.Errorf("initialized: %w", err)
	}
	return t.update(func(now time.Time) (outcome, error) {
		changed := t.restored
		t.restored = false
		switch {
		case t.inFailoverLocked() && active == t.target:
			// The failover finished while the page was reloading.
			return t.completeLocked(now, active), nil
		case t.inFailoverLocked() && active == t.active:
			// Reloaded mid-failover: still pending; the CCP tells the page again.
			return outcome{changed: changed}, nil
		case t.phase == PhaseUnknown:
			t.active, t.phase = active, PhaseActive
			t.persistLocked(now)
			t.refreshWarningLocked()
			return outcome{changed: true}, nil
		case active == t.active:
			return outcome{changed: changed}, nil
		}
		// A different region without a failover we saw (e.g. it completed while the
		// window was not listening): treat it as a switch so caches are reset.
		old := t.active
		t.setActiveLocked(now, active, PhaseActive)
		return outcome{changed: true, sw: &Switch{From: old, To: active, At: now}}, nil
	})
}

func (t *Tracker) inFailoverLocked() bool {
	return t.phase == PhaseFailoverDetected || t.phase == PhaseFailoverPending
}

// FailoverDetected records onFailoverDetected({nextActiveRegion}).
func (t *Tracker) FailoverDetected(next string) error {
	if err := checkRegion(next); err != nil {
		return fmt.Errorf("failover detected: %w", err)
	}
	return t.update(func(now time.Time) (outcome, error) {
		switch {
		case t.inFailoverLocked() && next == t.target:
			return outcome{}, nil // Streams dedupes per target; never go back from pending
		case next == t.active:
			return t.cancelLocked(), nil
		}
		t.stopDecayLocked()
		t.phase, t.target, t.waiting, t.detectedAt = PhaseFailoverDetected, next, nil, now
		return outcome{changed: true}, nil
	})
}

// FailoverPending records onFailoverPending({nextActiveRegion}) with the contacts the
// frontend knows are still open (Streams does not provide them). With none given, the
// active region's current contacts are assumed.
func (t *Tracker) FailoverPending(next string, contactIDs []string) error {
	if err := checkRegion(next); err != nil {
		return fmt.Errorf("failover pending: %w", err)
	}
	return t.update(func(now time.Time) (outcome, error) {
		if next == t.active {
			return t.cancelLocked(), nil
		}
		waiting := dedupe(contactIDs)
		if len(contactIDs) == 0 {
			for _, c := range FilterActive(t.contacts, t.active) {
				waiting = append(waiting, c.ID)
			}
		}
		if t.phase == PhaseFailoverPending && t.target == next && slices.Equal(waiting, t.waiting) {
			return outcome{}, nil
		}
		if !t.inFailoverLocked() || t.target != next {
			t.detectedAt = now // pending without a detected first
		}
		t.stopDecayLocked()
		t.phase, t.target, t.waiting = PhaseFailoverPending, next, waiting
		return outcome{changed: true}, nil
	})
}

// cancelLocked handles a failover "to" the region that is already active: during a failover
// the traffic came back before the agent moved (failback while pending), so it is over;
// otherwise it is a late duplicate after the switch and changes nothing.
func (t *Tracker) cancelLocked() outcome {
	if !t.inFailoverLocked() {
		return outcome{}
	}
	t.phase, t.target, t.waiting, t.detectedAt = PhaseActive, "", nil, time.Time{}
	return outcome{changed: true}
}

func dedupe(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// FailoverCompleted records onFailoverCompleted({activeRegion, activeCcpUrl}). Streams gives
// the new active CCP's origin as activeCcpUrl; it names the region when activeRegion is empty.
func (t *Tracker) FailoverCompleted(active, activeCCPURL string) error {
	if active == "" {
		active = t.regionForOrigin(origin(activeCCPURL))
		if active == "" {
			return fmt.Errorf("failover completed: %w", ErrMissingRegion)
		}
	}
	if err := checkRegion(active); err != nil {
		return fmt.Errorf("failover completed: %w", err)
	}
	return t.update(func(now time.Time) (outcome, error) {
		return t.completeLocked(now, active), nil
	})
}

func (t *Tracker) regionForOrigin(o string) string {
	if o == "" {
		return ""
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, e := range t.regions {
		if e.CCPURL != "" && origin(e.CCPURL) == o {
			return e.Region
		}
	}
	return ""
}

func (t *Tracker) completeLocked(now time.Time, active string) outcome {
	old := t.active
	t.restored = false
	t.configErr = nil // a completed failover proves the configuration works
	t.setActiveLocked(now, active, PhaseFailoverCompleted)
	t.doneAt = now
	seq := t.decaySeq
	t.decay = t.clock.AfterFunc(t.completedFor, func() { t.decayToActive(seq) })
	out := outcome{changed: true}
	if old != "" && old != active {
		out.sw = &Switch{From: old, To: active, At: now}
	}
	return out
}

// setActiveLocked moves to a new active region, ending any failover.
func (t *Tracker) setActiveLocked(now time.Time, active string, phase Phase) {
	t.stopDecayLocked()
	if t.active != "" && t.active != active {
		t.forgetReportedLocked(t.active, now)
	}
	t.active, t.phase, t.target, t.waiting = active, phase, "", nil
	t.detectedAt, t.doneAt = time.Time{}, time.Time{}
	t.persistLocked(now)
	t.refreshWarningLocked()
}

// stopDecayLocked cancels the decay; bumping decaySeq also voids a timer that already fired
// and waits for the lock.
func (t *Tracker) stopDecayLocked() {
	t.decaySeq++
	if t.decay != nil {
		t.decay.Stop()
		t.decay = nil
	}
}

// decayToActive ends the "completed" banner unless something changed since.
func (t *Tracker) decayToActive(seq uint64) {
	_ = t.update(func(time.Time) (outcome, error) {
		if t.decaySeq != seq || t.phase != PhaseFailoverCompleted {
			return outcome{}, nil
		}
		t.decay = nil
		t.phase, t.doneAt = PhaseActive, time.Time{}
		return outcome{changed: true}, nil
	})
}

// ConfigureError records onConfigureError. Streams passes an Error; the frontend sends its
// message. It is kept (bounded) until CCPStarting or a completed failover.
func (t *Tracker) ConfigureError(message string) error {
	message = strings.TrimSpace(message)
	if message == "" {
		message = "Global Resiliency configuration error (no message)"
	}
	if r := []rune(message); len(r) > maxErrorLen {
		message = string(r[:maxErrorLen]) + "…"
	}
	return t.update(func(now time.Time) (outcome, error) {
		t.configErr = &ConfigError{Message: message, At: now}
		t.log.Warn().Str("error", message).Msg("global resiliency configure error")
		return outcome{changed: true}, nil
	})
}

// ContactsChanged records the agent's contacts with their region. A pending failover stops
// waiting for contacts that are gone.
func (t *Tracker) ContactsChanged(contacts []Contact) error {
	return t.update(func(time.Time) (outcome, error) {
		if t.phase != PhaseFailoverPending {
			t.contacts = slices.Clone(contacts)
			return outcome{}, nil
		}
		before := t.waitingForLocked()
		t.contacts = slices.Clone(contacts)
		t.waiting = slices.DeleteFunc(t.waiting, func(id string) bool {
			return !slices.ContainsFunc(contacts, func(c Contact) bool { return c.ID == id })
		})
		// An event only when the banner changes: a contact gone, or one entering after-call work.
		return outcome{changed: !slices.Equal(before, t.waitingForLocked())}, nil
	})
}

func (t *Tracker) persistLocked(now time.Time) {
	if t.dir == "" || t.active == t.saved {
		return
	}
	if err := saveState(t.dir, state{ActiveRegion: t.active, UpdatedAt: now}); err != nil {
		t.stateErr = "could not save the active region: " + err.Error()
		t.log.Warn().Err(err).Str("region", t.active).Msg("region state not saved")
		return
	}
	t.saved, t.stateErr = t.active, ""
}
