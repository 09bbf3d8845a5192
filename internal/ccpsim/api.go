package ccpsim

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// APIResult is the outcome of one Streams api_request.
type APIResult struct {
	Data any
	Err  *apiError
	// Unauthorized: answer nothing and send auth_fail instead (a 401, as Connect's worker does).
	Unauthorized bool
}

// ErrorJSON is the error as Streams receives it: a JSON string.
func (r APIResult) ErrorJSON() any {
	if r.Err == nil {
		return nil
	}
	return r.Err.wire()
}

type apiParams struct {
	ContactID        string            `json:"contactId"`
	ConnectionID     string            `json:"connectionId"`
	Digits           string            `json:"digits"`
	Endpoint         *endpointWire     `json:"endpoint"`
	QueueARN         string            `json:"queueARN"`
	QueueARNs        []string          `json:"queueARNs"`
	NextToken        *string           `json:"nextToken"`
	MaxResults       int               `json:"maxResults"`
	EnqueueNextState bool              `json:"enqueueNextState"`
	State            *stateWireIn      `json:"state"`
	Configuration    json.RawMessage   `json:"configuration"`
	TransportType    string            `json:"transportType"`
	Attributes       map[string]string `json:"attributes"`
	Name             string            `json:"name"`
	Description      string            `json:"description"`
}

type stateWireIn struct {
	AgentStateARN string `json:"agentStateARN"`
	Type          string `json:"type"`
	Name          string `json:"name"`
}

// maxParamsBytes bounds what one request may carry; Connect's own limits are far below this.
const maxParamsBytes = 256 << 10

// API handles one Streams API request from the CCP of region for username.
func (w *World) API(username, regionName, method string, raw json.RawMessage) APIResult {
	var res APIResult
	w.do(func() error {
		res = w.apiLocked(username, regionName, method, raw)
		var params any
		if len(raw) > 0 && len(raw) <= maxParamsBytes {
			_ = json.Unmarshal(raw, &params)
		}
		w.recordLocked(regionName, username, method, params, res.Err)
		return nil
	})
	return res
}

func (w *World) apiLocked(username, regionName, method string, raw json.RawMessage) APIResult {
	a := w.agents[username]
	r := w.region(regionName)
	if a == nil || r == nil {
		return APIResult{Err: &apiError{Type: "UnauthorizedException", Message: "unknown agent or instance", Stack: []string{}, RetryStatus: "none", StatusCode: 401}}
	}
	if !a.signedIn {
		// The session is over: Connect's worker answers nothing and raises auth_fail (protocol §3.1).
		return APIResult{Unauthorized: true}
	}
	if f := w.takeAPIFaultLocked(method, regionName); f != nil {
		if f.StatusCode == 401 {
			return APIResult{Unauthorized: true}
		}
		return APIResult{Err: &apiError{Type: f.Type, Message: f.Message, Stack: []string{}, RetryStatus: "none", StatusCode: f.StatusCode}}
	}
	if len(raw) > maxParamsBytes {
		return APIResult{Err: &apiError{Type: "InvalidParameterException", Message: "request too large", Stack: []string{}, RetryStatus: "none", StatusCode: 413}}
	}
	var p apiParams
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &p); err != nil {
			return APIResult{Err: &apiError{Type: "InvalidParameterException", Message: "malformed params: " + err.Error(), Stack: []string{}, RetryStatus: "none", StatusCode: 400}}
		}
	}
	now := w.clock.Now()
	ok := APIResult{Data: map[string]any{}}
	fail := func(e *apiError) APIResult { return APIResult{Err: e} }
	updated := func() { a.restamp(now); w.notifyLocked(Notice{Agent: a.username, Kind: NoticeUpdate}) }

	// Contact-scoped methods find the agent's contact in this region.
	contactOf := func() (*contact, *apiError) {
		c := w.byID[p.ContactID]
		if c == nil || c.agent != a.username || c.region != regionName {
			return nil, invalidState("contact %q not found for this agent", p.ContactID)
		}
		return c, nil
	}
	// legOf finds the agent's contact and one of its connections (the connection-scoped methods).
	legOf := func() (*contact, *connection, *apiError) {
		c, e := contactOf()
		if e != nil {
			return nil, nil, e
		}
		cn := c.conn(p.ConnectionID)
		if cn == nil {
			return nil, nil, invalidState("connection %q not found on contact %s", p.ConnectionID, c.id)
		}
		return c, cn, nil
	}

	switch method {
	case "getAgentSnapshot":
		return APIResult{Data: map[string]any{"snapshot": w.snapshotLocked(a, r), "nextToken": strconv.FormatInt(now.UnixMilli(), 10)}}
	case "getAgentConfiguration":
		return APIResult{Data: map[string]any{"configuration": w.configurationLocked(a, r)}}
	case "getAgentStates":
		return APIResult{Data: map[string]any{"states": w.configurationLocked(a, r).AgentStates, "nextToken": nil}}
	case "getAgentPermissions":
		return APIResult{Data: map[string]any{"permissions": a.permissions, "nextToken": nil}}
	case "getDialableCountryCodes":
		return APIResult{Data: map[string]any{"countryCodes": dialableCountries, "nextToken": nil}}
	case "getRoutingProfileQueues":
		return APIResult{Data: map[string]any{"queues": w.configurationLocked(a, r).RoutingProfile.Queues, "nextToken": nil}}

	case "putAgentState":
		if p.State == nil {
			return fail(invalidState("state is required"))
		}
		s, found := w.stateFor(regionName, p.State.AgentStateARN, p.State.Name)
		if !found {
			return fail(invalidState("unknown agent state %q", p.State.AgentStateARN))
		}
		if e := w.setChosenLocked(a, s, p.EnqueueNextState); e != nil {
			return fail(e)
		}
		w.routeLocked()
		updated()
		return ok

	case "updateAgentConfiguration":
		var cfg struct {
			AgentPreferences map[string]string `json:"agentPreferences"`
			SoftphoneEnabled *bool             `json:"softphoneEnabled"`
			Extension        *string           `json:"extension"`
		}
		if err := json.Unmarshal(p.Configuration, &cfg); err != nil {
			return fail(invalidState("configuration: %v", err))
		}
		if cfg.AgentPreferences != nil {
			a.preferences = cfg.AgentPreferences
		}
		if cfg.SoftphoneEnabled != nil {
			if !*cfg.SoftphoneEnabled && (cfg.Extension == nil || *cfg.Extension == "") && a.extension == "" {
				return fail(&apiError{Type: "InvalidConfigurationException", Message: "a deskphone agent needs an extension", Stack: []string{}, RetryStatus: "none", StatusCode: 400})
			}
			a.softphone = *cfg.SoftphoneEnabled
		}
		if cfg.Extension != nil {
			a.extension = *cfg.Extension
		}
		updated()
		return ok

	case "getEndpoints":
		return w.endpointsLocked(r, p)

	case "createOutboundContact":
		if p.Endpoint == nil || p.Endpoint.PhoneNumber == "" && p.Endpoint.Type == "phone_number" {
			return fail(badEndpoint("an endpoint with a phone number is required"))
		}
		if !contains(a.permissions, "outboundCall") {
			return fail(&apiError{Type: "AccessDeniedException", Message: "agent has no outboundCall permission", Stack: []string{}, RetryStatus: "none", StatusCode: 403})
		}
		if a.chosen.Type == "offline" {
			return fail(invalidState("Agent is offline"))
		}
		if !a.capacity("VOICE") {
			return fail(invalidState("Agent is already on a voice contact"))
		}
		c := &contact{id: w.newID(), region: regionName, channel: "VOICE", typ: "voice", initiation: "outbound",
			createdAt: now, agent: a.username, attributes: map[string]string{}, segment: map[string]string{"connect:Subtype": "connect:Telephony"},
			rejectedBy: map[string]bool{}, from: p.Endpoint.PhoneNumber}
		c.queue = a.profile.DefaultOutboundQueue
		if q := w.queueByARN(r, p.QueueARN); q != "" {
			c.queue = q
		}
		c.queuedAt = now
		ep := *p.Endpoint
		customer := &connection{id: w.newID(), typ: "outbound", initial: true, state: "init", since: now, endpoint: &ep}
		c.conns = []*connection{customer, {id: w.newID(), typ: "agent", state: "connected", since: now}}
		c.setState("connecting", now)
		w.byID[c.id] = c
		a.contacts = append(a.contacts, c)
		w.dialLocked(c, customer, now)
		updated()
		return ok

	case "acceptContact":
		c, e := contactOf()
		if e != nil {
			return fail(e)
		}
		ac := c.agentConn()
		if ac == nil || ac.state != "connecting" || c.accepted || !(c.state == "connecting" || c.state == "incoming") {
			return fail(invalidState("contact %s is not ringing (state %s)", c.id, c.state))
		}
		c.stopTimers()
		w.acceptedLocked(c, now)
		updated()
		return ok

	case "rejectContact":
		c, e := contactOf()
		if e != nil {
			return fail(e)
		}
		if !(c.state == "connecting" || c.state == "incoming") || c.outbound() || c.accepted {
			return fail(invalidState("only a ringing inbound contact can be rejected (state %s)", c.state))
		}
		w.detachLocked(c)
		// Rejected contacts go back to the queue for another agent.
		c.rejectedBy[a.username] = true
		c.agent, c.conns, c.state, c.accepted = "", nil, "", false
		w.byID[c.id] = c
		w.queue = append([]*contact{c}, w.queue...)
		w.routeLocked()
		w.maybeCompleteFailoverLocked(a) // a rejected offer no longer holds a pending failover
		updated()
		return ok

	case "clearContact", "completeContact":
		c, e := contactOf()
		if e != nil {
			return fail(e)
		}
		if c.active() {
			return fail(invalidState("contact %s is %s; only an ended contact can be cleared", c.id, c.state))
		}
		w.clearLocked(c)
		updated()
		return ok

	case "destroyContact":
		c, e := contactOf()
		if e != nil {
			return fail(e)
		}
		w.endLocked(c, now)
		return ok

	case "destroyConnection":
		c, cn, e := legOf()
		if e != nil {
			return fail(e)
		}
		if cn.state == "disconnected" {
			return fail(invalidState("connection %s is already disconnected", cn.id))
		}
		if cn.typ == "agent" {
			// The agent hangs up. With a third party still on the line, the agent leaves and the
			// customer stays with them: that completes a transfer.
			w.endLocked(c, now)
			if orig := w.byID[c.transferOf]; orig != nil && orig.active() {
				// The target agent of a transfer hangs up: its leg on the original contact goes.
				if leg := orig.conn(c.transferLeg); leg != nil && leg.state != "disconnected" {
					leg.setState("disconnected", now)
					if len(orig.liveLegs()) == 0 {
						w.endLocked(orig, now)
					} else if oa := w.agents[orig.agent]; oa != nil {
						oa.restamp(now)
						w.notifyLocked(Notice{Agent: oa.username, Kind: NoticeUpdate})
					}
				}
			}
			return ok
		}
		cn.setState("disconnected", now)
		if t := w.byID[cn.transfer]; t != nil {
			w.dropTransferLocked(t)
		}
		if len(c.liveLegs()) == 0 {
			w.endLocked(c, now)
			return ok
		}
		updated()
		return ok

	case "holdConnection", "resumeConnection":
		_, cn, e := legOf()
		if e != nil {
			return fail(e)
		}
		from, to := "connected", "hold"
		if method == "resumeConnection" {
			from, to = "hold", "connected"
		}
		if cn.state != from {
			return fail(invalidState("connection %s is %s, not %s", cn.id, cn.state, from))
		}
		cn.setState(to, now)
		updated()
		return ok

	case "sendDigits":
		c, cn, e := legOf()
		if e != nil {
			return fail(e)
		}
		if cn.state != "connected" && cn.state != "hold" || c.channel != "VOICE" {
			return fail(invalidState("digits need a connected voice connection"))
		}
		if p.Digits == "" || strings.Trim(p.Digits, "0123456789*#,ABCDabcd") != "" || len(p.Digits) > 64 {
			return fail(invalidState("digits must be 1..64 of 0-9 * # , A-D"))
		}
		return ok

	case "muteParticipant", "unmuteParticipant":
		_, cn, e := legOf()
		if e != nil {
			return fail(e)
		}
		cn.mute = method == "muteParticipant"
		updated()
		return ok

	case "createAdditionalConnection", "addNewConnection", "transferContact":
		c, e := contactOf()
		if e != nil {
			return fail(e)
		}
		if p.Endpoint == nil {
			return fail(badEndpoint("endpoint is required"))
		}
		if c.state != "connected" {
			return fail(invalidState("contact %s is %s; connect a participant to a connected contact", c.id, c.state))
		}
		if c.channel != "VOICE" {
			if method == "transferContact" {
				// A chat or task transfer hands the contact to a queue or agent; the agent's part ends.
				w.endLocked(c, now)
				return ok
			}
			return fail(invalidState("only voice contacts take additional connections"))
		}
		if len(c.liveLegs()) >= 5 {
			return fail(&apiError{Type: "QuotaExceededException", Message: "a call has at most 6 participants", Stack: []string{}, RetryStatus: "none", StatusCode: 400})
		}
		ep := *p.Endpoint
		if ep.Type != "phone_number" && ep.Type != "queue" && ep.Type != "agent" {
			return fail(badEndpoint("unknown endpoint type %q", ep.Type))
		}
		for _, leg := range c.liveLegs() {
			if leg.state == "connected" {
				leg.setState("hold", now)
			}
		}
		var queue, target string
		if ep.Type != "phone_number" {
			var found bool
			if queue, target, found = w.transferTargetLocked(r, ep); !found {
				return fail(badEndpoint("no quick connect matches endpoint %q", ep.EndpointARN))
			}
		}
		leg := &connection{id: w.newID(), typ: "outbound", state: "init", since: now, endpoint: &ep, quickName: ep.Name, thirdParty: true}
		c.conns = append(c.conns, leg)
		if ep.Type == "phone_number" {
			w.dialLocked(c, leg, now)
		} else {
			w.startTransferLocked(c, leg, queue, target, now)
		}
		updated()
		return ok

	case "toggleActiveConnections":
		c, e := contactOf()
		if e != nil {
			return fail(e)
		}
		var held, connected []*connection
		for _, leg := range c.liveLegs() {
			switch leg.state {
			case "hold":
				held = append(held, leg)
			case "connected":
				connected = append(connected, leg)
			}
		}
		if len(held) == 0 || len(connected) == 0 {
			return fail(invalidState("swap needs one held and one connected participant"))
		}
		for _, leg := range held {
			leg.setState("connected", now)
		}
		for _, leg := range connected {
			leg.setState("hold", now)
		}
		updated()
		return ok

	case "conferenceConnections":
		c, e := contactOf()
		if e != nil {
			return fail(e)
		}
		legs := c.liveLegs()
		if len(legs) < 2 {
			return fail(invalidState("a conference needs at least two other participants"))
		}
		for _, leg := range legs {
			if leg.state == "hold" {
				leg.setState("connected", now)
			}
		}
		updated()
		return ok

	case "pauseContact", "resumeContact":
		c, e := contactOf()
		if e != nil {
			return fail(e)
		}
		if c.channel != "TASK" {
			return fail(invalidState("only tasks can be paused"))
		}
		from, to := "connected", "paused"
		if method == "resumeContact" {
			from, to = "paused", "connected"
		}
		if c.state != from {
			return fail(invalidState("task %s is %s, not %s", c.id, c.state, from))
		}
		c.setState(to, now)
		updated()
		return ok

	case "updateContactAttributes":
		c, e := contactOf()
		if e != nil {
			return fail(e)
		}
		for k, v := range p.Attributes {
			c.attributes[k] = v
		}
		updated()
		return ok

	case "createTaskContact":
		if p.Name == "" {
			return fail(invalidState("a task needs a name"))
		}
		c := &contact{id: w.newID(), region: regionName, channel: "TASK", typ: "task", initiation: "api", state: "",
			queue: a.profile.DefaultOutboundQueue, queuedAt: now, createdAt: now, name: p.Name, description: p.Description,
			attributes: map[string]string{}, segment: map[string]string{"connect:Subtype": "connect:Task"}, rejectedBy: map[string]bool{}}
		w.byID[c.id] = c
		w.queue = append(w.queue, c)
		w.routeLocked()
		return APIResult{Data: map[string]any{"contactId": c.id}}

	case "createTransport":
		switch p.TransportType {
		case "softphone":
			return APIResult{Data: map[string]any{"softphoneTransport": map[string]any{"softphoneMediaConnections": []any{}}}}
		case "chat_token":
			return APIResult{Data: map[string]any{"chatTokenTransport": map[string]any{"participantToken": "ccpsim-" + w.newID(), "expiry": now.Add(time.Hour).UTC().Format(time.RFC3339)}}}
		case "web_socket":
			return fail(&apiError{Type: "InvalidParameterException", Message: "ccpsim has no AWS websocket; the CCP page relays state itself", Stack: []string{}, RetryStatus: "none", StatusCode: 400})
		}
		return fail(&apiError{Type: "InvalidParameterException", Message: fmt.Sprintf("transportType %q is not emulated", p.TransportType), Stack: []string{}, RetryStatus: "none", StatusCode: 400})

	case "notifyContactIssue", "sendSoftphoneCallMetrics", "sendSoftphoneCallReport", "sendClientLogs", "getNewAuthToken":
		return ok
	}
	return fail(&apiError{Type: "UnknownOperationException", Message: fmt.Sprintf("ccpsim does not emulate %q", method), Stack: []string{}, RetryStatus: "none", StatusCode: 400})
}

// transferTargetLocked resolves an agent or queue quick connect endpoint to the queue or agent a
// transfer contact is routed to.
func (w *World) transferTargetLocked(r *region, ep endpointWire) (queue, agent string, ok bool) {
	for _, q := range w.cfg.QuickConnects {
		arn := r.arn(w.cfg.AccountID) + "/transfer-destination/" + stableID("qc", r.name, q.Name)
		if q.Type != ep.Type || (arn != ep.EndpointARN && q.Name != ep.Name) {
			continue
		}
		if q.Type == "queue" {
			return q.Queue, "", true
		}
		return "", q.Agent, true
	}
	if ep.Type == "agent" && w.agents[ep.AgentLogin] != nil {
		return "", ep.AgentLogin, true
	}
	if ep.Type == "queue" && ep.Queue != nil {
		if q := w.queueByARN(r, ep.Queue.QueueARN); q != "" {
			return q, "", true
		}
	}
	return "", "", false
}

var dialableCountries = []string{"us", "ca", "gb", "de", "fr", "au", "jp"}

func (w *World) queueByARN(r *region, arn string) string {
	if arn == "" {
		return ""
	}
	for _, q := range w.cfg.Queues {
		if w.queueARN(r, q) == arn {
			return q
		}
	}
	return ""
}

// endpointsLocked answers getEndpoints with the quick connects of the requested queues, paged.
func (w *World) endpointsLocked(r *region, p apiParams) APIResult {
	all := w.quickConnectsLocked(r)
	start := 0
	if p.NextToken != nil && *p.NextToken != "" {
		n, err := strconv.Atoi(*p.NextToken)
		if err != nil || n < 0 || n > len(all) {
			return APIResult{Err: &apiError{Type: "PaginationException", Message: "invalid nextToken", Stack: []string{}, RetryStatus: "none", StatusCode: 400}}
		}
		start = n
	}
	size := w.cfg.QuickConnectPageSize
	if p.MaxResults > 0 && p.MaxResults < size {
		size = p.MaxResults
	}
	end := min(start+size, len(all))
	var next any
	if end < len(all) {
		next = strconv.Itoa(end)
	}
	return APIResult{Data: map[string]any{"endpoints": all[start:end], "nextToken": next}}
}

func (w *World) quickConnectsLocked(r *region) []endpointWire {
	out := make([]endpointWire, 0, len(w.cfg.QuickConnects))
	for _, q := range w.cfg.QuickConnects {
		ep := endpointWire{
			EndpointARN: r.arn(w.cfg.AccountID) + "/transfer-destination/" + stableID("qc", r.name, q.Name),
			Type:        q.Type,
			Name:        q.Name,
		}
		switch q.Type {
		case "phone_number":
			ep.PhoneNumber = q.PhoneNumber
		case "queue":
			ep.Queue = &queueWire{QueueARN: w.queueARN(r, q.Queue), Name: strp(q.Queue), QueueID: w.queueARN(r, q.Queue)}
		case "agent":
			ep.AgentLogin = q.Agent
		}
		out = append(out, ep)
	}
	return out
}
