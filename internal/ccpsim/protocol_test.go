package ccpsim_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
	"github.com/ccpdesk/ccpdesk/internal/ccpsim/ccpsimtest"
)

// page speaks to ccpsim the way the CCP page's script does, so protocol rules are tested without a browser.
// (The browser conformance suite in e2e/ runs the real Streams library.)
type page struct {
	t      *testing.T
	ws     *websocket.Conn
	in     chan msg
	closed chan error
}

const testParent = "http://127.0.0.1:1"

func signIn(t *testing.T, srv *ccpsim.Server, region string) string {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(srv.Info().SignInURLs[region] + "?username=agent1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	page, err := c.Get(srv.Info().CCPURLs[region])
	if err != nil {
		t.Fatal(err)
	}
	defer page.Body.Close()
	buf := make([]byte, 64<<10)
	n, _ := page.Body.Read(buf)
	m := regexp.MustCompile(`"socket":"([^"]+)"`).FindSubmatch(buf[:n])
	if m == nil {
		t.Fatalf("signed-in CCP page has no socket URL: %s", buf[:n])
	}
	return strings.ReplaceAll(string(m[1]), `\u0026`, "&")
}

func openPage(t *testing.T, srv *ccpsim.Server, region, socket, parent string) *page {
	t.Helper()
	u, _ := url.Parse(srv.Info().CCPURLs[region])
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws://"+u.Host+socket, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.CloseNow() })
	p := &page{t: t, ws: ws, in: make(chan msg, 4096), closed: make(chan error, 1)}
	// One reader for the page's life: a Read with a deadline would close the socket.
	go func() {
		for {
			_, raw, err := ws.Read(context.Background())
			if err != nil {
				p.closed <- err
				return
			}
			// A frame is one message or, under load, a JSON array of them.
			var batch []msg
			if json.Unmarshal(raw, &batch) != nil {
				var m msg
				json.Unmarshal(raw, &m)
				batch = []msg{m}
			}
			for _, m := range batch {
				p.in <- m
			}
		}
	}()
	// The hello. A server that refuses the page (unapproved parent, expired session) may close the socket
	// before this write lands; then the write fails and the close status, not the write error, is the result.
	hello, _ := json.Marshal(map[string]any{"parentOrigin": parent})
	if err := ws.Write(context.Background(), websocket.MessageText, hello); err != nil {
		select {
		case cerr := <-p.closed:
			if websocket.CloseStatus(cerr) == -1 {
				t.Fatalf("hello: %v; socket closed: %v", err, cerr)
			}
			p.closed <- cerr // for closeCode
		case <-time.After(3 * time.Second):
			t.Fatalf("hello: %v", err)
		}
	}
	return p
}

func (p *page) send(v any) {
	p.t.Helper()
	b, _ := json.Marshal(v)
	if err := p.ws.Write(context.Background(), websocket.MessageText, b); err != nil {
		p.t.Fatal(err)
	}
}

func (p *page) post(event string, data any) { p.send(map[string]any{"event": event, "data": data}) }

type msg struct {
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
}

// next reads messages until one matches event, failing after a timeout; skip lists events to ignore.
func (p *page) next(event string) msg {
	p.t.Helper()
	timeout := time.After(3 * time.Second)
	var seen []string
	for {
		select {
		case m := <-p.in:
			if m.Event == event {
				return m
			}
			seen = append(seen, m.Event)
		case err := <-p.closed:
			// select picks at random among ready cases: take what the reader queued before the close first.
			for drained := false; !drained; {
				select {
				case m := <-p.in:
					if m.Event == event {
						p.closed <- err // for closeCode
						return m
					}
					seen = append(seen, m.Event)
				default:
					drained = true
				}
			}
			p.t.Fatalf("waiting for %s: closed: %v; saw %v", event, err, seen)
		case <-timeout:
			p.t.Fatalf("waiting for %s: timeout; saw %v", event, seen)
		}
	}
}

// closeCode waits for the server to close the socket and returns the close status.
func (p *page) closeCode() websocket.StatusCode {
	p.t.Helper()
	timeout := time.After(3 * time.Second)
	for {
		select {
		case <-p.in:
		case err := <-p.closed:
			return websocket.CloseStatus(err)
		case <-timeout:
			p.t.Fatal("socket not closed")
		}
	}
}

// events reads every message for d and returns their event names.
func (p *page) events(d time.Duration) []string {
	timeout := time.After(d)
	var out []string
	for {
		select {
		case m := <-p.in:
			out = append(out, m.Event)
		case <-timeout:
			return out
		}
	}
}

func TestHandshakeAndAPIOrder(t *testing.T) {
	srv := ccpsimtest.NewServer(t, func(o *ccpsim.Options) { o.ApprovedOrigins = []string{testParent} })
	p := openPage(t, srv, "us-east-1", signIn(t, srv, "us-east-1"), testParent)
	var ack struct{ ID string }
	json.Unmarshal(p.next("acknowledge").Data, &ack)
	if !strings.HasPrefix(ack.ID, "ccpsim-") {
		t.Fatalf("first ACK must carry {id}: %+v", ack)
	}
	p.next("update_connected_ccps")
	p.post("outer_context_info", map[string]any{"streamsVersion": "2.28.1"})
	up := p.next("agent::update")
	if !strings.Contains(string(up.Data), `"snapshotTimestamp":{"$date":`) || !strings.Contains(string(up.Data), `"configuration"`) {
		t.Fatalf("agent::update: %s", up.Data)
	}
	p.post("synchronize", nil)
	if m := p.next("acknowledge"); len(m.Data) != 0 {
		t.Fatalf("keepalive ACK carries no data, got %s", m.Data)
	}
	// An API call that changes state: its answer comes before the agent::update it causes.
	srv.World().SetAgentState("agent1", "Offline")
	p.events(200 * time.Millisecond)
	var arn string
	data, _ := srv.World().AgentData("agent1", "us-east-1")
	b, _ := json.Marshal(data)
	arn = regexp.MustCompile(`"agentStateARN":"([^"]+/agent-state/[^"]+)","type":"routable"`).FindStringSubmatch(string(b))[1]
	p.post("api_request", map[string]any{"event": "api_request", "requestId": "r1", "method": "putAgentState",
		"params": map[string]any{"state": map[string]any{"agentStateARN": arn, "type": "routable", "name": "Available"}, "enqueueNextState": false}})
	var order []string
	for _, e := range p.events(500 * time.Millisecond) {
		if e == "api_response" || e == "agent::update" {
			order = append(order, e)
		}
	}
	if len(order) < 2 || order[0] != "api_response" || order[1] != "agent::update" {
		t.Fatalf("order: %v, want api_response then agent::update", order)
	}
	// Broadcasts are echoed (onAccepted relies on it); telemetry is not.
	p.post("broadcast", map[string]any{"event": "contact::accepted", "data": map[string]any{"contactId": "c1"}})
	p.next("contact::accepted")
	// An error answer has the worker's shape: err is a JSON string.
	p.post("api_request", map[string]any{"event": "api_request", "requestId": "r2", "method": "acceptContact", "params": map[string]any{"contactId": "nope"}})
	var resp struct {
		RequestID string  `json:"requestId"`
		Err       *string `json:"err"`
	}
	resp2 := p.next("api_response").Data
	json.Unmarshal(resp2, &resp)
	if resp.RequestID != "r2" || resp.Err == nil || !strings.Contains(*resp.Err, `"type":"InvalidStateException"`) {
		t.Fatalf("error answer: %+v (%s)", resp, resp2)
	}
	// configure is echoed as configuration::configure.
	p.post("configure", map[string]any{"softphone": map[string]any{"allowFramedSoftphone": true}})
	p.next("configuration::configure")
	p.post("broadcast", map[string]any{"event": "mute", "data": map[string]any{"mute": true}})
	p.next("agent::mute_toggle")
	if !srv.World().State().Agents[0].Muted {
		t.Fatalf("mute not recorded")
	}
}

func TestGlobalResiliencyHandshakeAndSuppression(t *testing.T) {
	srv := ccpsimtest.NewServer(t, func(o *ccpsim.Options) { o.ApprovedOrigins = []string{testParent} })
	sock := signIn(t, srv, "us-east-1")
	east := openPage(t, srv, "us-east-1", sock, testParent)
	west := openPage(t, srv, "us-west-2", sock, testParent)
	for _, p := range []*page{east, west} {
		p.next("acknowledge")
		p.post("globalResiliency::validate_global_signin", nil)
		p.next("globalResiliency::global_signin_valid")
	}
	var init struct{ InstanceRegion, InstanceState, ActiveRegion string }
	json.Unmarshal(west.next("globalResiliency::init").Data, &init)
	if init != (struct{ InstanceRegion, InstanceState, ActiveRegion string }{"us-west-2", "inactive", "us-east-1"}) {
		t.Fatalf("west init: %+v", init)
	}
	east.post("globalResiliency::configure_ccp_conduit", map[string]any{"instanceState": "active"})
	west.post("globalResiliency::configure_ccp_conduit", map[string]any{"instanceState": "inactive"})
	east.post("agent::fetch_agent_data_from_ccp", nil)
	east.next("agent::fetch_agent_data_from_ccp")
	srv.World().SetAgentState("agent1", "Available")
	for _, e := range west.events(400 * time.Millisecond) {
		if !strings.HasPrefix(e, "globalResiliency::") && e != "acknowledge" && e != "log" {
			t.Fatalf("inactive CCP sent %q", e)
		}
	}
	// Failover with no contact: detected, initiated from the active CCP.
	srv.World().SetActiveRegion("us-west-2")
	east.next("globalResiliency::failover_detected")
	var fi struct{ ActiveRegion string }
	json.Unmarshal(east.next("globalResiliency::failover_initiated").Data, &fi)
	if fi.ActiveRegion != "us-west-2" {
		t.Fatalf("failover_initiated: %+v", fi)
	}
	// Streams then switches conduits and fetches from the new active CCP.
	west.post("agent::fetch_agent_data_from_ccp", nil)
	reply := west.next("agent::fetch_agent_data_from_ccp")
	if !strings.Contains(string(reply.Data), "us-west-2") {
		t.Fatalf("fetch reply should carry the us-west-2 instance's data")
	}
	west.next("agent::update")
}

func TestSessionExpiryAndUnapprovedParent(t *testing.T) {
	srv := ccpsimtest.NewServer(t, func(o *ccpsim.Options) { o.ApprovedOrigins = []string{testParent} })
	sock := signIn(t, srv, "us-east-1")
	bad := openPage(t, srv, "us-east-1", sock, "http://127.0.0.1:2")
	if code := bad.closeCode(); code != 4403 {
		t.Fatalf("unapproved parent: got close %v, want 4403", code)
	}
	p := openPage(t, srv, "us-east-1", sock, testParent)
	p.next("acknowledge")
	srv.World().ExpireSession("agent1")
	p.next("auth_fail")
	if code := p.closeCode(); code != 4401 {
		t.Fatalf("after expiry: got close %v, want 4401", code)
	}
	// A new page with the old session gets no ACK: the server closes it as unauthorized.
	again := openPage(t, srv, "us-east-1", sock, testParent)
	if code := again.closeCode(); code != 4401 {
		t.Fatalf("reconnect after expiry: got close %v, want 4401", code)
	}
}

func TestDropLinkFault(t *testing.T) {
	srv := ccpsimtest.NewServer(t, func(o *ccpsim.Options) { o.ApprovedOrigins = []string{testParent} })
	sock := signIn(t, srv, "us-east-1")
	p := openPage(t, srv, "us-east-1", sock, testParent)
	p.next("acknowledge")
	if _, err := srv.World().AddFault(ccpsim.Fault{Kind: ccpsim.FaultDropLink, Region: "us-east-1"}); err != nil {
		t.Fatal(err)
	}
	if code := p.closeCode(); code != websocket.StatusServiceRestart {
		t.Fatalf("drop_link: got close %v, want service restart", code)
	}
	u, _ := url.Parse(srv.Info().CCPURLs["us-east-1"])
	if _, resp, err := websocket.Dial(context.Background(), "ws://"+u.Host+sock, nil); err == nil || resp == nil || resp.StatusCode != 503 {
		t.Fatalf("reconnect during drop_link: want 503, got %v", err)
	}
	srv.World().ClearFaults()
	q := openPage(t, srv, "us-east-1", sock, testParent)
	q.next("acknowledge")
}
