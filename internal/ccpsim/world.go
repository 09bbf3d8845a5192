package ccpsim

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"sync"
	"time"
)

// World is the whole simulation: regional instances, agents, contacts, sessions and faults, under one lock.
// Every CCP page, the control API and tests read and change this one truth.
type World struct {
	mu      sync.Mutex
	cfg     Config
	clock   Clock
	regions []*region
	agents  map[string]*agent // by username
	order   []string          // agent usernames in config order
	inOrder []*agent          // their agents: routing passes over every agent without a map lookup each
	queue   []*contact        // waiting contacts, oldest first
	byID    map[string]*contact
	active  string // the traffic distribution group's active region
	// routeTimer is the pending routing run, if any.
	routeTimer Timer

	sessions map[string]string // token -> username
	faults   []*Fault
	requests []RequestRecord
	reqSeq   int64
	nextID   int64

	listeners map[int]func(Notice)
	nextLis   int
	pending   []Notice // notices produced under the lock, delivered after it

	media *mediaBook // the media rule (media.go), created on first use
}

type region struct {
	name       string
	instanceID string
}

func (r *region) arn(acct string) string {
	return fmt.Sprintf("arn:aws:connect:%s:%s:instance/%s", r.name, acct, r.instanceID)
}

// Notice tells a CCP connection that something about its agent changed.
type Notice struct {
	Agent string
	Kind  NoticeKind
	// For NoticeEvent: an upstream message to post as is (Region "" = every region's CCP).
	Region string
	Event  string
	Data   any
}

// NoticeKind says what a Notice carries.
type NoticeKind int

const (
	// NoticeUpdate: the agent's snapshot changed; send a fresh agent::update.
	NoticeUpdate NoticeKind = iota
	// NoticeSessionEnded: the agent's session expired; CCPs send auth_fail and go silent.
	NoticeSessionEnded
	// NoticeEvent: send Event/Data downstream to the agent's CCPs (Global Resiliency signals).
	NoticeEvent
	// NoticeFaults: faults changed (links may drop).
	NoticeFaults
	// NoticeSoftphoneError: the softphone hosted by one of the agent's CCP pages failed (Data: softphoneFailure).
	NoticeSoftphoneError
)

// RequestRecord is one Streams API request as a CCP received it.
type RequestRecord struct {
	Seq    int64     `json:"seq"`
	Time   time.Time `json:"time"`
	Region string    `json:"region"`
	Agent  string    `json:"agent"`
	Method string    `json:"method"`
	Params any       `json:"params"`
	Error  string    `json:"error,omitempty"`
}

const maxRequestRecords = 10000

// ErrNotFound is returned for an unknown agent, contact, connection or region.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when the request is valid but the simulation's state forbids it.
var ErrConflict = errors.New("conflict")

// NewWorld builds a simulation of cfg over the given regions (the first is active).
func NewWorld(cfg Config, regions []string, clock Clock) (*World, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if len(regions) == 0 {
		return nil, errors.New("at least one region is required")
	}
	if clock == nil {
		clock = realClock()
	}
	w := &World{cfg: cfg, clock: clock, sessions: map[string]string{}, listeners: map[int]func(Notice){}}
	seen := map[string]bool{}
	for _, name := range regions {
		if !validRegion(name) {
			return nil, fmt.Errorf("region %q: not an AWS region name such as us-east-1", name)
		}
		if seen[name] {
			return nil, fmt.Errorf("region %q listed twice", name)
		}
		seen[name] = true
		w.regions = append(w.regions, &region{name: name, instanceID: stableID("instance", name)})
	}
	w.active = regions[0]
	w.resetLocked()
	return w, nil
}

func validRegion(s string) bool {
	if len(s) < 6 || len(s) > 32 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// resetLocked rebuilds agents and contacts from the configuration. Sessions survive a reset.
func (w *World) resetLocked() {
	for _, c := range w.byID {
		c.stopTimers()
	}
	if w.routeTimer != nil {
		w.routeTimer.Stop()
		w.routeTimer = nil
	}
	w.agents = map[string]*agent{}
	w.order, w.inOrder = nil, nil
	w.queue = nil
	w.byID = map[string]*contact{}
	w.faults = nil
	now := w.clock.Now()
	for _, ac := range w.cfg.Agents {
		a := newAgent(ac, &w.cfg, now)
		a.activeRegion = w.active
		w.agents[a.username] = a
		w.order = append(w.order, a.username)
		w.inOrder = append(w.inOrder, a)
	}
}

// Reset returns the simulation to its initial state; signed-in agents stay signed in.
func (w *World) Reset() {
	w.do(func() error {
		w.active = w.regions[0].name
		w.resetLocked()
		w.requests = nil
		for _, u := range w.order {
			w.notifyLocked(Notice{Agent: u, Kind: NoticeUpdate})
		}
		w.notifyLocked(Notice{Kind: NoticeFaults})
		return nil
	})
}

// do runs f under the lock and then delivers the notices it produced, outside the lock.
func (w *World) do(f func() error) error {
	w.mu.Lock()
	err := f()
	pending := w.pending
	w.pending = nil
	lis := make([]func(Notice), 0, len(w.listeners))
	for _, l := range w.listeners {
		lis = append(lis, l)
	}
	w.mu.Unlock()
	for _, n := range pending {
		for _, l := range lis {
			l(n)
		}
	}
	return err
}

func (w *World) notifyLocked(n Notice) { w.pending = append(w.pending, n) }

// Listen registers f for every notice. f must not block or call back into the World synchronously.
func (w *World) Listen(f func(Notice)) (cancel func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	id := w.nextLis
	w.nextLis++
	w.listeners[id] = f
	return func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		delete(w.listeners, id)
	}
}

func (w *World) newID() string {
	w.nextID++
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (w *World) region(name string) *region {
	for _, r := range w.regions {
		if r.name == name {
			return r
		}
	}
	return nil
}

// Regions lists the region names, the active one first in configuration order.
func (w *World) Regions() []string {
	out := make([]string, len(w.regions))
	for i, r := range w.regions {
		out[i] = r.name
	}
	return out
}

// --- sessions ---

// SignIn starts a session for username and returns its secret token.
func (w *World) SignIn(username string) (string, error) {
	var tok string
	err := w.do(func() error {
		a := w.agents[username]
		if a == nil {
			return fmt.Errorf("agent %q: %w", username, ErrNotFound)
		}
		b := make([]byte, 24)
		_, _ = rand.Read(b)
		tok = hex.EncodeToString(b)
		w.sessions[tok] = username
		a.signedIn = true
		w.routeLocked()
		w.notifyLocked(Notice{Agent: username, Kind: NoticeUpdate})
		return nil
	})
	return tok, err
}

// SessionAgent returns the agent of a session token.
func (w *World) SessionAgent(token string) (string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, ok := w.sessions[token]
	return u, ok
}

// ExpireSession ends every session of username.
func (w *World) ExpireSession(username string) error {
	return w.do(func() error {
		a := w.agents[username]
		if a == nil {
			return fmt.Errorf("agent %q: %w", username, ErrNotFound)
		}
		for tok, u := range w.sessions {
			if u == username {
				delete(w.sessions, tok)
			}
		}
		a.signedIn = false
		w.notifyLocked(Notice{Agent: username, Kind: NoticeSessionEnded})
		return nil
	})
}

// --- requests log and faults ---

func (w *World) recordLocked(region, agent, method string, params any, apiErr *apiError) {
	w.reqSeq++
	r := RequestRecord{Seq: w.reqSeq, Time: w.clock.Now(), Region: region, Agent: agent, Method: method, Params: params}
	if apiErr != nil {
		r.Error = apiErr.Type + ": " + apiErr.Message
	}
	w.requests = append(w.requests, r)
	if len(w.requests) > maxRequestRecords {
		w.requests = append([]RequestRecord(nil), w.requests[len(w.requests)-maxRequestRecords:]...)
	}
}

// Requests returns the API requests recorded after sequence number since.
func (w *World) Requests(since int64) []RequestRecord {
	w.mu.Lock()
	defer w.mu.Unlock()
	i := sort.Search(len(w.requests), func(i int) bool { return w.requests[i].Seq > since })
	return append([]RequestRecord{}, w.requests[i:]...)
}

// Fault is an injected failure (see docs/ccpsim.md).
type Fault struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"`
	Method     string `json:"method,omitempty"`
	StatusCode int    `json:"statusCode,omitempty"`
	Type       string `json:"type,omitempty"`
	Message    string `json:"message,omitempty"`
	Count      int    `json:"count,omitempty"`
	Ms         int    `json:"ms,omitempty"`
	Region     string `json:"region,omitempty"`
	Origin     string `json:"origin,omitempty"`
	used       int
}

// Fault kinds.
const (
	FaultAPIError        = "api_error"
	FaultSnapshotLatency = "snapshot_latency"
	FaultDropLink        = "drop_link"
	FaultNoSyncAck       = "no_sync_ack"
	// FaultUnapprovedOrigin: the instance no longer approves Origin (every origin if empty), as
	// when an administrator did not add the app's origin to one instance of a GR pair.
	FaultUnapprovedOrigin = "unapproved_origin"
)

// AddFault validates and installs f, returning its id.
func (w *World) AddFault(f Fault) (string, error) {
	switch f.Kind {
	case FaultAPIError:
		if f.Method == "" {
			return "", fieldError("method", "required for api_error")
		}
		if f.StatusCode == 0 {
			f.StatusCode = 400
		}
		if f.StatusCode < 400 || f.StatusCode > 599 {
			return "", fieldError("statusCode", "must be 400..599")
		}
		if f.Type == "" {
			f.Type = "InvalidStateException"
		}
		if f.Message == "" {
			f.Message = "Injected by ccpsim"
		}
		if f.Count < 0 {
			return "", fieldError("count", "must be >= 0")
		}
	case FaultSnapshotLatency:
		if f.Ms <= 0 || f.Ms > 60000 {
			return "", fieldError("ms", "must be 1..60000")
		}
	case FaultDropLink, FaultNoSyncAck:
	case FaultUnapprovedOrigin:
		if f.Origin != "" && !validOrigin(f.Origin) {
			return "", fieldError("origin", "want scheme://host[:port]")
		}
	default:
		return "", fieldError("kind", "must be api_error, snapshot_latency, drop_link, no_sync_ack or unapproved_origin")
	}
	if f.Region != "" && w.region(f.Region) == nil {
		return "", fieldError("region", "unknown region "+f.Region)
	}
	var id string
	err := w.do(func() error {
		id = fmt.Sprintf("fault-%d", len(w.faults)+1)
		for w.faultByID(id) != nil {
			id += "x"
		}
		f.ID = id
		w.faults = append(w.faults, &f)
		w.notifyLocked(Notice{Kind: NoticeFaults})
		return nil
	})
	return id, err
}

// validOrigin accepts scheme://host[:port] with nothing after it.
func validOrigin(o string) bool {
	u, err := url.Parse(o)
	return err == nil && u.Scheme != "" && u.Host != "" && u.Scheme+"://"+u.Host == o
}

// OriginRefused reports whether an unapproved_origin fault makes region refuse origin.
func (w *World) OriginRefused(region, origin string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, f := range w.faults {
		if f.Kind == FaultUnapprovedOrigin && (f.Region == "" || f.Region == region) && (f.Origin == "" || f.Origin == origin) {
			return true
		}
	}
	return false
}

func (w *World) faultByID(id string) *Fault {
	for _, f := range w.faults {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// ClearFaults removes every fault.
func (w *World) ClearFaults() {
	w.do(func() error {
		w.faults = nil
		w.notifyLocked(Notice{Kind: NoticeFaults})
		return nil
	})
}

// Faults lists the installed faults.
func (w *World) Faults() []Fault {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]Fault, len(w.faults))
	for i, f := range w.faults {
		out[i] = *f
	}
	return out
}

// HasFault reports whether a fault of kind applies to region.
func (w *World) HasFault(kind, region string) (Fault, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, f := range w.faults {
		if f.Kind == kind && (f.Region == "" || f.Region == region) {
			return *f, true
		}
	}
	return Fault{}, false
}

// takeAPIFaultLocked consumes one use of an api_error fault for method, if any.
func (w *World) takeAPIFaultLocked(method, region string) *Fault {
	for i, f := range w.faults {
		if f.Kind != FaultAPIError || f.Method != method || (f.Region != "" && f.Region != region) {
			continue
		}
		f.used++
		if f.Count > 0 && f.used >= f.Count {
			w.faults = append(w.faults[:i], w.faults[i+1:]...)
		}
		return f
	}
	return nil
}

// FieldError is a bad request naming the offending field.
type FieldError struct{ Field, Why string }

func (e *FieldError) Error() string { return e.Field + ": " + e.Why }

func fieldError(field, why string) error { return &FieldError{Field: field, Why: why} }
