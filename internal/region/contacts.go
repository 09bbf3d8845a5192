package region

// FilterActive returns the contacts that belong to the active region, in order. The
// inactive CCP should be silent (protocol §6.5), but a contact left over from the region
// the agent just left must not reach the panel. A contact with no region is kept: hiding
// a live call is worse than showing a stale one. With no active region known, all are kept.
func FilterActive(contacts []Contact, active string) []Contact {
	out := make([]Contact, 0, len(contacts))
	for _, c := range contacts {
		if active == "" || c.Region == "" || c.Region == active {
			out = append(out, c)
		}
	}
	return out
}

// VisibleContacts filters contacts by the tracker's active region. A region restored from
// the previous run is a guess until Streams confirms it, so it filters nothing.
func (t *Tracker) VisibleContacts(contacts []Contact) []Contact {
	t.mu.Lock()
	active := t.active
	if t.restored {
		active = ""
	}
	t.mu.Unlock()
	return FilterActive(contacts, active)
}
