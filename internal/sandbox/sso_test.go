package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

func TestCCPSimSSO(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	sb, err := Start(ctx, Options{Regions: []string{"us-east-1", "us-west-2"}, Logger: zerolog.Nop(), Start: CCPSimSSO("", nil)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	sso := sb.Info().SSO
	if sso == nil || !strings.HasPrefix(sb.LoginURL(), sso.IdP+"/app/global/") {
		t.Fatalf("LoginURL = %q, SSO = %+v: want the test IdP's global app", sb.LoginURL(), sso)
	}
	resp, err := http.Get(sb.LoginURL())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("IdP page: HTTP %d, X-Frame-Options %q", resp.StatusCode, resp.Header.Get("X-Frame-Options"))
	}
	resp, err = http.Get(sso.TOTPHook)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var code struct{ Code string }
	if err := json.NewDecoder(resp.Body).Decode(&code); err != nil || len(code.Code) != 6 {
		t.Fatalf("TOTP hook: %v %+v", err, code)
	}
}

func TestCCPSimSSOLocalhost(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	sb, err := Start(ctx, Options{Regions: []string{"us-east-1", "us-west-2"}, Logger: zerolog.Nop(), Start: CCPSimSSO("localhost", nil)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	// The federation endpoint's recipient must be the same host as the CCP the page frames, or the
	// session cookie it sets is not sent to the CCP.
	if !strings.HasPrefix(sb.PrimaryCCPURL(), "http://localhost:") {
		t.Fatalf("CCP URL = %q, want localhost", sb.PrimaryCCPURL())
	}
}
