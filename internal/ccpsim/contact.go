package ccpsim

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// contact is one simulated contact (voice, queue callback, chat or task).
type contact struct {
	id, region        string
	channel           string // VOICE | CHAT | TASK
	typ               string // voice | queue_callback | chat | task
	state             string // Streams ContactStateType
	stateSince        time.Time
	queue             string
	queuedAt          time.Time
	createdAt         time.Time
	from              string // customer address (phone number / chat customer name)
	name, description string
	attributes        map[string]string
	segment           map[string]string
	initiation        string // inbound | outbound | callback | api | transfer
	agent             string // username once offered
	conns             []*connection
	rejectedBy        map[string]bool
	accepted          bool // the agent accepted; its media may still be connecting
	timers            []Timer

	// A transfer to an agent or queue quick connect is a contact of its own, linked to the third-party
	// leg it answers on the original contact.
	transferOf  string // original contact id
	transferLeg string // the leg on the original contact
	targetAgent string // set for an agent quick connect: only this agent is offered it
}

// connection is one leg of a contact.
type connection struct {
	id         string
	typ        string // agent | inbound | outbound
	initial    bool
	state      string // init | connecting | connected | hold | disconnected
	since      time.Time
	endpoint   *endpointWire
	quickName  string
	mute       bool
	thirdParty bool
	transfer   string // the transfer contact this leg waits for (agent/queue quick connects)
}

func (c *contact) outbound() bool { return c.initiation == "outbound" }

func (c *contact) active() bool {
	switch c.state {
	case "incoming", "pending", "connecting", "connected", "paused":
		return true
	}
	return false
}

func (c *contact) agentConn() *connection {
	for _, cn := range c.conns {
		if cn.typ == "agent" {
			return cn
		}
	}
	return nil
}

func (c *contact) conn(id string) *connection {
	for _, cn := range c.conns {
		if cn.id == id {
			return cn
		}
	}
	return nil
}

// customerLegs are the connections that are not the agent's and are still up.
func (c *contact) liveLegs() []*connection {
	var out []*connection
	for _, cn := range c.conns {
		if cn.typ != "agent" && cn.state != "disconnected" {
			out = append(out, cn)
		}
	}
	return out
}

func (c *contact) stopTimers() {
	for _, t := range c.timers {
		t.Stop()
	}
	c.timers = nil
}

func (c *contact) setState(s string, now time.Time) {
	if c.state != s {
		c.state, c.stateSince = s, now
	}
}

func (cn *connection) setState(s string, now time.Time) {
	if cn.state != s {
		cn.state, cn.since = s, now
	}
}

// NewContact is a control-API request for a contact to arrive.
type NewContact struct {
	Channel     string            `json:"channel"`
	From        string            `json:"from"`
	Queue       string            `json:"queue"`
	Attributes  map[string]string `json:"attributes"`
	Region      string            `json:"region"`
	Callback    bool              `json:"callback"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	// Subtype sets the segment attribute connect:Subtype (for example connect:Guide).
	Subtype string `json:"subtype"`
}

// CreateContact queues a new contact and routes it. It returns the contact id.
func (w *World) CreateContact(req NewContact) (string, error) {
	req.Channel = strings.ToUpper(req.Channel)
	if req.Channel == "" {
		req.Channel = "VOICE"
	}
	if _, ok := channelTypes[req.Channel]; !ok {
		return "", fieldError("channel", "must be VOICE, CHAT or TASK")
	}
	if req.Callback && req.Channel != "VOICE" {
		return "", fieldError("callback", "only a VOICE contact can be a queue callback")
	}
	if len(req.From) > 128 || len(req.Name) > 512 || len(req.Description) > 4096 {
		return "", fieldError("from", "from/name/description too long")
	}
	if len(req.Attributes) > 100 {
		return "", fieldError("attributes", "at most 100 attributes")
	}
	for k, v := range req.Attributes {
		if k == "" || len(k) > 128 || len(v) > 32768 {
			return "", fieldError("attributes", "keys must be 1..128 bytes and values at most 32768 bytes")
		}
	}
	var id string
	err := w.do(func() error {
		if req.Queue == "" {
			req.Queue = w.cfg.Queues[0]
		}
		if !contains(w.cfg.Queues, req.Queue) {
			return fieldError("queue", "unknown queue "+req.Queue)
		}
		if req.Region == "" {
			req.Region = w.active
		}
		if w.region(req.Region) == nil {
			return fieldError("region", "unknown region "+req.Region)
		}
		now := w.clock.Now()
		c := &contact{
			id: w.newID(), region: req.Region, channel: req.Channel, typ: channelTypes[req.Channel],
			queue: req.Queue, queuedAt: now, createdAt: now, from: req.From, name: req.Name, description: req.Description,
			attributes: map[string]string{}, segment: map[string]string{}, initiation: "inbound", rejectedBy: map[string]bool{},
		}
		for k, v := range req.Attributes {
			c.attributes[k] = v
		}
		if req.Subtype != "" {
			c.segment["connect:Subtype"] = req.Subtype
		} else {
			c.segment["connect:Subtype"] = "connect:" + map[string]string{"VOICE": "Telephony", "CHAT": "Chat", "TASK": "Task"}[req.Channel]
		}
		switch {
		case req.Callback:
			c.typ, c.initiation = "queue_callback", "callback"
		case req.Channel == "TASK":
			c.initiation = "api"
			if c.name == "" {
				c.name = "Task"
			}
		}
		if c.from == "" && req.Channel == "VOICE" {
			c.from = "+15555550100"
		}
		if c.from == "" && req.Channel == "CHAT" {
			c.from = "Customer"
		}
		w.byID[c.id] = c
		w.queue = append(w.queue, c)
		w.routeLocked()
		id = c.id
		return nil
	})
	return id, err
}

// routeLocked asks routing to run: at once with RouteDelayMs 0, otherwise once after the delay (several
// requests in the meantime share one run).
func (w *World) routeLocked() {
	d := w.cfg.Timeouts.route()
	if d == 0 {
		w.routeNowLocked()
		return
	}
	if w.routeTimer != nil || len(w.queue) == 0 {
		return
	}
	w.routeTimer = w.clock.AfterFunc(d, func() {
		w.do(func() error {
			w.routeTimer = nil
			w.routeNowLocked()
			return nil
		})
	})
}

// routeNowLocked offers waiting contacts to agents, oldest contact first, longest-idle agent first, as
// Connect's routing does for agents with the queue in their routing profile and free capacity.
func (w *World) routeNowLocked() {
	if len(w.queue) == 0 {
		return
	}
	// Candidates per channel, built once per run for the channels that have waiting contacts: routable
	// agents with free capacity there. A long queue with every agent busy then costs one pass over the
	// agents, not queue × agents.
	cands := map[string][]*agent{}
	candidates := func(ch string) []*agent {
		if list, ok := cands[ch]; ok {
			return list
		}
		list := []*agent{}
		for _, a := range w.inOrder {
			if !a.signedIn || a.chosen.Type != "routable" || a.errState != "" || a.failoverTo != "" {
				continue
			}
			if a.capacity(ch) && !(ch == "VOICE" && a.next != nil) {
				list = append(list, a)
			}
		}
		cands[ch] = list
		return list
	}
	now := w.clock.Now()
	var still []*contact
	for _, c := range w.queue {
		list := candidates(c.channel)
		best := -1
		for i, a := range list {
			if a.activeRegion != c.region || c.rejectedBy[a.username] {
				continue
			}
			if c.targetAgent != "" && a.username != c.targetAgent || c.targetAgent == "" && !a.hasQueue(c.queue) {
				continue
			}
			if best < 0 || a.lastFree.Before(list[best].lastFree) {
				best = i
			}
		}
		if best < 0 {
			still = append(still, c)
			continue
		}
		a := list[best]
		w.offerLocked(c, a, now)
		if !a.capacity(c.channel) {
			cands[c.channel] = append(list[:best:best], list[best+1:]...)
		}
	}
	w.queue = still
}

func (w *World) offerLocked(c *contact, a *agent, now time.Time) {
	c.agent = a.username
	c.conns = nil
	switch c.typ {
	case "voice":
		c.conns = append(c.conns,
			&connection{id: w.newID(), typ: "inbound", initial: true, state: "connected", since: c.createdAt, endpoint: phoneEndpoint(c.from)},
			&connection{id: w.newID(), typ: "agent", state: "connecting", since: now})
		c.setState("connecting", now)
	case "queue_callback":
		// The agent accepts first; then Connect dials the customer (the initial, outbound leg).
		c.conns = append(c.conns,
			&connection{id: w.newID(), typ: "outbound", initial: true, state: "init", since: now, endpoint: phoneEndpoint(c.from)},
			&connection{id: w.newID(), typ: "agent", state: "connecting", since: now})
		c.setState("incoming", now)
	case "chat":
		c.conns = append(c.conns,
			&connection{id: w.newID(), typ: "inbound", initial: true, state: "connected", since: c.createdAt},
			&connection{id: w.newID(), typ: "agent", state: "connecting", since: now})
		c.setState("connecting", now)
	case "task":
		c.conns = append(c.conns, &connection{id: w.newID(), typ: "agent", initial: true, state: "connecting", since: now})
		c.setState("connecting", now)
	}
	a.contacts = append(a.contacts, c)
	a.restamp(now)
	id := c.id
	c.timers = append(c.timers, w.clock.AfterFunc(w.cfg.Timeouts.ring(), func() { w.ringTimeout(id) }))
	w.notifyLocked(Notice{Agent: a.username, Kind: NoticeUpdate})
}

func phoneEndpoint(number string) *endpointWire {
	return &endpointWire{EndpointARN: "", Type: "phone_number", Name: number, PhoneNumber: number}
}

// ringTimeout: an offer not accepted in time is missed; the agent lands in MissedCallAgent and the contact
// goes back to its queue after a moment.
func (w *World) ringTimeout(id string) {
	w.do(func() error {
		c := w.byID[id]
		if c == nil || c.agent == "" {
			return nil
		}
		ac := c.agentConn()
		if ac == nil || ac.state != "connecting" || !(c.state == "connecting" || c.state == "incoming") {
			return nil
		}
		a := w.agents[c.agent]
		now := w.clock.Now()
		c.setState("missed", now)
		ac.setState("disconnected", now)
		a.errState, a.errSince = "MissedCallAgent", now
		a.restamp(now)
		w.notifyLocked(Notice{Agent: a.username, Kind: NoticeUpdate})
		c.timers = append(c.timers, w.clock.AfterFunc(w.cfg.Timeouts.linger(), func() { w.requeueMissed(id) }))
		return nil
	})
}

func (w *World) requeueMissed(id string) {
	w.do(func() error {
		c := w.byID[id]
		if c == nil || c.state != "missed" {
			return nil
		}
		a := w.agents[c.agent]
		w.detachLocked(c)
		if a != nil {
			w.notifyLocked(Notice{Agent: a.username, Kind: NoticeUpdate})
		}
		if c.initiation == "inbound" || c.initiation == "callback" || c.initiation == "api" || c.initiation == "transfer" {
			now := w.clock.Now()
			c.agent, c.conns, c.state, c.accepted = "", nil, "", false
			c.stateSince = now
			w.byID[c.id] = c
			w.queue = append(w.queue, c)
			sort.SliceStable(w.queue, func(i, j int) bool { return w.queue[i].queuedAt.Before(w.queue[j].queuedAt) })
		}
		w.routeLocked()
		w.maybeCompleteFailoverLocked(a) // a missed offer no longer holds a pending failover
		return nil
	})
}

// detachLocked removes c from its agent and from the world.
func (w *World) detachLocked(c *contact) {
	c.stopTimers()
	delete(w.byID, c.id)
	if a := w.agents[c.agent]; a != nil {
		if i := a.contactIndex(c.id); i >= 0 {
			a.contacts = append(a.contacts[:i], a.contacts[i+1:]...)
		}
		now := w.clock.Now()
		if len(a.contacts) == 0 {
			a.lastFree = now
			if a.next != nil {
				a.chosen, a.chosenSince, a.next = *a.next, now, nil
			}
		}
		a.restamp(now)
	}
}

// endLocked moves a contact to after-call work (ended) for the agent.
func (w *World) endLocked(c *contact, now time.Time) {
	c.stopTimers()
	for _, cn := range c.conns {
		cn.setState("disconnected", now)
	}
	c.setState("ended", now)
	a := w.agents[c.agent]
	if a != nil {
		a.restamp(now)
		w.notifyLocked(Notice{Agent: a.username, Kind: NoticeUpdate})
	}
	if d := w.cfg.Timeouts.acw(); d > 0 {
		id := c.id
		c.timers = append(c.timers, w.clock.AfterFunc(d, func() {
			w.do(func() error {
				if c := w.byID[id]; c != nil && c.state == "ended" {
					w.clearLocked(c)
				}
				return nil
			})
		}))
	}
	w.maybeCompleteFailoverLocked(a)
}

// clearLocked removes a finished contact (after-call work done) and lets routing continue.
func (w *World) clearLocked(c *contact) {
	a := w.agents[c.agent]
	w.detachLocked(c)
	if a != nil {
		w.notifyLocked(Notice{Agent: a.username, Kind: NoticeUpdate})
		w.maybeCompleteFailoverLocked(a)
	}
	w.routeLocked()
}

// CustomerDisconnect: the customer hangs up (voice), leaves the chat, or the task is cancelled. Transfer
// contacts carrying the same customer end with it.
func (w *World) CustomerDisconnect(id string) error {
	return w.do(func() error {
		c := w.byID[id]
		if c == nil {
			return fmt.Errorf("contact %q: %w", id, ErrNotFound)
		}
		for _, t := range w.byID {
			if t.transferOf == id && t != c {
				w.dropTransferLocked(t)
			}
		}
		now := w.clock.Now()
		if c.agent == "" { // abandoned in queue
			w.removeQueuedLocked(c)
			return nil
		}
		a := w.agents[c.agent]
		if !c.active() {
			return conflictError{invalidState("contact %s is already %s", id, c.state)}
		}
		ac := c.agentConn()
		if ac != nil && ac.state == "connecting" && !c.outbound() {
			// Abandoned while ringing: the offer disappears and the agent is free again.
			w.detachLocked(c)
			w.notifyLocked(Notice{Agent: a.username, Kind: NoticeUpdate})
			w.routeLocked()
			w.maybeCompleteFailoverLocked(a)
			return nil
		}
		var customer *connection
		for _, cn := range c.conns {
			if cn.initial && cn.typ != "agent" {
				customer = cn
			}
		}
		if customer != nil && len(c.liveLegs()) > 1 {
			customer.setState("disconnected", now)
			a.restamp(now)
			w.notifyLocked(Notice{Agent: a.username, Kind: NoticeUpdate})
			return nil
		}
		w.endLocked(c, now)
		return nil
	})
}

// startTransferLocked puts a transfer to an agent or queue quick connect in motion: the leg on c rings
// while a linked contact is routed to the target agent (or through the queue), as Connect does.
func (w *World) startTransferLocked(c *contact, leg *connection, queue, target string, now time.Time) {
	t := &contact{
		id: w.newID(), region: c.region, channel: "VOICE", typ: "voice", initiation: "transfer",
		queue: queue, targetAgent: target, queuedAt: now, createdAt: now, from: c.from,
		attributes: map[string]string{}, segment: map[string]string{}, rejectedBy: map[string]bool{},
		transferOf: c.id, transferLeg: leg.id,
	}
	for k, v := range c.attributes {
		t.attributes[k] = v
	}
	for k, v := range c.segment {
		t.segment[k] = v
	}
	leg.transfer = t.id
	leg.setState("connecting", now)
	w.byID[t.id] = t
	w.queue = append(w.queue, t)
	w.routeLocked()
}

// dropTransferLocked ends a transfer contact whose original leg went away: unanswered, it disappears;
// answered, the target agent's call ends (after-call work).
func (w *World) dropTransferLocked(t *contact) {
	switch {
	case t.agent == "":
		w.removeQueuedLocked(t)
	case t.active() && t.state != "connected":
		a := w.agents[t.agent]
		w.detachLocked(t)
		if a != nil {
			w.notifyLocked(Notice{Agent: a.username, Kind: NoticeUpdate})
		}
		w.routeLocked()
		w.maybeCompleteFailoverLocked(a)
	case t.active():
		w.endLocked(t, w.clock.Now())
	}
}

func (w *World) removeQueuedLocked(c *contact) {
	for i, q := range w.queue {
		if q == c {
			w.queue = append(w.queue[:i], w.queue[i+1:]...)
			break
		}
	}
	c.stopTimers()
	delete(w.byID, c.id)
}

// AnswerFarEnd makes the far end of the contact's ringing outbound legs answer now.
func (w *World) AnswerFarEnd(id string) error {
	return w.do(func() error {
		c := w.byID[id]
		if c == nil {
			return fmt.Errorf("contact %q: %w", id, ErrNotFound)
		}
		n := 0
		for _, cn := range c.conns {
			if cn.typ != "agent" && cn.transfer == "" && (cn.state == "connecting" || cn.state == "init") {
				w.legAnsweredLocked(c, cn.id)
				n++
			}
		}
		if n == 0 {
			return conflictError{invalidState("contact %s has no leg that is ringing", id)}
		}
		return nil
	})
}

// acceptedLocked connects the agent's leg of an accepted contact once its media is up (ConnectDelayMs).
func (w *World) acceptedLocked(c *contact, now time.Time) {
	c.accepted = true
	ac := c.agentConn()
	connect := func(now time.Time) {
		if ac.state != "connecting" {
			return
		}
		ac.setState("connected", now)
		if c.typ == "queue_callback" {
			// Connect now dials the customer: the initial, outbound leg.
			c.setState("connecting", now)
			w.dialLocked(c, c.conns[0], now)
		} else {
			c.setState("connected", now)
		}
		if a := w.agents[c.agent]; a != nil {
			a.restamp(now)
			w.notifyLocked(Notice{Agent: a.username, Kind: NoticeUpdate})
		}
		if orig := w.byID[c.transferOf]; orig != nil {
			w.legAnsweredLocked(orig, c.transferLeg) // the transferring agent now hears the target agent
		}
	}
	d := w.cfg.Timeouts.connect()
	if d == 0 {
		connect(now)
		return
	}
	id := c.id
	c.timers = append(c.timers, w.clock.AfterFunc(d, func() {
		w.do(func() error {
			if w.byID[id] == c {
				connect(w.clock.Now())
			}
			return nil
		})
	}))
}

// dialLocked starts ringing an outbound leg that the far end answers after the configured delay.
func (w *World) dialLocked(c *contact, cn *connection, now time.Time) {
	cn.setState("connecting", now)
	cid, lid := c.id, cn.id
	c.timers = append(c.timers, w.clock.AfterFunc(w.cfg.Timeouts.answer(), func() {
		w.do(func() error {
			if c := w.byID[cid]; c != nil {
				w.legAnsweredLocked(c, lid)
			}
			return nil
		})
	}))
}

func (w *World) legAnsweredLocked(c *contact, legID string) {
	cn := c.conn(legID)
	if cn == nil || cn.state != "connecting" && cn.state != "init" {
		return
	}
	now := w.clock.Now()
	cn.setState("connected", now)
	if c.state == "connecting" || c.state == "incoming" {
		if ac := c.agentConn(); ac != nil && ac.state == "connected" {
			c.setState("connected", now)
		}
	}
	if a := w.agents[c.agent]; a != nil {
		a.restamp(now)
		w.notifyLocked(Notice{Agent: a.username, Kind: NoticeUpdate})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
