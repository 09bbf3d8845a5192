package ccpsim

import "fmt"

// Global Resiliency: the regions form one traffic distribution group with one active region. When it
// moves, each agent follows at once if idle, or after its voice and chat contacts are cleared
// ("failover pending"), as Connect does. The CCP connections turn the notices below into the
// globalResiliency::* messages Streams expects (protocol §6.4).

// SetActiveRegion moves the traffic distribution group to region.
func (w *World) SetActiveRegion(name string) error {
	return w.do(func() error {
		if w.region(name) == nil {
			return fieldError("region", "unknown region "+name)
		}
		w.active = name
		for _, u := range w.order {
			a := w.agents[u]
			if a.activeRegion == name {
				if a.failoverTo != "" {
					// Failback before the pending failover completed: the agent stays, and the CCP says
					// where traffic is now so the app can drop its "moving after this contact" banner.
					a.failoverTo = ""
					w.notifyLocked(Notice{Agent: u, Kind: NoticeEvent, Region: a.activeRegion, Event: "globalResiliency::failover_detected", Data: map[string]any{"activeRegion": name}})
				}
				continue
			}
			if a.failoverTo == name {
				continue
			}
			a.failoverTo = name
			w.notifyLocked(Notice{Agent: u, Kind: NoticeEvent, Region: a.activeRegion, Event: "globalResiliency::failover_detected", Data: map[string]any{"activeRegion": name}})
			if a.busyWithLiveContact() {
				w.notifyLocked(Notice{Agent: u, Kind: NoticeEvent, Region: a.activeRegion, Event: "globalResiliency::failover_pending", Data: map[string]any{"activeRegion": name}})
				continue
			}
			w.completeFailoverLocked(a)
		}
		w.routeLocked()
		return nil
	})
}

func (w *World) maybeCompleteFailoverLocked(a *agent) {
	if a != nil && a.failoverTo != "" && !a.busyWithLiveContact() {
		w.completeFailoverLocked(a)
		w.routeLocked()
	}
}

func (w *World) completeFailoverLocked(a *agent) {
	old, to := a.activeRegion, a.failoverTo
	a.activeRegion, a.failoverTo = to, ""
	w.notifyLocked(Notice{Agent: a.username, Kind: NoticeEvent, Region: old, Event: "globalResiliency::failover_initiated", Data: map[string]any{"activeRegion": to}})
	w.notifyLocked(Notice{Agent: a.username, Kind: NoticeUpdate})
}

// AgentRegion returns the agent's active region and the region a pending failover waits to move it to.
func (w *World) AgentRegion(username string) (active, pending string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a := w.agents[username]
	if a == nil {
		return "", "", fmt.Errorf("agent %q: %w", username, ErrNotFound)
	}
	return a.activeRegion, a.failoverTo, nil
}

// Master answers master_request checkMaster/becomeMaster for the agent's CCP port (protocol §3.5).
func (w *World) Master(username, method, topic, port string, noBecome bool) (map[string]any, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a := w.agents[username]
	if a == nil {
		return nil, ErrNotFound
	}
	cur := a.masters[topic]
	switch method {
	case "checkMaster":
		if cur == "" && !noBecome {
			a.masters[topic], cur = port, port
		}
		return map[string]any{"masterId": cur, "isMaster": cur == port, "topic": topic}, nil
	case "becomeMaster":
		a.masters[topic] = port
		return map[string]any{"masterId": port, "takeOver": cur != "" && cur != port, "topic": topic}, nil
	}
	return nil, fmt.Errorf("unknown master method %q", method)
}

// ReleasePort forgets a closed CCP port as master of any topic.
func (w *World) ReleasePort(username, port string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if a := w.agents[username]; a != nil {
		for t, p := range a.masters {
			if p == port {
				delete(a.masters, t)
			}
		}
	}
}

// SetMuted records the agent's softphone mute state (the CCP acts as the framed softphone).
func (w *World) SetMuted(username string, muted bool) {
	w.do(func() error {
		if a := w.agents[username]; a != nil && a.muted != muted {
			a.muted = muted
		}
		return nil
	})
}
