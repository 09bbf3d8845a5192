package ccpsim

import (
	"time"
)

// agent is one simulated agent. Its chosen status (availability) and the system state Connect reports
// while it handles contacts are kept apart, as in Connect: the snapshot shows the system state
// (PendingBusy, Busy, AfterCallWork, …) while agentAvailabilityState keeps the chosen one.
type agent struct {
	username, name, id string
	profile            *RoutingProfileConfig
	softphone          bool
	extension          string
	permissions        []string
	preferences        map[string]string

	chosen      AgentStateConfig // the status the agent picked
	chosenSince time.Time
	next        *AgentStateConfig // enqueued next status (applied when contacts are cleared)
	errState    string            // e.g. MissedCallAgent, until the agent picks a status
	errSince    time.Time

	shown      string // name of the state last reported, to stamp startTimestamp on change
	shownSince time.Time

	contacts []*contact // contacts offered to or handled by this agent, in offer order

	signedIn     bool
	activeRegion string // the region whose CCP serves this agent (Global Resiliency)
	failoverTo   string // a failover waiting for the agent's active contacts to end
	muted        bool
	masters      map[string]string // master topic -> port id
	lastFree     time.Time         // when the agent last had no contact, for longest-idle routing
}

func newAgent(ac AgentConfig, cfg *Config, now time.Time) *agent {
	a := &agent{
		username:    ac.Username,
		name:        ac.Name,
		id:          stableID("agent", ac.Username),
		softphone:   ac.Softphone == nil || *ac.Softphone,
		extension:   ac.Extension,
		permissions: ac.Permissions,
		preferences: map[string]string{"LANGUAGE": "en_US"},
		masters:     map[string]string{},
		lastFree:    now,
	}
	if a.name == "" {
		a.name = ac.Username
	}
	if a.permissions == nil {
		a.permissions = []string{"outboundCall", "voiceId", "contactHistory"}
	}
	for i := range cfg.RoutingProfiles {
		if cfg.RoutingProfiles[i].Name == ac.RoutingProfile {
			a.profile = &cfg.RoutingProfiles[i]
		}
	}
	// Agents start Offline, as after a fresh login to Connect.
	for _, s := range cfg.AgentStates {
		if s.Type == "offline" {
			a.chosen = s
			break
		}
	}
	a.chosenSince = now
	return a
}

// systemState is the state Connect reports for the agent right now: an error state, a system state
// derived from its contacts, or its chosen status.
func (a *agent) systemState() (name, typ string) {
	if a.errState != "" {
		return a.errState, "error"
	}
	var ringing, calling, connected, acw bool
	for _, c := range a.contacts {
		switch c.state {
		case "incoming", "connecting", "pending":
			if ac := c.agentConn(); ac != nil && ac.state == "connected" {
				calling = true
			} else {
				ringing = true
			}
		case "connected", "paused":
			connected = true
		case "ended":
			acw = true
		}
	}
	switch {
	case connected:
		return "Busy", "system"
	case calling:
		return "CallingCustomer", "system"
	case ringing:
		return "PendingBusy", "system"
	case acw:
		return "AfterCallWork", "system"
	}
	return a.chosen.Name, a.chosen.Type
}

// restamp records when the reported state name last changed (Streams' state duration).
func (a *agent) restamp(now time.Time) {
	name, _ := a.systemState()
	if name != a.shown {
		a.shown = name
		a.shownSince = now
	}
}

// capacity reports whether the agent can take one more contact of the channel.
func (a *agent) capacity(channel string) bool {
	limit := a.profile.Concurrency[channel]
	if limit == 0 {
		if _, set := a.profile.Concurrency[channel]; !set && (channel == "VOICE" || channel == "CHAT") {
			limit = 1
		}
	}
	n := 0
	for _, c := range a.contacts {
		if c.channel == channel {
			n++
		}
	}
	return n < limit
}

func (a *agent) hasQueue(q string) bool {
	for _, name := range a.profile.Queues {
		if name == q {
			return true
		}
	}
	return false
}

// busyWithLiveContact reports whether the agent has a voice or chat contact that is not over yet (what
// holds a Global Resiliency failover pending).
func (a *agent) busyWithLiveContact() bool {
	for _, c := range a.contacts {
		if c.channel == "TASK" {
			continue
		}
		return true // any voice/chat contact, including after-call work, keeps the agent where it is
	}
	return false
}

func (a *agent) contactIndex(id string) int {
	for i, c := range a.contacts {
		if c.id == id {
			return i
		}
	}
	return -1
}

// stateByARN finds a configured status by its ARN or, failing that, by name.
func (w *World) stateFor(regionName, arn, name string) (AgentStateConfig, bool) {
	for _, s := range w.cfg.AgentStates {
		for _, r := range w.regions {
			if arn != "" && w.stateARN(r, s.Name) == arn {
				return s, true
			}
		}
	}
	for _, s := range w.cfg.AgentStates {
		if arn == "" && s.Name == name {
			return s, true
		}
	}
	return AgentStateConfig{}, false
}

func (w *World) stateARN(r *region, name string) string {
	return r.arn(w.cfg.AccountID) + "/agent-state/" + stableID("agent-state", r.name, name)
}

// setChosenLocked applies a status the agent (or the control API) picked.
func (w *World) setChosenLocked(a *agent, s AgentStateConfig, enqueue bool) *apiError {
	now := w.clock.Now()
	if enqueue && len(a.contacts) > 0 {
		a.next = &s
		return nil
	}
	if s.Type == "offline" {
		for _, c := range a.contacts {
			if c.active() {
				return invalidState("Agent cannot go offline while handling a contact")
			}
		}
	}
	a.chosen = s
	a.chosenSince = now
	a.next = nil
	a.errState = ""
	a.restamp(now)
	return nil
}

// SetAgentState sets an agent's status by name (control API).
func (w *World) SetAgentState(username, state string) error {
	return w.do(func() error {
		a := w.agents[username]
		if a == nil {
			return ErrNotFound
		}
		s, ok := w.stateFor("", "", state)
		if !ok {
			return fieldError("state", "unknown agent state "+state)
		}
		if e := w.setChosenLocked(a, s, false); e != nil {
			return conflictError{e}
		}
		w.routeLocked()
		w.notifyLocked(Notice{Agent: username, Kind: NoticeUpdate})
		return nil
	})
}

// conflictError wraps a refusal the real CCP would give, for the control API's 409.
type conflictError struct{ e *apiError }

func (c conflictError) Error() string { return c.e.Message }
func (c conflictError) Unwrap() error { return ErrConflict }
