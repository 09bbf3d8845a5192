package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// TestCCPSimIntegration runs the real in-process ccpsim and drives its control API.
func TestCCPSimIntegration(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	sb, err := Start(ctx, Options{Regions: []string{"us-east-1", "us-west-2"}, Logger: zerolog.Nop(), Start: CCPSim("", nil)})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close() })

	if !strings.HasPrefix(sb.PrimaryCCPURL(), "http://127.0.0.1:") || !strings.HasSuffix(sb.PrimaryCCPURL(), "/ccp-v2/") {
		t.Errorf("PrimaryCCPURL = %q", sb.PrimaryCCPURL())
	}
	if sb.SecondaryCCPURL() == "" || sb.SecondaryCCPURL() == sb.PrimaryCCPURL() {
		t.Errorf("SecondaryCCPURL = %q", sb.SecondaryCCPURL())
	}
	signIn, _, err := sb.SignInURL("wails://wails/")
	if err != nil {
		t.Fatal(err)
	}
	// The sign-in URL sets a session cookie and redirects back to the app.
	cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := cl.Get(signIn)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 3 || resp.Header.Get("Location") != SignInLanding {
		t.Errorf("sign-in answered %d to %q, want a redirect to %s", resp.StatusCode, resp.Header.Get("Location"), SignInLanding)
	}
	if len(resp.Cookies()) == 0 {
		t.Errorf("sign-in set no session cookie")
	}

	raw, err := sb.State(ctx)
	if err != nil {
		t.Fatalf("State: %v", err)
	}
	if !json.Valid(raw) {
		t.Errorf("state is not JSON: %s", raw)
	}
	var ce *ControlError
	if err := sb.SetActiveRegion(ctx, "eu-central-9"); err == nil || !asControl(err, &ce) {
		t.Errorf("failover to an unknown region: err = %v, want a ControlError", err)
	}
	if err := sb.SetActiveRegion(ctx, "us-west-2"); err != nil {
		t.Errorf("failover: %v", err)
	}
}

func asControl(err error, ce **ControlError) bool {
	for e := err; e != nil; {
		if c, ok := e.(*ControlError); ok {
			*ce = c
			return true
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		e = u.Unwrap()
	}
	return false
}

func TestRenameHost(t *testing.T) {
	got := renameHost(map[string]string{"us-east-1": "http://127.0.0.1:4100/ccp-v2/", "bad": "::"}, "localhost")
	if got["us-east-1"] != "http://localhost:4100/ccp-v2/" || got["bad"] != "::" {
		t.Errorf("got %v", got)
	}
}
