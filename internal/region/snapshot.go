package region

import (
	"maps"
	"slices"
)

// Snapshot returns the current state (the frontend calls it on every page load).
func (t *Tracker) Snapshot() Snapshot {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.snapshotLocked()
}

func (t *Tracker) snapshotLocked() Snapshot {
	s := Snapshot{
		Version: t.version, ActiveRegion: t.active, Restored: t.restored, Phase: t.phase,
		TargetRegion: t.target, WaitingFor: t.waitingForLocked(),
		DetectedAt: t.detectedAt, CompletedAt: t.doneAt,
		Warning: t.warning, StateFileError: t.stateErr, ChangedAt: t.changedAt,
	}
	if t.configErr != nil {
		e := *t.configErr
		s.ConfigureError = &e
		// A failover in progress or just completed matters more to the agent than the error.
		if t.phase == PhaseUnknown || t.phase == PhaseActive {
			s.Phase = PhaseConfigureError
		}
	}
	roles := []string{"primary", "secondary"}
	for i, e := range t.regions {
		s.Regions = append(s.Regions, t.regionInfoLocked(e.Region, e.CCPURL, roles[i]))
	}
	// Regions Streams reported that are not configured still show, so a mismatch is visible.
	extra := map[string]bool{}
	if t.active != "" {
		extra[t.active] = true
	}
	for r := range t.health {
		extra[r] = true
	}
	for _, r := range slices.Sorted(maps.Keys(extra)) {
		if !t.configuredLocked(r) {
			s.Regions = append(s.Regions, t.regionInfoLocked(r, "", ""))
		}
	}
	if s.Regions == nil {
		s.Regions = []RegionInfo{}
	}
	return s
}

func (t *Tracker) regionInfoLocked(region, ccpURL, role string) RegionInfo {
	ri := RegionInfo{Region: region, CCPURL: ccpURL, Role: role, Active: region == t.active,
		Health: Health{Status: HealthUnknown, Reported: HealthUnknown}}
	if h := t.health[region]; h != nil {
		ri.Health = Health{Status: h.status, Reported: h.reported, LastSeen: h.lastSeen, Since: h.since, Problem: h.problem}
	}
	return ri
}

// waitingForLocked returns the contacts a pending failover waits for, with the details
// last reported for them (a contact not reported yet shows with its ID only).
func (t *Tracker) waitingForLocked() []Contact {
	out := make([]Contact, 0, len(t.waiting))
	for _, id := range t.waiting {
		c := Contact{ID: id}
		if i := slices.IndexFunc(t.contacts, func(c Contact) bool { return c.ID == id }); i >= 0 {
			c = t.contacts[i]
		}
		out = append(out, c)
	}
	return out
}
