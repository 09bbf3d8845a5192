package ccpsim

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

// fixture is a world with a manual clock and agent1 signed in.
type fixture struct {
	t     *testing.T
	w     *World
	clock *ManualClock
}

func newFixture(t *testing.T, mutate ...func(*Config)) *fixture {
	t.Helper()
	cfg := DefaultConfig()
	// Most tests want routing and media at once; TestRoutingAndMediaDelays covers the delays.
	cfg.Timeouts.RouteDelayMs, cfg.Timeouts.ConnectDelayMs = 0, 0
	for _, m := range mutate {
		m(&cfg)
	}
	clock := NewManualClock(time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC))
	w, err := NewWorld(cfg, DefaultRegions, clock)
	if err != nil {
		t.Fatalf("NewWorld: %v", err)
	}
	if _, err := w.SignIn("agent1"); err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	return &fixture{t: t, w: w, clock: clock}
}

func (f *fixture) available() {
	f.t.Helper()
	if err := f.w.SetAgentState("agent1", "Available"); err != nil {
		f.t.Fatalf("SetAgentState: %v", err)
	}
}

func (f *fixture) contact(req NewContact) string {
	f.t.Helper()
	id, err := f.w.CreateContact(req)
	if err != nil {
		f.t.Fatalf("CreateContact: %v", err)
	}
	return id
}

func (f *fixture) agent() AgentView {
	return f.w.State().Agents[0]
}

func (f *fixture) contactView(id string) ContactView {
	f.t.Helper()
	for _, c := range f.agent().Contacts {
		if c.ContactID == id {
			return c
		}
	}
	f.t.Fatalf("contact %s not on agent1; state: %+v", id, f.agent())
	return ContactView{}
}

func (f *fixture) api(method string, params map[string]any) APIResult {
	f.t.Helper()
	raw, _ := json.Marshal(params)
	return f.w.API("agent1", "us-east-1", method, raw)
}

func (f *fixture) mustAPI(method string, params map[string]any) {
	f.t.Helper()
	if r := f.api(method, params); r.Err != nil || r.Unauthorized {
		f.t.Fatalf("%s: %+v", method, r)
	}
}

func (f *fixture) wantAgentState(name string) {
	f.t.Helper()
	if got := f.agent().State.Name; got != name {
		f.t.Fatalf("agent state: got %q, want %q", got, name)
	}
}

func (f *fixture) agentConn(id string) string {
	for _, cn := range f.contactView(id).Connections {
		if cn.Type == "agent" {
			return cn.ConnectionID
		}
	}
	f.t.Fatalf("no agent connection on %s", id)
	return ""
}

func (f *fixture) connOfType(id, typ string, n int) ConnectionView {
	f.t.Helper()
	i := 0
	for _, cn := range f.contactView(id).Connections {
		if cn.Type == typ {
			if i == n {
				return cn
			}
			i++
		}
	}
	f.t.Fatalf("no %s connection #%d on %s: %+v", typ, n, id, f.contactView(id))
	return ConnectionView{}
}

func TestInboundVoiceLifecycle(t *testing.T) {
	f := newFixture(t)
	id := f.contact(NewContact{Channel: "VOICE", From: "+15555550100", Queue: "BasicQueue"})
	if q := f.w.State().Queued; len(q) != 1 {
		t.Fatalf("an Offline agent must not be offered a contact; queued = %d", len(q))
	}
	f.available()
	if got := f.contactView(id).State; got != "connecting" {
		t.Fatalf("contact state: got %q, want connecting", got)
	}
	f.wantAgentState("PendingBusy")
	if got := f.agent().Availability.Name; got != "Available" {
		t.Fatalf("availability while ringing: got %q, want Available", got)
	}
	f.mustAPI("acceptContact", map[string]any{"contactId": id})
	f.wantAgentState("Busy")
	if r := f.api("clearContact", map[string]any{"contactId": id}); r.Err == nil || r.Err.Type != "InvalidStateException" {
		t.Fatalf("clearing a connected contact: got %+v, want InvalidStateException", r.Err)
	}
	if err := f.w.CustomerDisconnect(id); err != nil {
		t.Fatal(err)
	}
	if got := f.contactView(id).State; got != "ended" {
		t.Fatalf("after hang-up: got %q, want ended", got)
	}
	f.wantAgentState("AfterCallWork")
	f.mustAPI("clearContact", map[string]any{"contactId": id})
	f.wantAgentState("Available")
	if n := len(f.agent().Contacts); n != 0 {
		t.Fatalf("contacts after clear: %d", n)
	}
}

func TestRingTimeoutMissesAndRequeues(t *testing.T) {
	f := newFixture(t)
	f.available()
	id := f.contact(NewContact{Channel: "VOICE"})
	f.clock.Advance(19 * time.Second)
	f.wantAgentState("PendingBusy")
	f.clock.Advance(time.Second)
	if got := f.contactView(id).State; got != "missed" {
		t.Fatalf("after ring timeout: got %q, want missed", got)
	}
	f.wantAgentState("MissedCallAgent")
	if got := f.agent().State.Type; got != "error" {
		t.Fatalf("missed state type: got %q, want error", got)
	}
	f.clock.Advance(2 * time.Second)
	if q := f.w.State().Queued; len(q) != 1 || q[0].ContactID != id {
		t.Fatalf("missed contact should be requeued, queued = %+v", q)
	}
	f.available() // the agent picks a status again: routed again
	if got := f.contactView(id).State; got != "connecting" {
		t.Fatalf("re-offered contact: got %q, want connecting", got)
	}
}

func TestRejectRequeuesToAnotherAgentOnly(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.Agents = append(c.Agents, AgentConfig{Username: "agent2", Name: "Bo", RoutingProfile: c.RoutingProfiles[0].Name})
	})
	f.available()
	id := f.contact(NewContact{Channel: "VOICE"})
	f.mustAPI("rejectContact", map[string]any{"contactId": id})
	if n := len(f.agent().Contacts); n != 0 {
		t.Fatalf("rejected contact still on agent1")
	}
	if q := f.w.State().Queued; len(q) != 1 {
		t.Fatalf("rejected contact should wait for another agent, queued = %d", len(q))
	}
	if _, err := f.w.SignIn("agent2"); err != nil {
		t.Fatal(err)
	}
	if err := f.w.SetAgentState("agent2", "Available"); err != nil {
		t.Fatal(err)
	}
	if got := f.w.State().Agents[1].Contacts; len(got) != 1 || got[0].ContactID != id {
		t.Fatalf("agent2 should get the rejected contact, got %+v", got)
	}
}

func TestEnqueueNextStateAppliesAfterClear(t *testing.T) {
	f := newFixture(t)
	f.available()
	id := f.contact(NewContact{Channel: "VOICE"})
	f.mustAPI("acceptContact", map[string]any{"contactId": id})
	var breakARN string
	data, _ := f.w.AgentData("agent1", "us-east-1")
	for _, s := range data.(agentData).Configuration.AgentStates {
		if s.Name == "Break" {
			breakARN = *s.AgentStateARN
		}
	}
	f.mustAPI("putAgentState", map[string]any{"state": map[string]any{"agentStateARN": breakARN, "type": "not_routable", "name": "Break"}, "enqueueNextState": true})
	if got := f.agent().NextState; got != "Break" {
		t.Fatalf("next state: got %q, want Break", got)
	}
	f.wantAgentState("Busy")
	f.w.CustomerDisconnect(id)
	f.mustAPI("clearContact", map[string]any{"contactId": id})
	f.wantAgentState("Break")
	if got := f.agent().NextState; got != "" {
		t.Fatalf("next state after clear: got %q, want none", got)
	}
}

func TestOfflineRefusedDuringContact(t *testing.T) {
	f := newFixture(t)
	f.available()
	id := f.contact(NewContact{Channel: "VOICE"})
	f.mustAPI("acceptContact", map[string]any{"contactId": id})
	err := f.w.SetAgentState("agent1", "Offline")
	if err == nil || !strings.Contains(err.Error(), "offline") {
		t.Fatalf("going offline on a call: got %v, want a refusal", err)
	}
}

func TestChannelConcurrency(t *testing.T) {
	f := newFixture(t)
	f.available()
	var chats []string
	for i := 0; i < 4; i++ {
		chats = append(chats, f.contact(NewContact{Channel: "CHAT", From: "c"}))
	}
	call := f.contact(NewContact{Channel: "VOICE"})
	task := f.contact(NewContact{Channel: "TASK", Name: "t"})
	task2 := f.contact(NewContact{Channel: "TASK", Name: "t2"})
	onAgent := map[string]bool{}
	for _, c := range f.agent().Contacts {
		onAgent[c.ContactID] = true
	}
	for i, id := range chats {
		if want := i < 3; onAgent[id] != want {
			t.Errorf("chat %d offered = %v, want %v (CHAT concurrency 3)", i, onAgent[id], want)
		}
	}
	if !onAgent[call] || !onAgent[task] || onAgent[task2] {
		t.Errorf("voice offered=%v task offered=%v task2 offered=%v; want true,true,false", onAgent[call], onAgent[task], onAgent[task2])
	}
	// Tasks are a single agent connection, initial.
	tv := f.contactView(task)
	if len(tv.Connections) != 1 || tv.Connections[0].Type != "agent" || !tv.Connections[0].Initial {
		t.Errorf("task connections: %+v", tv.Connections)
	}
}

func TestOutboundCall(t *testing.T) {
	f := newFixture(t)
	f.available()
	f.mustAPI("createOutboundContact", map[string]any{"endpoint": map[string]any{"type": "phone_number", "phoneNumber": "+15555550123", "name": "+15555550123"}})
	c := f.agent().Contacts[0]
	f.wantAgentState("CallingCustomer")
	if c.Connections[0].Type != "outbound" || !c.Connections[0].Initial || c.Connections[0].State != "connecting" {
		t.Fatalf("initial leg: %+v", c.Connections[0])
	}
	f.clock.Advance(1500 * time.Millisecond)
	if got := f.contactView(c.ContactID).State; got != "connected" {
		t.Fatalf("after answer: got %q, want connected", got)
	}
	f.wantAgentState("Busy")
}

func TestTransferConferenceAndLeave(t *testing.T) {
	f := newFixture(t)
	f.available()
	id := f.contact(NewContact{Channel: "VOICE"})
	f.mustAPI("acceptContact", map[string]any{"contactId": id})
	f.mustAPI("createAdditionalConnection", map[string]any{"contactId": id, "endpoint": map[string]any{"type": "phone_number", "phoneNumber": "+15555550199", "name": "Escalations desk"}})
	if got := f.connOfType(id, "inbound", 0).State; got != "hold" {
		t.Fatalf("customer during consult: got %q, want hold", got)
	}
	third := f.connOfType(id, "outbound", 0)
	if third.State != "connecting" {
		t.Fatalf("third party: got %q, want connecting", third.State)
	}
	if err := f.w.AnswerFarEnd(id); err != nil {
		t.Fatal(err)
	}
	f.mustAPI("toggleActiveConnections", map[string]any{"contactId": id, "connectionId": f.connOfType(id, "inbound", 0).ConnectionID})
	if c, o := f.connOfType(id, "inbound", 0).State, f.connOfType(id, "outbound", 0).State; c != "connected" || o != "hold" {
		t.Fatalf("after swap: customer %s third %s; want connected, hold", c, o)
	}
	f.mustAPI("conferenceConnections", map[string]any{"contactId": id})
	if c, o := f.connOfType(id, "inbound", 0).State, f.connOfType(id, "outbound", 0).State; c != "connected" || o != "connected" {
		t.Fatalf("after conference: customer %s third %s", c, o)
	}
	f.mustAPI("holdConnection", map[string]any{"contactId": id, "connectionId": third.ConnectionID})
	if r := f.api("holdConnection", map[string]any{"contactId": id, "connectionId": third.ConnectionID}); r.Err == nil {
		t.Fatalf("holding a held connection must fail")
	}
	f.mustAPI("resumeConnection", map[string]any{"contactId": id, "connectionId": third.ConnectionID})
	f.mustAPI("sendDigits", map[string]any{"contactId": id, "connectionId": third.ConnectionID, "digits": "12#"})
	if r := f.api("sendDigits", map[string]any{"contactId": id, "connectionId": third.ConnectionID, "digits": "x"}); r.Err == nil {
		t.Fatalf("bad digits must fail")
	}
	// The agent leaves: the transfer completes and the agent goes to after-call work.
	f.mustAPI("destroyConnection", map[string]any{"contactId": id, "connectionId": f.agentConn(id)})
	f.wantAgentState("AfterCallWork")
}

func TestQueueCallback(t *testing.T) {
	f := newFixture(t)
	f.available()
	id := f.contact(NewContact{Channel: "VOICE", Callback: true, From: "+15555550111"})
	c := f.contactView(id)
	if c.Type != "queue_callback" || c.State != "incoming" {
		t.Fatalf("callback offer: type %s state %s", c.Type, c.State)
	}
	f.mustAPI("acceptContact", map[string]any{"contactId": id})
	if got := f.contactView(id).State; got != "connecting" {
		t.Fatalf("accepted callback: got %q, want connecting (dialling the customer)", got)
	}
	f.wantAgentState("CallingCustomer")
	f.clock.Advance(2 * time.Second)
	if got := f.contactView(id).State; got != "connected" {
		t.Fatalf("answered callback: got %q, want connected", got)
	}
}

func TestAfterCallWorkTimeout(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Timeouts.ACWSeconds = 30 })
	f.available()
	id := f.contact(NewContact{Channel: "VOICE"})
	f.mustAPI("acceptContact", map[string]any{"contactId": id})
	f.w.CustomerDisconnect(id)
	f.clock.Advance(29 * time.Second)
	f.wantAgentState("AfterCallWork")
	f.clock.Advance(time.Second)
	f.wantAgentState("Available")
}

func TestAbandonWhileRinging(t *testing.T) {
	f := newFixture(t)
	f.available()
	id := f.contact(NewContact{Channel: "VOICE"})
	if err := f.w.CustomerDisconnect(id); err != nil {
		t.Fatal(err)
	}
	f.wantAgentState("Available")
	if err := f.w.CustomerDisconnect(id); err == nil {
		t.Fatalf("disconnecting a gone contact must be not found")
	}
}

func TestFailover(t *testing.T) {
	tests := []struct {
		name        string
		withCall    bool
		wantPending bool
	}{
		{"idle agent moves at once", false, false},
		{"agent on a call moves after clearing it", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.available()
			var events []string
			f.w.Listen(func(n Notice) {
				if n.Kind == NoticeEvent {
					events = append(events, n.Region+" "+n.Event)
				}
			})
			var id string
			if tt.withCall {
				id = f.contact(NewContact{Channel: "VOICE"})
				f.mustAPI("acceptContact", map[string]any{"contactId": id})
			}
			if err := f.w.SetActiveRegion("us-west-2"); err != nil {
				t.Fatal(err)
			}
			active, pending, _ := f.w.AgentRegion("agent1")
			if got := pending != ""; got != tt.wantPending {
				t.Fatalf("pending = %v (active %s), want %v", got, active, tt.wantPending)
			}
			if tt.withCall {
				// A new contact in the new region waits until the agent has moved.
				f.contact(NewContact{Channel: "VOICE", Region: "us-west-2"})
				if n := len(f.w.State().Queued); n != 1 {
					t.Fatalf("queued during pending failover = %d, want 1", n)
				}
				f.w.CustomerDisconnect(id)
				if _, p, _ := f.w.AgentRegion("agent1"); p == "" {
					t.Fatalf("failover must stay pending during after-call work")
				}
				f.mustAPI("clearContact", map[string]any{"contactId": id})
			}
			if active, pending, _ := f.w.AgentRegion("agent1"); active != "us-west-2" || pending != "" {
				t.Fatalf("after failover: active %s pending %s", active, pending)
			}
			want := []string{"us-east-1 globalResiliency::failover_detected"}
			if tt.wantPending {
				want = append(want, "us-east-1 globalResiliency::failover_pending")
			}
			want = append(want, "us-east-1 globalResiliency::failover_initiated")
			if strings.Join(events, ",") != strings.Join(want, ",") {
				t.Fatalf("events: got %v, want %v", events, want)
			}
			if tt.withCall && len(f.agent().Contacts) != 1 {
				t.Fatalf("the waiting us-west-2 contact should now be offered")
			}
		})
	}
}

func TestGetEndpointsPaging(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.QuickConnectPageSize = 3 })
	var names []string
	var token any
	for page := 0; page < 5; page++ {
		r := f.api("getEndpoints", map[string]any{"queueARNs": []string{}, "nextToken": token, "maxResults": 500})
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		d := r.Data.(map[string]any)
		for _, e := range d["endpoints"].([]endpointWire) {
			names = append(names, e.Type+":"+e.Name)
		}
		token = d["nextToken"]
		if token == nil {
			break
		}
	}
	want := "phone_number:Escalations desk,queue:Sales queue,queue:Support queue,agent:Supervisor"
	if got := strings.Join(names, ","); got != want {
		t.Fatalf("endpoints: got %s, want %s", got, want)
	}
}

func TestAPIFaults(t *testing.T) {
	f := newFixture(t)
	f.available()
	id := f.contact(NewContact{Channel: "VOICE"})
	if _, err := f.w.AddFault(Fault{Kind: FaultAPIError, Method: "acceptContact", StatusCode: 500, Type: "ServiceUnavailable", Count: 1}); err != nil {
		t.Fatal(err)
	}
	r := f.api("acceptContact", map[string]any{"contactId": id})
	if r.Err == nil || r.Err.StatusCode != 500 || r.Err.Type != "ServiceUnavailable" {
		t.Fatalf("faulted accept: %+v", r)
	}
	var wire map[string]any
	if err := json.Unmarshal([]byte(r.ErrorJSON().(string)), &wire); err != nil {
		t.Fatalf("error must be a JSON string: %v", err)
	}
	for _, k := range []string{"type", "message", "stack", "retryStatus", "statusCode"} {
		if _, ok := wire[k]; !ok {
			t.Errorf("error JSON lacks %q: %v", k, wire)
		}
	}
	f.mustAPI("acceptContact", map[string]any{"contactId": id}) // count 1: used up
	f.w.AddFault(Fault{Kind: FaultAPIError, Method: "holdConnection", StatusCode: 401})
	if r := f.api("holdConnection", map[string]any{}); !r.Unauthorized {
		t.Fatalf("401 fault: want Unauthorized (no answer, auth_fail), got %+v", r)
	}
	if got := f.api("noSuchMethod", nil); got.Err == nil {
		t.Fatalf("unknown methods must get an error answer so callers never hang")
	}
	reqs := f.w.Requests(0)
	if len(reqs) < 4 || reqs[0].Method != "acceptContact" || reqs[0].Error == "" {
		t.Fatalf("requests log: %+v", reqs)
	}
}

func TestFaultValidation(t *testing.T) {
	f := newFixture(t)
	for _, tt := range []struct {
		f     Fault
		field string
	}{
		{Fault{Kind: "nope"}, "kind"},
		{Fault{Kind: FaultAPIError}, "method"},
		{Fault{Kind: FaultAPIError, Method: "x", StatusCode: 200}, "statusCode"},
		{Fault{Kind: FaultSnapshotLatency}, "ms"},
		{Fault{Kind: FaultDropLink, Region: "mars-1"}, "region"},
	} {
		_, err := f.w.AddFault(tt.f)
		fe, ok := err.(*FieldError)
		if !ok || fe.Field != tt.field {
			t.Errorf("AddFault(%+v): got %v, want a FieldError on %s", tt.f, err, tt.field)
		}
	}
}

// Streams parses these formats and throws when they are wrong (protocol §4.1).
func TestSnapshotWireFormat(t *testing.T) {
	f := newFixture(t)
	f.available()
	f.contact(NewContact{Channel: "VOICE", Attributes: map[string]string{"tier": "gold"}})
	f.contact(NewContact{Channel: "CHAT", From: "Jane"})
	data, err := f.w.AgentData("agent1", "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(data)
	var d struct {
		Snapshot struct {
			State             map[string]any   `json:"state"`
			NextState         *json.RawMessage `json:"nextState"`
			SnapshotTimestamp map[string]any   `json:"snapshotTimestamp"`
			Contacts          []struct {
				Queue       map[string]any `json:"queue"`
				Attributes  map[string]map[string]string
				Connections []struct {
					Initial bool           `json:"initial"`
					State   map[string]any `json:"state"`
				} `json:"connections"`
			} `json:"contacts"`
		} `json:"snapshot"`
		Configuration struct {
			AgentARN       string `json:"agentARN"`
			RoutingProfile struct {
				RoutingProfileID string `json:"routingProfileId"`
				Queues           []struct {
					QueueARN string  `json:"queueARN"`
					Name     *string `json:"name"`
				} `json:"queues"`
			} `json:"routingProfile"`
		} `json:"configuration"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Snapshot.SnapshotTimestamp["$date"]; !ok {
		t.Errorf("snapshotTimestamp must be a $date object, got %v", d.Snapshot.SnapshotTimestamp)
	}
	if strings.Contains(string(raw), `"nextState":null`) {
		t.Errorf("a null structure must be omitted, not null")
	}
	if len(d.Snapshot.Contacts) != 2 {
		t.Fatalf("contacts: %d", len(d.Snapshot.Contacts))
	}
	for i, c := range d.Snapshot.Contacts {
		n := 0
		for _, cn := range c.Connections {
			if cn.Initial {
				n++
			}
			if _, ok := cn.State["timestamp"].(map[string]any)["$date"]; !ok {
				t.Errorf("connection state timestamp must be a date")
			}
		}
		if n != 1 {
			t.Errorf("contact %d has %d initial connections, want exactly 1", i, n)
		}
		if c.Queue["queueId"] != c.Queue["queueARN"] {
			t.Errorf("queue.queueId must alias queueARN")
		}
	}
	if got := d.Snapshot.Contacts[0].Attributes["tier"]; got["name"] != "tier" || got["value"] != "gold" {
		t.Errorf("attributes: %v", got)
	}
	if !regexp.MustCompile(`instance/([0-9a-fA-F|-]+)/`).MatchString(d.Configuration.RoutingProfile.RoutingProfileID) {
		t.Errorf("routingProfileId %q: Streams' getInstanceId regex fails", d.Configuration.RoutingProfile.RoutingProfileID)
	}
	if !regexp.MustCompile(`:([0-9]+):instance/`).MatchString(d.Configuration.AgentARN) || strings.Split(d.Configuration.AgentARN, ":")[3] != "us-east-1" {
		t.Errorf("agentARN %q: account or region unreadable", d.Configuration.AgentARN)
	}
	agentQ := false
	for _, q := range d.Configuration.RoutingProfile.Queues {
		if regexp.MustCompile(`/agent/([^/]+)`).MatchString(q.QueueARN) && q.Name == nil {
			agentQ = true
		}
	}
	if !agentQ {
		t.Errorf("routing profile must include the agent's own queue (name null)")
	}
	other, _ := f.w.AgentData("agent1", "us-west-2")
	if b, _ := json.Marshal(other); strings.Contains(string(b), `"contactId"`) {
		t.Errorf("the us-west-2 CCP must not show us-east-1 contacts")
	}
}

func TestMasterElection(t *testing.T) {
	f := newFixture(t)
	r, _ := f.w.Master("agent1", "checkMaster", "connect::softphone", "p1", false)
	if r["isMaster"] != true {
		t.Fatalf("first checkMaster should become master: %v", r)
	}
	r, _ = f.w.Master("agent1", "checkMaster", "connect::softphone", "p2", false)
	if r["isMaster"] != false || r["masterId"] != "p1" {
		t.Fatalf("second port: %v", r)
	}
	r, _ = f.w.Master("agent1", "becomeMaster", "connect::softphone", "p2", false)
	if r["takeOver"] != true || r["masterId"] != "p2" {
		t.Fatalf("becomeMaster: %v", r)
	}
	f.w.ReleasePort("agent1", "p2")
	r, _ = f.w.Master("agent1", "checkMaster", "connect::softphone", "p3", true)
	if r["masterId"] != "" || r["isMaster"] != false {
		t.Fatalf("shouldNotBecomeMasterIfNone: %v", r)
	}
}

func TestConfigValidation(t *testing.T) {
	for _, tt := range []struct {
		name   string
		mutate func(*Config)
		want   string
	}{
		{"unknown profile", func(c *Config) { c.Agents[0].RoutingProfile = "x" }, `agents[0].routingProfile: unknown routing profile "x"`},
		{"bad state type", func(c *Config) { c.AgentStates[0].Type = "busy" }, "agentStates[0].type"},
		{"quick connect queue", func(c *Config) { c.QuickConnects[1].Queue = "nope" }, "quickConnects[1].queue"},
		{"concurrency channel", func(c *Config) { c.RoutingProfiles[0].Concurrency["FAX"] = 1 }, "unknown channel"},
		{"account", func(c *Config) { c.AccountID = "abc" }, "accountId"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tt.mutate(&cfg)
			err := cfg.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
	if err := func() error { c := DefaultConfig(); return c.Validate() }(); err != nil {
		t.Fatalf("default config invalid: %v", err)
	}
}

func TestSessionExpiry(t *testing.T) {
	f := newFixture(t)
	var ended []string
	f.w.Listen(func(n Notice) {
		if n.Kind == NoticeSessionEnded {
			ended = append(ended, n.Agent)
		}
	})
	tok, _ := f.w.SignIn("agent1")
	if _, ok := f.w.SessionAgent(tok); !ok {
		t.Fatal("fresh session invalid")
	}
	f.w.ExpireSession("agent1")
	if _, ok := f.w.SessionAgent(tok); ok {
		t.Fatal("expired session still valid")
	}
	if len(ended) != 1 {
		t.Fatalf("session-ended notices: %v", ended)
	}
	f.available()
	f.contact(NewContact{Channel: "VOICE"})
	if len(f.agent().Contacts) != 0 {
		t.Fatalf("a signed-out agent must not be routed contacts")
	}
}

func TestRoutingAndMediaDelays(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Timeouts.RouteDelayMs, c.Timeouts.ConnectDelayMs = 300, 300 })
	f.available()
	id := f.contact(NewContact{Channel: "VOICE"})
	f.wantAgentState("Available") // routing has not run yet
	f.clock.Advance(300 * time.Millisecond)
	f.wantAgentState("PendingBusy")
	f.mustAPI("acceptContact", map[string]any{"contactId": id})
	if r := f.api("acceptContact", map[string]any{"contactId": id}); r.Err == nil {
		t.Fatalf("a second accept while media connects must fail")
	}
	if got := f.contactView(id).State; got != "connecting" {
		t.Fatalf("right after accept: got %q, want connecting until media is up", got)
	}
	f.clock.Advance(300 * time.Millisecond)
	if got := f.contactView(id).State; got != "connected" {
		t.Fatalf("after the media delay: got %q, want connected", got)
	}
	f.wantAgentState("Busy")
}

func TestSignedOutAgentGetsNoAnswers(t *testing.T) {
	f := newFixture(t)
	f.w.ExpireSession("agent1")
	if r := f.api("getAgentSnapshot", nil); !r.Unauthorized {
		t.Fatalf("API after expiry: got %+v, want Unauthorized (no answer, auth_fail)", r)
	}
}

func TestFailbackWhilePending(t *testing.T) {
	f := newFixture(t)
	f.available()
	id := f.contact(NewContact{Channel: "VOICE"})
	f.mustAPI("acceptContact", map[string]any{"contactId": id})
	var events []string
	f.w.Listen(func(n Notice) {
		if n.Kind == NoticeEvent {
			events = append(events, n.Event+" "+n.Data.(map[string]any)["activeRegion"].(string))
		}
	})
	f.w.SetActiveRegion("us-west-2")
	f.w.SetActiveRegion("us-east-1")
	if active, pending, _ := f.w.AgentRegion("agent1"); active != "us-east-1" || pending != "" {
		t.Fatalf("after failback: active %s pending %q", active, pending)
	}
	want := "globalResiliency::failover_detected us-west-2,globalResiliency::failover_pending us-west-2,globalResiliency::failover_detected us-east-1"
	if got := strings.Join(events, ","); got != want {
		t.Fatalf("events:\n got %s\nwant %s", got, want)
	}
}

func TestAgentQuickConnectTransfer(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.Agents = append(c.Agents, AgentConfig{Username: "agent2", Name: "Bo", RoutingProfile: c.RoutingProfiles[0].Name})
		c.QuickConnects[3].Agent = "agent2"
	})
	f.available()
	id := f.contact(NewContact{Channel: "VOICE", Attributes: map[string]string{"tier": "gold"}})
	f.mustAPI("acceptContact", map[string]any{"contactId": id})
	f.w.SignIn("agent2")
	f.w.SetAgentState("agent2", "Available")
	qcs := f.api("getEndpoints", map[string]any{}).Data.(map[string]any)["endpoints"].([]endpointWire)
	var sup endpointWire
	for _, e := range qcs {
		if e.Type == "agent" {
			sup = e
		}
	}
	f.mustAPI("createAdditionalConnection", map[string]any{"contactId": id, "endpoint": sup})
	leg := f.connOfType(id, "outbound", 0)
	if leg.State != "connecting" || f.connOfType(id, "inbound", 0).State != "hold" {
		t.Fatalf("consult: leg %s customer %s", leg.State, f.connOfType(id, "inbound", 0).State)
	}
	a2 := f.w.State().Agents[1]
	if len(a2.Contacts) != 1 || a2.Contacts[0].TransferOf != id || a2.Contacts[0].State != "connecting" || a2.Contacts[0].Attributes["tier"] != "gold" {
		t.Fatalf("agent2 should be offered the transfer: %+v", a2.Contacts)
	}
	if err := f.w.AnswerFarEnd(id); err == nil {
		t.Fatalf("a transfer leg is answered by the target agent, not by the control API")
	}
	tid := a2.Contacts[0].ContactID
	raw, _ := json.Marshal(map[string]any{"contactId": tid})
	if r := f.w.API("agent2", "us-east-1", "acceptContact", raw); r.Err != nil {
		t.Fatal(r.Err)
	}
	if got := f.connOfType(id, "outbound", 0).State; got != "connected" {
		t.Fatalf("agent2 answered: agent1's third-party leg is %s, want connected", got)
	}
	// agent1 leaves: agent1 goes to ACW, agent2 keeps the customer.
	f.mustAPI("destroyConnection", map[string]any{"contactId": id, "connectionId": f.agentConn(id)})
	f.wantAgentState("AfterCallWork")
	if got := f.w.State().Agents[1].Contacts[0].State; got != "connected" {
		t.Fatalf("agent2's call after agent1 left: %s", got)
	}
	// The customer hangs up: agent2's call ends too.
	f.w.CustomerDisconnect(id)
	if got := f.w.State().Agents[1].Contacts[0].State; got != "ended" {
		t.Fatalf("agent2's call after the customer hung up: %s", got)
	}
}

func TestQueueQuickConnectTransferCancelled(t *testing.T) {
	f := newFixture(t)
	f.available()
	id := f.contact(NewContact{Channel: "VOICE"})
	f.mustAPI("acceptContact", map[string]any{"contactId": id})
	f.mustAPI("createAdditionalConnection", map[string]any{"contactId": id, "endpoint": map[string]any{"type": "queue", "name": "Sales queue"}})
	if q := f.w.State().Queued; len(q) != 1 || q[0].Queue != "Sales" || q[0].TransferOf != id {
		t.Fatalf("the transfer should wait in Sales: %+v", q)
	}
	leg := f.connOfType(id, "outbound", 0)
	f.mustAPI("destroyConnection", map[string]any{"contactId": id, "connectionId": leg.ConnectionID})
	if q := f.w.State().Queued; len(q) != 0 {
		t.Fatalf("cancelling the leg must withdraw the queued transfer: %+v", q)
	}
	if r := f.api("createAdditionalConnection", map[string]any{"contactId": id, "endpoint": map[string]any{"type": "queue", "name": "Nowhere"}}); r.Err == nil || r.Err.Type != "BadEndpointException" {
		t.Fatalf("unknown queue quick connect: %+v", r.Err)
	}
}
