package ccpsim_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
	"github.com/ccpdesk/ccpdesk/internal/ccpsim/ccpsimtest"
)

func call(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: body is not JSON: %q", method, url, raw)
	}
	return resp.StatusCode, out
}

func TestControlAPIErrors(t *testing.T) {
	srv := ccpsimtest.NewServer(t)
	c := srv.Info().Control
	tests := []struct {
		name, method, path, body string
		status                   int
		field                    string
	}{
		{"unknown field", "POST", "/v1/contacts", `{"chanel":"VOICE"}`, 400, "chanel"},
		{"wrong type", "POST", "/v1/contacts", `{"channel":5}`, 400, "channel"},
		{"bad channel", "POST", "/v1/contacts", `{"channel":"FAX"}`, 400, "channel"},
		{"unknown queue", "POST", "/v1/contacts", `{"queue":"Nope"}`, 400, "queue"},
		{"unknown region", "POST", "/v1/contacts", `{"region":"mars-1"}`, 400, "region"},
		{"malformed", "POST", "/v1/contacts", `{`, 400, "body"},
		{"empty", "POST", "/v1/contacts", ``, 400, "body"},
		{"trailing", "POST", "/v1/contacts", `{} {}`, 400, "body"},
		{"too big", "POST", "/v1/contacts", `{"from":"` + strings.Repeat("x", 2<<20) + `"}`, 400, "body"},
		{"unknown contact", "POST", "/v1/contacts/nope/disconnect", ``, 404, ""},
		{"unknown agent", "POST", "/v1/agents/nobody/session/expire", ``, 404, ""},
		{"unknown state", "POST", "/v1/agents/agent1/state", `{"state":"Dancing"}`, 400, "state"},
		{"region required", "POST", "/v1/regions/active", `{}`, 400, "region"},
		{"fault kind", "POST", "/v1/faults", `{"kind":"meteor"}`, 400, "kind"},
		{"since", "GET", "/v1/requests?since=-1", ``, 400, "since"},
		{"no endpoint", "GET", "/v2/state", ``, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := call(t, tt.method, c+tt.path, tt.body)
			if status != tt.status {
				t.Fatalf("status: got %d, want %d (%v)", status, tt.status, body)
			}
			e, _ := body["error"].(map[string]any)
			if e == nil || e["message"] == "" {
				t.Fatalf("want an error object, got %v", body)
			}
			if tt.field != "" && e["field"] != tt.field {
				t.Fatalf("field: got %v, want %s", e["field"], tt.field)
			}
		})
	}
	// Nothing above changed the simulation.
	_, st := call(t, "GET", c+"/v1/state", "")
	if q := st["queued"].([]any); len(q) != 0 {
		t.Fatalf("bad requests created contacts: %v", q)
	}
}

func TestControlAPIFlow(t *testing.T) {
	srv := ccpsimtest.NewServer(t)
	c := srv.Info().Control
	if status, body := call(t, "POST", c+"/v1/contacts", `{"channel":"VOICE","from":"+15555550100","attributes":{"a":"b"}}`); status != 201 || body["contactId"] == "" {
		t.Fatalf("create: %d %v", status, body)
	}
	if status, _ := call(t, "POST", c+"/v1/regions/active", `{"region":"us-west-2"}`); status != 200 {
		t.Fatalf("failover: %d", status)
	}
	_, st := call(t, "GET", c+"/v1/state", "")
	if st["activeRegion"] != "us-west-2" || len(st["queued"].([]any)) != 1 {
		t.Fatalf("state: %v", st)
	}
	if status, body := call(t, "POST", c+"/v1/faults", `{"kind":"api_error","method":"acceptContact","statusCode":500}`); status != 201 || body["id"] == "" {
		t.Fatalf("fault: %d %v", status, body)
	}
	call(t, "POST", c+"/v1/reset", "")
	_, st = call(t, "GET", c+"/v1/state", "")
	if st["activeRegion"] != "us-east-1" || len(st["queued"].([]any)) != 0 || len(st["faults"].([]any)) != 0 {
		t.Fatalf("after reset: %v", st)
	}
}

func TestSignInAndApprovedOrigins(t *testing.T) {
	srv := ccpsimtest.NewServer(t, func(o *ccpsim.Options) { o.ApprovedOrigins = []string{"http://127.0.0.1:1"} })
	info := srv.Info()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// An open redirect to an unapproved origin is refused.
	resp, err := noRedirect.Get(info.SignInURLs["us-east-1"] + "?username=agent1&destination=https://evil.example/")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 400 || len(resp.Cookies()) != 0 {
		t.Fatalf("unapproved destination: status %d cookies %v", resp.StatusCode, resp.Cookies())
	}
	resp, _ = noRedirect.Get(info.SignInURLs["us-east-1"] + "?username=agent1&destination=http://127.0.0.1:1/app")
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) == 0 || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("sign-in: status %d cookies %v", resp.StatusCode, resp.Cookies())
	}
	cookie := resp.Cookies()[0]
	// The CCP page refuses framing by anyone but the approved origins.
	req, _ := http.NewRequest("GET", info.CCPURLs["us-east-1"], nil)
	req.AddCookie(cookie)
	page, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	if csp := page.Header.Get("Content-Security-Policy"); csp != "frame-ancestors http://127.0.0.1:1" {
		t.Fatalf("CSP: %q", csp)
	}
	if !bytes.Contains(body, []byte(`"signedIn":true`)) {
		t.Fatalf("signed-in page should say so: %s", body)
	}
	page2, _ := http.Get(info.CCPURLs["us-east-1"])
	body2, _ := io.ReadAll(page2.Body)
	if !bytes.Contains(body2, []byte(`"signedIn":false`)) || bytes.Contains(body2, []byte("session=")) {
		t.Fatalf("page without a session must not carry one: %s", body2)
	}
}

func TestStartRefusesNonLoopback(t *testing.T) {
	if _, err := ccpsim.Start(t.Context(), ccpsim.Options{Host: "0.0.0.0"}); err == nil {
		t.Fatal("0.0.0.0 without AllowNonLoopback must be refused")
	}
}
