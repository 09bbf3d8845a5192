package ccpsim

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// ts is a timestamp as the simulated service reports it: its own clock, ClockSkewMs ahead of (or behind)
// the agent's machine. Every server timestamp carries the same skew, so Streams' durations stay true.
func (w *World) ts(t time.Time) *wireTime {
	return wt(t.Add(time.Duration(w.cfg.ClockSkewMs) * time.Millisecond))
}

func (w *World) queueARN(r *region, q string) string {
	return r.arn(w.cfg.AccountID) + "/queue/" + stableID("queue", r.name, q)
}

func (w *World) agentARN(r *region, a *agent) string {
	return r.arn(w.cfg.AccountID) + "/agent/" + stableID("agent", r.name, a.username)
}

// AgentData returns the {snapshot, configuration} pair the CCP of region sends in agent::update.
func (w *World) AgentData(username, regionName string) (any, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, r := w.agents[username], w.region(regionName)
	if a == nil || r == nil {
		return nil, ErrNotFound
	}
	return agentData{Snapshot: w.snapshotLocked(a, r), Configuration: w.configurationLocked(a, r)}, nil
}

// snapshotLocked builds the agent's snapshot as the CCP of region r reports it: only that instance's
// contacts, sorted by state timestamp, with Dates and the worker's alias fields.
func (w *World) snapshotLocked(a *agent, r *region) *snapshotWire {
	now := w.clock.Now()
	a.restamp(now)
	name, typ := a.systemState()
	st := stateWire{Type: typ, Name: name, StartTimestamp: w.ts(a.shownSince)}
	if typ == a.chosen.Type && name == a.chosen.Name && a.errState == "" {
		st.AgentStateARN = strp(w.stateARN(r, name))
	}
	s := &snapshotWire{
		State:                  st,
		AgentAvailabilityState: availWire{State: a.chosen.Name, TimeStamp: w.ts(a.chosenSince)},
		Contacts:               []contactWire{},
		SnapshotTimestamp:      w.ts(now),
	}
	if a.next != nil {
		s.NextState = &stateWire{AgentStateARN: strp(w.stateARN(r, a.next.Name)), Type: a.next.Type, Name: a.next.Name, StartTimestamp: w.ts(now)}
	}
	for _, c := range a.contacts {
		if c.region != r.name {
			continue
		}
		s.Contacts = append(s.Contacts, w.contactWireLocked(c, a, r, now))
	}
	sort.SliceStable(s.Contacts, func(i, j int) bool {
		return time.Time(*s.Contacts[i].State.Timestamp).Before(time.Time(*s.Contacts[j].State.Timestamp))
	})
	return s
}

func (w *World) contactWireLocked(c *contact, a *agent, r *region, now time.Time) contactWire {
	st := contactStateWire{Type: c.state, Timestamp: w.ts(c.stateSince)}
	cw := contactWire{
		ContactID: c.id, Type: c.typ, State: st, Status: st,
		QueueTimestamp:   w.ts(c.queuedAt),
		Attributes:       map[string]attrWire{},
		ContactDuration:  strconv.Itoa(int(now.Sub(c.createdAt).Seconds())),
		InitiationMethod: c.initiation,
		ContactFeatures:  map[string]bool{"attachmentsEnabled": false, "messagingMarkdownEnabled": false, "multiPartyConferenceEnabled": true, "screenRecordingEnabled": false},
	}
	if c.name != "" {
		cw.Name = strp(c.name)
	}
	if c.description != "" {
		cw.Description = strp(c.description)
	}
	switch {
	case c.targetAgent != "":
		// Routed through the target agent's own queue (name null, as Connect reports it).
		arn := r.arn(w.cfg.AccountID) + "/queue/agent/" + stableID("agent", r.name, c.targetAgent)
		cw.Queue = &queueWire{QueueARN: arn, QueueID: arn}
	case c.queue != "":
		arn := w.queueARN(r, c.queue)
		cw.Queue = &queueWire{QueueARN: arn, Name: strp(c.queue), QueueID: arn}
	}
	if c.transferOf != "" {
		cw.InitialContactID = strp(c.transferOf)
	}
	for k, v := range c.attributes {
		cw.Attributes[k] = attrWire{Name: k, Value: v}
	}
	if len(c.segment) > 0 {
		cw.SegmentAttributes = map[string]map[string]string{}
		for k, v := range c.segment {
			cw.SegmentAttributes[k] = map[string]string{"ValueString": v}
		}
	}
	if c.typ == "task" {
		cw.References = map[string]any{}
		cw.ChannelContext = map[string]any{}
	}
	for _, cn := range c.conns {
		conn := connectionWire{
			ConnectionID: cn.id, Type: cn.typ, Initial: cn.initial,
			State: contactStateWire{Type: cn.state, Timestamp: w.ts(cn.since)},
		}
		if cn.endpoint != nil {
			ep := *cn.endpoint
			conn.Endpoint, conn.Address = &ep, &ep
		}
		if cn.typ == "agent" {
			ep := endpointWire{EndpointARN: w.agentARN(r, a), Type: "agent", Name: a.name, AgentLogin: a.username}
			conn.Endpoint, conn.Address = &ep, &ep
		}
		if cn.quickName != "" {
			conn.QuickConnectName = strp(cn.quickName)
		}
		if c.channel == "VOICE" {
			conn.Mute = new(bool)
			*conn.Mute = cn.mute
		}
		if c.typ == "chat" {
			if cn.typ == "agent" {
				conn.ChatMediaInfo = map[string]any{"chatAutoAccept": false, "connectionData": fmt.Sprintf(`{"ConnectionAuthenticationToken":"ccpsim-%s"}`, cn.id)}
			} else {
				conn.ChatMediaInfo = map[string]any{"customerName": c.from}
			}
		}
		cw.Connections = append(cw.Connections, conn)
	}
	if cw.Connections == nil {
		cw.Connections = []connectionWire{}
	}
	return cw
}

// configurationLocked builds GetAgentConfiguration plus the lists the worker merges in.
func (w *World) configurationLocked(a *agent, r *region) *configurationWire {
	inst := r.arn(w.cfg.AccountID)
	rpARN := inst + "/routing-profile/" + stableID("routing-profile", r.name, a.profile.Name)
	out := &configurationWire{
		Name: a.name, Username: a.username, AgentARN: w.agentARN(r, a),
		SoftphoneEnabled: a.softphone, Extension: a.extension,
		AgentPreferences:  a.preferences,
		Permissions:       a.permissions,
		DialableCountries: dialableCountries,
	}
	out.RoutingProfile = routingProfWire{
		Name: a.profile.Name, RoutingProfileARN: rpARN, RoutingProfileID: rpARN,
		ChannelConcurrencyMap: map[string]int{},
	}
	for _, ch := range []string{"VOICE", "CHAT", "TASK"} {
		out.RoutingProfile.ChannelConcurrencyMap[ch] = a.profile.Concurrency[ch]
	}
	if q := a.profile.DefaultOutboundQueue; q != "" {
		arn := w.queueARN(r, q)
		out.RoutingProfile.DefaultOutboundQueue = queueWire{QueueARN: arn, Name: strp(q), QueueID: arn}
	}
	for _, q := range a.profile.Queues {
		arn := w.queueARN(r, q)
		out.RoutingProfile.Queues = append(out.RoutingProfile.Queues, queueWire{QueueARN: arn, Name: strp(q), QueueID: arn})
	}
	// Every agent has its own queue (used for agent transfers); Streams reads agentResourceId from it.
	agentQ := inst + "/queue/agent/" + stableID("agent", r.name, a.username)
	out.RoutingProfile.Queues = append(out.RoutingProfile.Queues, queueWire{QueueARN: agentQ, QueueID: agentQ})
	for _, s := range w.cfg.AgentStates {
		out.AgentStates = append(out.AgentStates, stateWire{AgentStateARN: strp(w.stateARN(r, s.Name)), Type: s.Type, Name: s.Name})
	}
	return out
}

// AgentResourceID is the id Streams puts in every log line (from the agent queue ARN).
func (w *World) AgentResourceID(username, regionName string) string {
	return stableID("agent", regionName, username)
}
