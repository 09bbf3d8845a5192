package ccpsim

import "sort"

// The media rule ("CCP without media", issue 7, docs/vdi.md).
//
// Per agent, the first connected CCP that hosts a softphone owns the call media. A CCP hosts a
// softphone when its parent sent configure with softphone.allowFramedSoftphone true (the framed
// softphone), or when its parent is master of connect::softphone (initSoftphoneManager in the
// parent). A signalling-only CCP (neither) never owns the media. Ownership is sticky: a later
// softphone CCP does not take it over; when the owner disconnects (or stops hosting a softphone),
// it passes to the softphone-capable CCP that connected first among the rest, or to none.
//
// ccpsim has no audio: the "session" is a state per voice contact, derived from the owner and the
// agent's leg: none (no owner, deskphone agent, or the leg is not connected), active, held, muted.

// softphoneTopic is the master topic initSoftphoneManager checks (protocol §8).
const softphoneTopic = "connect::softphone"

// Media session states per voice contact (GET /v1/state contacts[].media.state).
const (
	MediaNone   = "none"
	MediaActive = "active"
	MediaHeld   = "held"
	MediaMuted  = "muted"
)

// MediaOwnerView is the CCP that holds an agent's media.
type MediaOwnerView struct {
	PortID       string `json:"portId"`
	ParentOrigin string `json:"parentOrigin"`
	Region       string `json:"region"`
	// Via is how the CCP hosts the softphone: "framed" (allowFramedSoftphone) or "master"
	// (its parent is master of connect::softphone).
	Via string `json:"via"`
}

// MediaSessionView is the simulated media session of one voice contact.
type MediaSessionView struct {
	State  string `json:"state"`
	PortID string `json:"portId,omitempty"` // the owner holding it, when not none
}

// mediaPort is one connected CCP page, as the media rule sees it.
type mediaPort struct {
	port, region, origin string
	framed               bool
	seq                  uint64 // connection order; also tells a resumed page's registration from its predecessor's
}

// mediaBook is the media rule's bookkeeping (under World.mu).
type mediaBook struct {
	seq   uint64
	ports map[string]map[string]*mediaPort // agent -> port id -> page
	owner map[string]*mediaPort            // agent -> owner
}

func (w *World) mediaLocked() *mediaBook {
	if w.media == nil {
		w.media = &mediaBook{ports: map[string]map[string]*mediaPort{}, owner: map[string]*mediaPort{}}
	}
	return w.media
}

// MediaPortOpened records a connected CCP page and returns its registration token for MediaPortClosed.
func (w *World) MediaPortOpened(username, port, region, origin string, framed bool) uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	b := w.mediaLocked()
	b.seq++
	if b.ports[username] == nil {
		b.ports[username] = map[string]*mediaPort{}
	}
	b.ports[username][port] = &mediaPort{port: port, region: region, origin: origin, framed: framed, seq: b.seq}
	w.mediaElectLocked(username)
	return b.seq
}

// MediaPortClosed forgets a page (only the registration token names: a resumed page with the same
// port id that registered since is kept) and passes the media on if it owned it.
func (w *World) MediaPortClosed(username, port string, token uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	b := w.mediaLocked()
	if p := b.ports[username][port]; p != nil && p.seq == token {
		delete(b.ports[username], port)
		if len(b.ports[username]) == 0 {
			delete(b.ports, username)
		}
	}
	w.mediaElectLocked(username)
}

// MediaPortFramed records the page's configure softphone.allowFramedSoftphone.
func (w *World) MediaPortFramed(username, port string, framed bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if p := w.mediaLocked().ports[username][port]; p != nil {
		p.framed = framed
	}
	w.mediaElectLocked(username)
}

// MediaRecheck re-applies the rule after the agent's connect::softphone master may have changed.
func (w *World) MediaRecheck(username string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.mediaElectLocked(username)
}

// HasMediaOwner reports whether some CCP holds the agent's media.
func (w *World) HasMediaOwner(username string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.mediaLocked().owner[username] != nil
}

// mediaVia says how p hosts a softphone, "" when it does not.
func (w *World) mediaViaLocked(username string, p *mediaPort) string {
	if p.framed {
		return "framed"
	}
	if a := w.agents[username]; a != nil && a.masters[softphoneTopic] == p.port {
		return "master"
	}
	return ""
}

// mediaElectLocked keeps the current owner while it still hosts a softphone; otherwise the
// softphone-capable page that connected first becomes the owner (or none).
func (w *World) mediaElectLocked(username string) {
	b := w.mediaLocked()
	if cur := b.owner[username]; cur != nil {
		if p := b.ports[username][cur.port]; p == cur && w.mediaViaLocked(username, p) != "" {
			return
		}
		delete(b.owner, username)
	}
	ports := make([]*mediaPort, 0, len(b.ports[username]))
	for _, p := range b.ports[username] {
		ports = append(ports, p)
	}
	sort.Slice(ports, func(i, j int) bool { return ports[i].seq < ports[j].seq })
	for _, p := range ports {
		if w.mediaViaLocked(username, p) != "" {
			b.owner[username] = p
			return
		}
	}
}

// mediaOwnerViewLocked is the agent's owner for GET /v1/state, nil when none.
func (w *World) mediaOwnerViewLocked(username string) *MediaOwnerView {
	w.mediaElectLocked(username) // a master change may not have been rechecked yet
	p := w.mediaLocked().owner[username]
	if p == nil {
		return nil
	}
	return &MediaOwnerView{PortID: p.port, ParentOrigin: p.origin, Region: p.region, Via: w.mediaViaLocked(username, p)}
}

// othersHeld: the agent is connected and every other party that is still on the call is on hold.
func othersHeld(c *contact, ac *connection) bool {
	held := false
	for _, cn := range c.conns {
		if cn == ac {
			continue
		}
		switch cn.state {
		case "hold":
			held = true
		case "connected", "connecting", "init":
			return false
		}
	}
	return held
}

// mediaSession is the simulated session of a's voice contact c.
func mediaSession(a *agent, owner *MediaOwnerView, c *contact) *MediaSessionView {
	if c.channel != "VOICE" {
		return nil
	}
	s := &MediaSessionView{State: MediaNone}
	ac := c.agentConn()
	if owner == nil || !a.softphone || ac == nil {
		return s
	}
	switch ac.state {
	case "connected":
		s.State = MediaActive
		if othersHeld(c, ac) {
			s.State = MediaHeld
		} else if a.muted || ac.mute {
			s.State = MediaMuted
		}
	case "hold":
		s.State = MediaHeld
	default:
		return s
	}
	s.PortID = owner.PortID
	return s
}
