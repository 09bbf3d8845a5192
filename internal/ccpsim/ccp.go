package ccpsim

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

//go:embed assets/ccp.html
var ccpPageHTML string

//go:embed assets/ccp.js
var ccpPageJS []byte

var ccpPage = template.Must(template.New("ccp").Parse(ccpPageHTML))

const (
	closeGoingAway      = websocket.StatusGoingAway
	closeServiceRestart = websocket.StatusServiceRestart
	// closeUnauthorized tells the page its session is over: stay silent, do not reconnect.
	closeUnauthorized websocket.StatusCode = 4401
	// closeForbidden: the parent origin is not approved.
	closeForbidden websocket.StatusCode = 4403

	// maxFrameBytes bounds one message from a page; Streams' largest upstream messages are a few KB.
	maxFrameBytes = 1 << 20
	// snapshotRefresh is the real worker's long-poll period: agent::update at least this often.
	snapshotRefresh = 30 * time.Second
)

// regionHandler serves one instance's origin: the CCP page, its socket and the sign-in pages.
func (s *Server) regionHandler(regionName string) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ccp-v2/{$}", func(w http.ResponseWriter, r *http.Request) { s.serveCCP(w, r, regionName) })
	mux.HandleFunc("GET /ccp-v2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ccp-v2/", http.StatusFound) })
	mux.HandleFunc("GET /ccp-v2/ccpsim.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(ccpPageJS)
	})
	mux.HandleFunc("GET /ccp-v2/socket", func(w http.ResponseWriter, r *http.Request) { s.serveSocket(w, r, regionName) })
	mux.HandleFunc("GET /auth/sign-in", func(w http.ResponseWriter, r *http.Request) { s.serveSignIn(w, r, regionName) })
	mux.HandleFunc("POST /auth/sign-in", func(w http.ResponseWriter, r *http.Request) { s.serveSignIn(w, r, regionName) })
	mux.HandleFunc("GET /auth/sign-out", s.serveSignOut)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ccpsim instance " + regionName + ": the CCP is at /ccp-v2/, sign in at /auth/sign-in\n"))
	})
	return mux
}

type ccpPageData struct {
	Region   string
	Config   template.JS // JSON for the page script (trusted: we marshal it)
	Approved string
}

func (s *Server) serveCCP(w http.ResponseWriter, r *http.Request, regionName string) {
	// Connect refuses to be framed by an origin that is not approved; so does ccpsim.
	fa := []string{}
	for _, o := range s.approvedList() {
		if !s.world.OriginRefused(regionName, o) {
			fa = append(fa, o)
		}
	}
	sort.Strings(fa)
	csp := "frame-ancestors " + strings.Join(fa, " ")
	if len(fa) == 0 {
		csp = "frame-ancestors 'none'"
	}
	w.Header().Set("Content-Security-Policy", csp)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	token := s.sessionToken(r)
	cfg := map[string]any{
		"region":   regionName,
		"signedIn": token != "",
		"approved": fa,
	}
	if token != "" {
		cfg["socket"] = "/ccp-v2/socket?session=" + url.QueryEscape(token)
	}
	b, _ := json.Marshal(cfg)
	var buf bytes.Buffer
	if err := ccpPage.Execute(&buf, ccpPageData{Region: regionName, Config: template.JS(b)}); err != nil {
		http.Error(w, "template: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(buf.Bytes())
}

// sessionToken returns the request's valid session token, or "".
func (s *Server) sessionToken(r *http.Request) string {
	for _, name := range []string{s.cookieName(), s.cookieName() + "_x"} {
		if c, err := r.Cookie(name); err == nil {
			if _, ok := s.world.SessionAgent(c.Value); ok {
				return c.Value
			}
		}
	}
	return ""
}

// --- the CCP page's socket ---

// pageHello is the first frame a CCP page sends: who framed it, and its state if it is reconnecting.
type pageHello struct {
	ParentOrigin string `json:"parentOrigin"`
	PortID       string `json:"portId"`
	Mode         string `json:"mode"`
	Active       bool   `json:"active"`
	Softphone    bool   `json:"allowFramedSoftphone"`
}

type ccpConn struct {
	s      *Server
	region string
	agent  string
	ws     *websocket.Conn
	ctx    context.Context
	cancel context.CancelFunc

	out   chan []byte
	dirty chan struct{}

	mu             sync.Mutex
	port           string
	mode           string // "" until known, "classic" or "gr"
	active         bool
	softphone      bool
	parentOrigin   string
	streamsVersion string
	closed         atomic.Bool
	logLine        int
	// While this page's API request is handled, snapshot pushes wait until its answer is queued: Streams
	// gets the api_response before the agent::update the call caused, as from Connect.
	inAPI      atomic.Bool
	dirtyLater atomic.Bool
}

func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request, regionName string) {
	if _, drop := s.world.HasFault(FaultDropLink, regionName); drop {
		http.Error(w, "link dropped (fault)", http.StatusServiceUnavailable)
		return
	}
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: []string{r.Host}})
	if err != nil {
		return
	}
	ws.SetReadLimit(maxFrameBytes)
	agentName, ok := s.world.SessionAgent(r.URL.Query().Get("session"))
	if !ok {
		ws.Close(closeUnauthorized, "not signed in")
		return
	}
	ctx, cancel := context.WithCancel(s.ctx)
	c := &ccpConn{s: s, region: regionName, agent: agentName, ws: ws, ctx: ctx, cancel: cancel,
		out: make(chan []byte, 1024), dirty: make(chan struct{}, 1)}
	defer cancel()
	hctx, hcancel := context.WithTimeout(ctx, 10*time.Second)
	_, raw, err := ws.Read(hctx)
	hcancel()
	var hello pageHello
	if err != nil || json.Unmarshal(raw, &hello) != nil {
		ws.Close(websocket.StatusPolicyViolation, "expected hello")
		return
	}
	if !s.approved[hello.ParentOrigin] || s.world.OriginRefused(regionName, hello.ParentOrigin) {
		s.log.Warn().Str("region", regionName).Str("parent_origin", hello.ParentOrigin).Msg("CCP framed by an unapproved origin")
		ws.Close(closeForbidden, "origin not approved")
		return
	}
	c.parentOrigin = hello.ParentOrigin
	resumed := hello.PortID != ""
	if resumed && len(hello.PortID) <= 64 {
		c.port, c.mode, c.active, c.softphone = hello.PortID, hello.Mode, hello.Active, hello.Softphone
		if c.mode != "gr" && c.mode != "classic" {
			c.mode = ""
		}
	} else {
		c.port = "ccpsim-" + s.world.newPortID()
	}
	s.track(c, true)
	mediaToken := s.world.MediaPortOpened(c.agent, c.port, c.region, c.parentOrigin, c.softphone)
	defer func() {
		s.track(c, false)
		c.closed.Store(true)
		s.world.MediaPortClosed(c.agent, c.port, mediaToken)
	}()
	go c.writer()
	if !resumed {
		c.send("acknowledge", map[string]any{"id": c.port})
		n := 0
		for _, o := range s.connsOf(c.agent) {
			if o.region == c.region {
				n++
			}
		}
		c.send("update_connected_ccps", map[string]any{"length": n})
	} else {
		c.markDirty()
	}
	c.reader()
}

func (w *World) newPortID() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.newID()
}

func (c *ccpConn) view() CCPConnection {
	c.mu.Lock()
	defer c.mu.Unlock()
	state := "active"
	if c.mode == "gr" && !c.active {
		state = "inactive"
	}
	return CCPConnection{Region: c.region, Agent: c.agent, PortID: c.port, ParentOrigin: c.parentOrigin,
		StreamsVersion: c.streamsVersion, GlobalRes: c.mode == "gr", InstanceState: state}
}

func (c *ccpConn) close(code websocket.StatusCode, why string) {
	if c.closed.Swap(true) {
		return
	}
	c.ws.Close(code, why)
	c.cancel()
}

func (c *ccpConn) markDirty() {
	if c.inAPI.Load() {
		c.dirtyLater.Store(true)
		return
	}
	select {
	case c.dirty <- struct{}{}:
	default:
	}
}

// inactiveAllowed are the only events a Global Resiliency CCP sends while inactive (protocol §6.5).
func inactiveAllowed(event string) bool {
	if strings.HasPrefix(event, "globalResiliency::") {
		return true
	}
	switch event {
	case "configure", "synchronize", "acknowledge", "log", "server_bound_internal_log", "download_log_from_ccp", "agent::fetch_agent_data_from_ccp":
		return true
	}
	return false
}

// send queues a downstream message for the page to post to the parent.
func (c *ccpConn) send(event string, data any) {
	c.mu.Lock()
	suppressed := c.mode == "gr" && !c.active && !inactiveAllowed(event)
	c.mu.Unlock()
	if suppressed {
		return
	}
	b, err := json.Marshal(downstream{Data: data, Event: event})
	if err != nil {
		c.s.log.Error().Err(err).Str("event", event).Msg("encode downstream message")
		return
	}
	select {
	case c.out <- b:
	default:
		// A page that cannot keep up with 1024 messages is gone; Streams would lose the port too.
		c.close(websocket.StatusTryAgainLater, "page too slow")
	}
}

func (c *ccpConn) writer() {
	refresh := time.NewTicker(snapshotRefresh)
	defer refresh.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case b := <-c.out:
			if !c.writeBatch(b) {
				return
			}
		case <-c.dirty:
			// Messages queued before the change (an API answer) go first.
			if len(c.out) > 0 && !c.writeBatch(<-c.out) {
				return
			}
			c.pushSnapshot("agent::update")
		case <-refresh.C:
			c.pushSnapshot("agent::update")
		}
	}
}

// maxBatch bounds how many queued messages share one frame.
const maxBatch = 64

// writeBatch writes first and whatever else is already queued as one frame: a JSON array when there is
// more than one message (the page posts them in order). Under load this saves a syscall per message.
func (c *ccpConn) writeBatch(first []byte) bool {
	frame := first
	if n := min(len(c.out), maxBatch-1); n > 0 {
		buf := make([]byte, 0, len(first)*(n+1))
		buf = append(append(buf, '['), first...)
		for ; n > 0; n-- {
			buf = append(append(buf, ','), <-c.out...)
		}
		frame = append(buf, ']')
	}
	wctx, cancel := context.WithTimeout(c.ctx, 10*time.Second)
	err := c.ws.Write(wctx, websocket.MessageText, frame)
	cancel()
	if err != nil {
		c.close(websocket.StatusInternalError, "write failed")
		return false
	}
	return true
}

// pushSnapshot sends the agent's data under event (agent::update, or the GR fetch reply).
func (c *ccpConn) pushSnapshot(event string) {
	c.mu.Lock()
	known := c.mode != ""
	c.mu.Unlock()
	if !known && event == "agent::update" {
		return // wait until we know whether the parent runs Global Resiliency
	}
	if f, slow := c.s.world.HasFault(FaultSnapshotLatency, c.region); slow {
		select {
		case <-time.After(time.Duration(f.Ms) * time.Millisecond):
		case <-c.ctx.Done():
			return
		}
	}
	data, err := c.s.world.AgentData(c.agent, c.region)
	if err != nil {
		return
	}
	d, ok := data.(agentData)
	if !ok {
		c.send(event, data)
		return
	}
	// The snapshot goes out twice, in the update and in the log line: encode it once.
	snap, err := json.Marshal(d.Snapshot)
	if err != nil {
		c.s.log.Error().Err(err).Msg("encode snapshot")
		return
	}
	c.send(event, rawAgentData{Snapshot: snap, Configuration: d.Configuration})
	// The real worker logs the raw snapshot response; the AWS CCP Log Parser reads objects[i].snapshot.
	c.log("TRACE", "GET_AGENT_SNAPSHOT succeeded.", map[string]any{"snapshot": json.RawMessage(snap)})
}

// log forwards a CCP log line to the parent, in Streams' LogEntry shape (protocol §7).
func (c *ccpConn) log(level, text string, obj any) {
	c.mu.Lock()
	c.logLine++
	line := c.logLine
	c.mu.Unlock()
	objects := []any{}
	if obj != nil {
		objects = append(objects, obj)
	}
	c.send("log", logWire{
		Component: "ccp", Level: level, Text: text, Time: wt(c.s.world.clock.Now()),
		Objects: objects, Line: line,
		AgentResourceID: c.s.world.AgentResourceID(c.agent, c.region),
		LoggerID:        "ccpsim-" + c.region + "-" + c.port, ContextLayer: "SharedWorker",
	})
}

// downstream and logWire are structs rather than maps because they are encoded for every message (maps
// sort their keys on each encoding); fields in key order, so the JSON is the one the maps gave.
type downstream struct {
	Data  any    `json:"data,omitempty"`
	Event string `json:"event"`
}

type logWire struct {
	AgentResourceID string    `json:"agentResourceId"`
	Component       string    `json:"component"`
	ContextLayer    string    `json:"contextLayer"`
	Exception       any       `json:"exception"`
	Level           string    `json:"level"`
	Line            int       `json:"line"`
	LoggerID        string    `json:"loggerId"`
	Objects         []any     `json:"objects"`
	TabID           any       `json:"tabId"`
	Text            string    `json:"text"`
	Time            *wireTime `json:"time"`
}

func (c *ccpConn) sessionEnded() {
	c.mu.Lock()
	c.mode = "classic" // auth_fail must get through even from an inactive GR CCP's point of view
	c.active = true
	c.mu.Unlock()
	c.send("auth_fail", nil)
	// Let the writer flush auth_fail before the socket goes.
	go func() {
		time.Sleep(200 * time.Millisecond)
		c.close(closeUnauthorized, "session expired")
	}()
}

func (c *ccpConn) grEvent(event string, data any) {
	c.mu.Lock()
	gr := c.mode == "gr"
	c.mu.Unlock()
	if gr {
		c.send(event, data)
	}
}

// upstream is a message the parent posted to the CCP.
type upstream struct {
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
}

func (c *ccpConn) reader() {
	for {
		_, raw, err := c.ws.Read(c.ctx)
		if err != nil {
			c.close(websocket.StatusNormalClosure, "")
			c.s.world.ReleasePort(c.agent, c.port)
			return
		}
		var m upstream
		if json.Unmarshal(raw, &m) != nil || m.Event == "" {
			continue // Streams ignores messages without an event; so does the CCP
		}
		c.handle(m)
	}
}

func (c *ccpConn) handle(m upstream) {
	w := c.s.world
	switch m.Event {
	case "synchronize":
		if _, ok := w.HasFault(FaultNoSyncAck, c.region); !ok {
			c.send("acknowledge", nil)
		}
	case "globalResiliency::validate_global_signin":
		c.setMode("gr")
		c.send("globalResiliency::global_signin_valid", map[string]any{"message": "Global sign-in is valid"})
		active, pending, err := w.AgentRegion(c.agent)
		if err != nil {
			return
		}
		state := "inactive"
		if active == c.region {
			state = "active"
		}
		c.send("globalResiliency::init", map[string]any{"instanceRegion": c.region, "instanceState": state, "activeRegion": active})
		if pending != "" && state == "active" {
			// The page was reloaded during a pending failover: tell Streams again.
			c.send("globalResiliency::failover_pending", map[string]any{"activeRegion": pending})
		}
	case "globalResiliency::configure_ccp_conduit":
		var d struct {
			InstanceState string `json:"instanceState"`
		}
		json.Unmarshal(m.Data, &d)
		c.mu.Lock()
		c.mode = "gr"
		c.active = d.InstanceState == "active"
		c.mu.Unlock()
	case "agent::fetch_agent_data_from_ccp":
		c.mu.Lock()
		c.mode, c.active = "gr", true
		c.mu.Unlock()
		c.pushSnapshot("agent::fetch_agent_data_from_ccp")
		c.markDirty() // the following agent::update is what completes a failover in Streams
	case "globalResiliency::force_failover":
		w.do(func() error {
			if a := w.agents[c.agent]; a != nil && a.failoverTo != "" {
				w.completeFailoverLocked(a)
				w.routeLocked()
			}
			return nil
		})
	case "configure":
		var d struct {
			Softphone struct {
				AllowFramedSoftphone bool `json:"allowFramedSoftphone"`
			} `json:"softphone"`
			EnableGlobalResiliency bool `json:"enableGlobalResiliency"`
		}
		json.Unmarshal(m.Data, &d)
		c.mu.Lock()
		c.softphone = d.Softphone.AllowFramedSoftphone
		c.mu.Unlock()
		w.MediaPortFramed(c.agent, c.port, d.Softphone.AllowFramedSoftphone)
		if d.EnableGlobalResiliency {
			c.setMode("gr")
		} else {
			c.setMode("classic")
		}
		c.send("configuration::configure", json.RawMessage(m.Data))
	case "outer_context_info":
		var d struct {
			StreamsVersion string `json:"streamsVersion"`
		}
		json.Unmarshal(m.Data, &d)
		c.mu.Lock()
		c.streamsVersion = d.StreamsVersion
		c.mu.Unlock()
		c.setMode("classic")
	case "api_request":
		c.setMode("classic")
		c.handleAPI(m.Data)
	case "master_request":
		var d struct {
			RequestID string `json:"requestId"`
			Method    string `json:"method"`
			Params    struct {
				Topic    string `json:"topic"`
				NoBecome bool   `json:"shouldNotBecomeMasterIfNone"`
			} `json:"params"`
		}
		if json.Unmarshal(m.Data, &d) != nil {
			return
		}
		res, err := w.Master(c.agent, d.Method, d.Params.Topic, c.port, d.Params.NoBecome)
		if d.Params.Topic == softphoneTopic {
			w.MediaRecheck(c.agent)
		}
		resp := map[string]any{"event": "master_response", "requestId": d.RequestID, "data": res, "err": nil}
		if err != nil {
			resp["data"], resp["err"] = nil, err.Error()
		}
		c.send("master_response", resp)
	case "broadcast":
		var d struct {
			Event string          `json:"event"`
			Data  json.RawMessage `json:"data"`
		}
		if json.Unmarshal(m.Data, &d) != nil || d.Event == "" {
			return
		}
		switch d.Event {
		case "log", "server_bound_internal_log", "client_metric", "softphone_stats", "softphone_report", "click_stream_data":
			return // telemetry: the real worker ships it to AWS; nobody relies on its echo
		}
		var payload any
		if len(d.Data) > 0 {
			payload = json.RawMessage(d.Data)
		}
		for _, o := range c.s.connsOf(c.agent) {
			if o.region == c.region {
				o.send(d.Event, payload)
			}
		}
		if d.Event == "mute" {
			c.mute(d.Data)
		}
	case "reload_agent_configuration":
		c.markDirty()
	case "download_log_from_ccp", "media_device_request":
		// The page answers these itself: it holds the CCP's Logger buffer (with the worker's local fields)
		// and is the frame whose media devices the parent asks for.
	case "request_configure", "iframe_style", "webSocket::subscribe", "webSocket::send",
		"globalResiliency::failover_complete", "globalResiliency::failover_pending", "globalResiliency::failover_initiated",
		"globalResiliency::heartbeat_syn", "globalResiliency::heartbeat_ack", "connection::ready_to_start_session",
		"disasterRecovery::init_disaster_recovery":
		// Accepted and not needed by the emulation.
	}
}

// mute: the CCP holding the agent's media (the media rule, media.go) answers mute broadcasts, from
// whichever of the agent's CCPs they come: a signalling CCP can mute the media CCP's session.
func (c *ccpConn) mute(raw json.RawMessage) {
	if !c.s.world.HasMediaOwner(c.agent) {
		return
	}
	var d struct {
		Mute *bool `json:"mute"`
	}
	json.Unmarshal(raw, &d)
	if d.Mute == nil {
		return // a resync request from initSoftphoneManager: nothing changes
	}
	c.s.world.SetMuted(c.agent, *d.Mute)
	for _, o := range c.s.connsOf(c.agent) {
		if o.region == c.region {
			o.send("agent::mute_toggle", map[string]any{"muted": *d.Mute})
		}
	}
}

func (c *ccpConn) setMode(mode string) {
	c.mu.Lock()
	changed := c.mode == ""
	if changed {
		c.mode = mode
		c.active = mode == "classic"
	}
	c.mu.Unlock()
	if changed && mode == "classic" {
		c.markDirty()
	}
}

// apiProxyMethods are answered by the CCP itself in a different shape (protocol §3.2).
var apiProxyMethods = map[string]bool{"qrIntegrationExists": true, "qrSearchQuickResponses": true, "startScreenSharing": true}

func (c *ccpConn) handleAPI(raw json.RawMessage) {
	var d struct {
		RequestID string          `json:"requestId"`
		Method    string          `json:"method"`
		Params    json.RawMessage `json:"params"`
	}
	if json.Unmarshal(raw, &d) != nil || d.RequestID == "" {
		return
	}
	if apiProxyMethods[d.Method] {
		if d.Method == "qrIntegrationExists" {
			c.send("api_response", map[string]any{"requestId": d.RequestID, "data": false})
			return
		}
		c.send("api_response", map[string]any{"requestId": d.RequestID, "err": map[string]any{"message": d.Method + " is not emulated"}})
		return
	}
	c.log("INFO", "AWSClient: --> Calling operation '"+d.Method+"'", nil)
	start := time.Now()
	c.inAPI.Store(true)
	defer func() {
		c.inAPI.Store(false)
		if c.dirtyLater.Swap(false) {
			c.markDirty()
		}
	}()
	res := c.s.world.API(c.agent, c.region, d.Method, d.Params)
	if res.Unauthorized {
		c.log("ERROR", "AWSClient: <-- Operation '"+d.Method+"' failed: {\"statusCode\":401}", nil)
		c.send("auth_fail", map[string]any{"authorize": true})
		return
	}
	if res.Err != nil {
		c.log("ERROR", "AWSClient: <-- Operation '"+d.Method+"' failed: "+res.Err.wire(), nil)
	} else {
		c.log("TRACE", "AWSClient: <-- Operation '"+d.Method+"' succeeded.", nil)
	}
	c.send("api_response", map[string]any{"event": "api_response", "requestId": d.RequestID, "data": res.Data, "err": res.ErrorJSON()})
	c.send("api_metric", map[string]any{"name": d.Method, "time": time.Since(start).Milliseconds(), "error": boolInt(res.Err != nil), "error5xx": 0, "fault": 0, "dimensions": []any{}, "optionalDimensions": []any{}})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
