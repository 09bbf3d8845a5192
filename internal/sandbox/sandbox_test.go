package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"
)

// fakeControl is an in-memory stand-in for ccpsim's control API, recording requests.
type fakeControl struct {
	mu   sync.Mutex
	reqs []string
}

func (f *fakeControl) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.reqs = append(f.reqs, r.Method+" "+r.URL.Path+" "+strings.TrimSpace(string(body)))
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.URL.Path == "/v1/contacts" && r.Method == http.MethodPost:
		var req ContactRequest
		_ = json.Unmarshal(body, &req)
		if req.Queue == "NoSuchQueue" {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"error":{"code":"bad_request","message":"unknown queue","field":"queue"}}`)
			return
		}
		_, _ = io.WriteString(w, `{"contactId":"c-1"}`)
	case r.URL.Path == "/v1/regions/active":
		var req map[string]string
		_ = json.Unmarshal(body, &req)
		if req["region"] == "eu-west-9" {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":{"code":"not_found","message":"no such region"}}`)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	case r.URL.Path == "/v1/faults" && r.Method == http.MethodPost:
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"id":"fault-1"}`)
	case r.URL.Path == "/v1/requests":
		_, _ = io.WriteString(w, `{"requests":[{"seq":3,"region":"us-west-2","method":"getAgentStates"}]}`)
	case r.URL.Path == "/v1/state":
		_, _ = io.WriteString(w, `{"regions":[{"name":"us-east-1","active":true}]}`)
	case strings.Contains(r.URL.Path, "boom"):
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, "plain failure")
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

func newClient(t *testing.T) (*Client, *fakeControl) {
	t.Helper()
	fc := &fakeControl{}
	srv := httptest.NewServer(fc)
	t.Cleanup(srv.Close)
	return NewClient(srv.URL+"/", srv.Client()), fc
}

func TestClient(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		call     func(c *Client) error
		wantReq  string
		wantCode string // ControlError code, "" = success
		wantBad  bool   // ErrBadRequest before sending
	}{
		{"make call", func(c *Client) error {
			id, err := c.MakeContact(ctx, ContactRequest{Channel: "voice", From: "+15555550100"})
			if err == nil && id != "c-1" {
				return errors.New("wrong id " + id)
			}
			return err
		}, `POST /v1/contacts {"channel":"VOICE","from":"+15555550100"}`, "", false},
		{"unknown queue is a coded error", func(c *Client) error {
			_, err := c.MakeContact(ctx, ContactRequest{Channel: "CHAT", Queue: "NoSuchQueue"})
			return err
		}, `POST /v1/contacts`, "bad_request", false},
		{"bad channel refused locally", func(c *Client) error {
			_, err := c.MakeContact(ctx, ContactRequest{Channel: "FAX"})
			return err
		}, "", "", true},
		{"hang up", func(c *Client) error { return c.Disconnect(ctx, "c/1") }, "POST /v1/contacts/c/1/disconnect", "", false},
		{"hang up needs id", func(c *Client) error { return c.Disconnect(ctx, "") }, "", "", true},
		{"answer", func(c *Client) error { return c.Answer(ctx, "c-2") }, "POST /v1/contacts/c-2/answer", "", false},
		{"failover", func(c *Client) error { return c.SetActiveRegion(ctx, "us-west-2") }, `POST /v1/regions/active {"region":"us-west-2"}`, "", false},
		{"failover unknown region", func(c *Client) error { return c.SetActiveRegion(ctx, "eu-west-9") }, "POST /v1/regions/active", "not_found", false},
		{"agent state", func(c *Client) error { return c.SetAgentState(ctx, "agent1", "Available") }, `POST /v1/agents/agent1/state {"state":"Available"}`, "", false},
		{"expire", func(c *Client) error { return c.ExpireSession(ctx, "agent1") }, "POST /v1/agents/agent1/session/expire", "", false},
		{"state", func(c *Client) error {
			raw, err := c.State(ctx)
			if err == nil && !strings.Contains(string(raw), "us-east-1") {
				return errors.New("state lost")
			}
			return err
		}, "GET /v1/state", "", false},
		{"fault", func(c *Client) error {
			id, err := c.AddFault(ctx, Fault{Kind: "unapproved_origin", Region: "us-west-2"})
			if err == nil && id != "fault-1" {
				return errors.New("wrong id " + id)
			}
			return err
		}, `POST /v1/faults {"kind":"unapproved_origin","region":"us-west-2"}`, "", false},
		{"fault needs a kind", func(c *Client) error { _, err := c.AddFault(ctx, Fault{}); return err }, "", "", true},
		{"clear faults", func(c *Client) error { return c.ClearFaults(ctx) }, "DELETE /v1/faults", "", false},
		{"requests", func(c *Client) error {
			raw, err := c.Requests(ctx, 2)
			if err == nil && !strings.Contains(string(raw), "getAgentStates") {
				return errors.New("requests lost")
			}
			return err
		}, "GET /v1/requests", "", false},
		{"requests since < 0", func(c *Client) error { _, err := c.Requests(ctx, -1); return err }, "", "", true},
		{"non-JSON error", func(c *Client) error { return c.SetAgentState(ctx, "boom/boom", "x") }, "", "http_error", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, fc := newClient(t)
			err := tt.call(c)
			var ce *ControlError
			switch {
			case tt.wantBad:
				if !errors.Is(err, ErrBadRequest) {
					t.Fatalf("err = %v, want ErrBadRequest", err)
				}
				if len(fc.reqs) != 0 {
					t.Errorf("sent %v, want nothing", fc.reqs)
				}
				return
			case tt.wantCode != "":
				if !errors.As(err, &ce) || ce.Code != tt.wantCode {
					t.Fatalf("err = %v, want ControlError %s", err, tt.wantCode)
				}
			case err != nil:
				t.Fatalf("err = %v", err)
			}
			if tt.wantReq != "" && (len(fc.reqs) != 1 || !strings.HasPrefix(fc.reqs[0], tt.wantReq)) {
				t.Errorf("requests = %q, want one starting %q", fc.reqs, tt.wantReq)
			}
		})
	}
}

func TestSignInURL(t *testing.T) {
	const signIn = "http://127.0.0.1:41001/auth/sign-in"
	tests := []struct {
		app        string
		want       string
		wantDirect bool
		wantErr    bool
	}{
		{"wails://wails/", signIn + "?username=agent1&destination=%2Fauth%2Fsign-in%3Fsigned_in%3D1", false, false},
		{"wails://wails/index.html#x", signIn + "?username=agent1&destination=%2Fauth%2Fsign-in%3Fsigned_in%3D1", false, false},
		{"http://wails.localhost/", signIn + "?username=agent1&destination=http%3A%2F%2Fwails.localhost%2F", true, false},
		{"http://localhost:34115/x", signIn + "?username=agent1&destination=http%3A%2F%2Flocalhost%3A34115%2F", true, false},
		{"https://desk.example.com/app/", signIn + "?username=agent1&destination=https%3A%2F%2Fdesk.example.com%2F", true, false},
		{"file:///tmp/x", "", false, true},
		{"not a url", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.app, func(t *testing.T) {
			got, direct, err := SignInURL(signIn, tt.app)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want || direct != tt.wantDirect {
				t.Errorf("got %q direct=%v, want %q direct=%v", got, direct, tt.want, tt.wantDirect)
			}
		})
	}
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

func TestStart(t *testing.T) {
	good := Info{
		Regions:    []string{"us-east-1", "us-west-2"},
		CCPURLs:    map[string]string{"us-east-1": "http://127.0.0.1:1/ccp-v2/", "us-west-2": "http://127.0.0.1:2/ccp-v2/"},
		SignInURLs: map[string]string{"us-east-1": "http://127.0.0.1:1/auth/sign-in", "us-west-2": "http://127.0.0.1:2/auth/sign-in"},
		Control:    "http://127.0.0.1:3",
	}
	tests := []struct {
		name       string
		info       Info
		startErr   error
		wantErr    bool
		wantClosed bool
	}{
		{name: "ok", info: good},
		{name: "starter fails", startErr: errors.New("port in use"), wantErr: true},
		{name: "incomplete info closes emulator", info: Info{Regions: []string{"us-east-1"}, Control: "x"}, wantErr: true, wantClosed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			closed := false
			sb, err := Start(context.Background(), Options{
				Regions: []string{"us-east-1", "us-west-2"},
				Logger:  zerolog.Nop(),
				Start: func(context.Context, []string, zerolog.Logger) (Info, io.Closer, error) {
					if tt.startErr != nil {
						return Info{}, nil, tt.startErr
					}
					return tt.info, closerFunc(func() error { closed = true; return nil }), nil
				},
			})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if closed != tt.wantClosed {
				t.Errorf("closed = %v, want %v", closed, tt.wantClosed)
			}
			if err != nil {
				return
			}
			if sb.PrimaryCCPURL() != good.CCPURLs["us-east-1"] || sb.SecondaryCCPURL() != good.CCPURLs["us-west-2"] || sb.LoginURL() != good.SignInURLs["us-east-1"] {
				t.Errorf("urls = %s %s %s", sb.PrimaryCCPURL(), sb.SecondaryCCPURL(), sb.LoginURL())
			}
			if err := sb.Close(); err != nil || !closed {
				t.Errorf("Close = %v, closed %v", err, closed)
			}
		})
	}
	if _, err := Start(context.Background(), Options{}); err == nil {
		t.Errorf("Start without a starter succeeded")
	}
}
