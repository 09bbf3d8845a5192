package ccpsim

import "time"

// StateView is GET /v1/state: the simulation as the control API shows it.
type StateView struct {
	ActiveRegion string          `json:"activeRegion"`
	Regions      []RegionView    `json:"regions"`
	Agents       []AgentView     `json:"agents"`
	Queued       []ContactView   `json:"queued"`
	Faults       []Fault         `json:"faults"`
	CCPs         []CCPConnection `json:"ccps"`
}

// RegionView is one regional instance.
type RegionView struct {
	Region      string `json:"region"`
	InstanceID  string `json:"instanceId"`
	InstanceARN string `json:"instanceArn"`
	Active      bool   `json:"active"`
	CCPURL      string `json:"ccpUrl,omitempty"`
}

// AgentView is one agent.
type AgentView struct {
	Username     string        `json:"username"`
	Name         string        `json:"name"`
	SignedIn     bool          `json:"signedIn"`
	ActiveRegion string        `json:"activeRegion"`
	FailoverTo   string        `json:"failoverPendingTo,omitempty"`
	State        StateNameView `json:"state"`
	Availability StateNameView `json:"availability"`
	NextState    string        `json:"nextState,omitempty"`
	Muted        bool          `json:"muted"`
	SoftphoneOn  bool          `json:"softphoneEnabled"`
	Contacts     []ContactView `json:"contacts"`
	// MediaOwner is the CCP holding the agent's call media (the media rule, media.go); null when none.
	MediaOwner *MediaOwnerView `json:"mediaOwner"`
}

// StateNameView is an agent state and since when.
type StateNameView struct {
	Name  string    `json:"name"`
	Type  string    `json:"type"`
	Since time.Time `json:"since"`
}

// ContactView is one contact.
type ContactView struct {
	ContactID   string            `json:"contactId"`
	Region      string            `json:"region"`
	Channel     string            `json:"channel"`
	Type        string            `json:"type"`
	State       string            `json:"state"`
	Queue       string            `json:"queue"`
	From        string            `json:"from,omitempty"`
	Agent       string            `json:"agent,omitempty"`
	TransferOf  string            `json:"transferOf,omitempty"`
	Attributes  map[string]string `json:"attributes"`
	Connections []ConnectionView  `json:"connections"`
	// Media is a voice contact's simulated media session (agents' contacts only).
	Media *MediaSessionView `json:"media,omitempty"`
}

// ConnectionView is one leg.
type ConnectionView struct {
	ConnectionID string `json:"connectionId"`
	Type         string `json:"type"`
	Initial      bool   `json:"initial"`
	State        string `json:"state"`
	Endpoint     string `json:"endpoint,omitempty"`
	Mute         bool   `json:"mute"`
}

// CCPConnection is one connected CCP page (filled in by the server).
type CCPConnection struct {
	Region         string `json:"region"`
	Agent          string `json:"agent"`
	PortID         string `json:"portId"`
	ParentOrigin   string `json:"parentOrigin"`
	StreamsVersion string `json:"streamsVersion,omitempty"`
	GlobalRes      bool   `json:"globalResiliency"`
	InstanceState  string `json:"instanceState"`
}

// State returns a consistent view of the whole simulation.
func (w *World) State() StateView {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.clock.Now()
	v := StateView{ActiveRegion: w.active, Agents: []AgentView{}, Queued: []ContactView{}, Faults: []Fault{}}
	for _, r := range w.regions {
		v.Regions = append(v.Regions, RegionView{Region: r.name, InstanceID: r.instanceID, InstanceARN: r.arn(w.cfg.AccountID), Active: r.name == w.active})
	}
	for _, u := range w.order {
		a := w.agents[u]
		a.restamp(now)
		name, typ := a.systemState()
		av := AgentView{
			Username: a.username, Name: a.name, SignedIn: a.signedIn, ActiveRegion: a.activeRegion, FailoverTo: a.failoverTo,
			State:        StateNameView{Name: name, Type: typ, Since: a.shownSince},
			Availability: StateNameView{Name: a.chosen.Name, Type: a.chosen.Type, Since: a.chosenSince},
			Muted:        a.muted, SoftphoneOn: a.softphone, Contacts: []ContactView{},
		}
		if a.next != nil {
			av.NextState = a.next.Name
		}
		av.MediaOwner = w.mediaOwnerViewLocked(a.username)
		for _, c := range a.contacts {
			cv := contactView(c)
			cv.Media = mediaSession(a, av.MediaOwner, c)
			av.Contacts = append(av.Contacts, cv)
		}
		v.Agents = append(v.Agents, av)
	}
	for _, c := range w.queue {
		v.Queued = append(v.Queued, contactView(c))
	}
	for _, f := range w.faults {
		v.Faults = append(v.Faults, *f)
	}
	return v
}

func contactView(c *contact) ContactView {
	cv := ContactView{ContactID: c.id, Region: c.region, Channel: c.channel, Type: c.typ, State: c.state, Queue: c.queue,
		From: c.from, Agent: c.agent, TransferOf: c.transferOf, Attributes: map[string]string{}, Connections: []ConnectionView{}}
	if cv.State == "" {
		cv.State = "queued"
	}
	for k, val := range c.attributes {
		cv.Attributes[k] = val
	}
	for _, cn := range c.conns {
		ep := ""
		if cn.endpoint != nil {
			ep = cn.endpoint.PhoneNumber
			if ep == "" {
				ep = cn.endpoint.Name
			}
		}
		cv.Connections = append(cv.Connections, ConnectionView{ConnectionID: cn.id, Type: cn.typ, Initial: cn.initial, State: cn.state, Endpoint: ep, Mute: cn.mute})
	}
	return cv
}
