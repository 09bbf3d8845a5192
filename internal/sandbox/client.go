package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client calls ccpsim's control API (docs/ccpsim.md).
type Client struct {
	base string
	http *http.Client
}

// NewClient returns a client for the control API at base. hc may be nil.
func NewClient(base string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	return &Client{base: strings.TrimRight(base, "/"), http: hc}
}

// ControlError is an error answer of the control API.
type ControlError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (e *ControlError) Error() string {
	s := fmt.Sprintf("ccpsim %d %s: %s", e.Status, e.Code, e.Message)
	if e.Field != "" {
		s += " (field " + e.Field + ")"
	}
	return s
}

// Channels accepted by MakeContact.
var Channels = []string{"VOICE", "CHAT", "TASK"}

// ContactRequest asks ccpsim to make a contact arrive.
type ContactRequest struct {
	Channel    string            `json:"channel"`
	From       string            `json:"from,omitempty"`
	Queue      string            `json:"queue,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Region     string            `json:"region,omitempty"`
	Callback   bool              `json:"callback,omitempty"`
	Name       string            `json:"name,omitempty"`
}

// ErrBadRequest is returned for a request refused before it is sent.
var ErrBadRequest = errors.New("bad request")

// MakeContact makes a contact arrive and returns its id.
func (c *Client) MakeContact(ctx context.Context, req ContactRequest) (string, error) {
	req.Channel = strings.ToUpper(req.Channel)
	ok := false
	for _, ch := range Channels {
		ok = ok || ch == req.Channel
	}
	if !ok {
		return "", fmt.Errorf("make contact: channel %q is not one of %v: %w", req.Channel, Channels, ErrBadRequest)
	}
	var out struct {
		ContactID string `json:"contactId"`
	}
	if err := c.do(ctx, http.MethodPost, "/v1/contacts", req, &out); err != nil {
		return "", fmt.Errorf("make contact: %w", err)
	}
	return out.ContactID, nil
}

// Disconnect hangs up as the customer (or ends the chat/task).
func (c *Client) Disconnect(ctx context.Context, contactID string) error {
	if contactID == "" {
		return fmt.Errorf("disconnect: missing contact id: %w", ErrBadRequest)
	}
	if err := c.do(ctx, http.MethodPost, "/v1/contacts/"+url.PathEscape(contactID)+"/disconnect", nil, nil); err != nil {
		return fmt.Errorf("disconnect %s: %w", contactID, err)
	}
	return nil
}

// Answer makes the far end of an outbound / third-party leg answer.
func (c *Client) Answer(ctx context.Context, contactID string) error {
	if contactID == "" {
		return fmt.Errorf("answer: missing contact id: %w", ErrBadRequest)
	}
	if err := c.do(ctx, http.MethodPost, "/v1/contacts/"+url.PathEscape(contactID)+"/answer", nil, nil); err != nil {
		return fmt.Errorf("answer %s: %w", contactID, err)
	}
	return nil
}

// SetActiveRegion triggers a Global Resiliency failover to region.
func (c *Client) SetActiveRegion(ctx context.Context, region string) error {
	if region == "" {
		return fmt.Errorf("failover: missing region: %w", ErrBadRequest)
	}
	if err := c.do(ctx, http.MethodPost, "/v1/regions/active", map[string]string{"region": region}, nil); err != nil {
		return fmt.Errorf("failover to %s: %w", region, err)
	}
	return nil
}

// SetAgentState sets the agent's state from the server side.
func (c *Client) SetAgentState(ctx context.Context, username, state string) error {
	if err := c.do(ctx, http.MethodPost, "/v1/agents/"+url.PathEscape(username)+"/state", map[string]string{"state": state}, nil); err != nil {
		return fmt.Errorf("set agent state: %w", err)
	}
	return nil
}

// ExpireSession ends the agent's session (every CCP sends auth_fail).
func (c *Client) ExpireSession(ctx context.Context, username string) error {
	if err := c.do(ctx, http.MethodPost, "/v1/agents/"+url.PathEscape(username)+"/session/expire", nil, nil); err != nil {
		return fmt.Errorf("expire session: %w", err)
	}
	return nil
}

// State returns ccpsim's state document as-is (regions, agents, contacts).
func (c *Client) State(ctx context.Context) (json.RawMessage, error) {
	var raw json.RawMessage
	if err := c.do(ctx, http.MethodGet, "/v1/state", nil, &raw); err != nil {
		return nil, fmt.Errorf("sandbox state: %w", err)
	}
	return raw, nil
}

// Fault is an injected ccpsim failure (docs/ccpsim.md, "Faults"); Region applies it to one instance.
type Fault struct {
	Kind       string `json:"kind"`
	Region     string `json:"region,omitempty"`
	Origin     string `json:"origin,omitempty"`
	Method     string `json:"method,omitempty"`
	StatusCode int    `json:"statusCode,omitempty"`
	Type       string `json:"type,omitempty"`
	Message    string `json:"message,omitempty"`
	Count      int    `json:"count,omitempty"`
	Ms         int    `json:"ms,omitempty"`
}

// AddFault installs a fault and returns its id.
func (c *Client) AddFault(ctx context.Context, f Fault) (string, error) {
	if f.Kind == "" {
		return "", fmt.Errorf("fault: missing kind: %w", ErrBadRequest)
	}
	var out struct {
		ID string `json:"id"`
	}
	if err := c.do(ctx, http.MethodPost, "/v1/faults", f, &out); err != nil {
		return "", fmt.Errorf("add fault %s: %w", f.Kind, err)
	}
	return out.ID, nil
}

// ClearFaults removes every fault.
func (c *Client) ClearFaults(ctx context.Context) error {
	if err := c.do(ctx, http.MethodDelete, "/v1/faults", nil, nil); err != nil {
		return fmt.Errorf("clear faults: %w", err)
	}
	return nil
}

// Requests returns the Streams API requests the CCPs received after sequence number since, as-is
// ({"requests":[{seq, time, region, agent, method, params, error}]}).
func (c *Client) Requests(ctx context.Context, since int64) (json.RawMessage, error) {
	if since < 0 {
		return nil, fmt.Errorf("requests: since %d: %w", since, ErrBadRequest)
	}
	var raw json.RawMessage
	if err := c.do(ctx, http.MethodGet, fmt.Sprintf("/v1/requests?since=%d", since), nil, &raw); err != nil {
		return nil, fmt.Errorf("sandbox requests: %w", err)
	}
	return raw, nil
}

func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("call ccpsim control API: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return fmt.Errorf("read ccpsim answer: %w", err)
	}
	if resp.StatusCode >= 400 {
		var e struct {
			Error ControlError `json:"error"`
		}
		ce := &ControlError{Status: resp.StatusCode, Code: "http_error", Message: strings.TrimSpace(string(data))}
		if json.Unmarshal(data, &e) == nil && e.Error.Code != "" {
			ce = &e.Error
			ce.Status = resp.StatusCode
		}
		return ce
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("decode ccpsim answer: %w", err)
		}
	}
	return nil
}
