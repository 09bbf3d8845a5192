package bridge

import (
	"errors"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/auth"
	"github.com/ccpdesk/ccpdesk/internal/config"
	"github.com/ccpdesk/ccpdesk/internal/events"
	"github.com/ccpdesk/ccpdesk/internal/secrets"
)

func TestLogoutURL(t *testing.T) {
	for _, tt := range []struct {
		ccp  string
		sb   bool
		want string
	}{
		{"https://acme.my.connect.aws/ccp-v2/", false, "https://acme.my.connect.aws/logout"},
		{"https://acme.awsapps.com/connect/ccp-v2/", false, "https://acme.awsapps.com/connect/logout"},
		{"http://127.0.0.1:4000/ccp-v2/", true, "http://127.0.0.1:4000/auth/sign-out"},
	} {
		if got := logoutURL(tt.ccp, tt.sb); got != tt.want {
			t.Errorf("logoutURL(%q) = %q, want %q", tt.ccp, got, tt.want)
		}
	}
}

func TestAuthService(t *testing.T) {
	cfg := config.Default()
	cfg.CCPURL, cfg.LoginURL = "https://acme.my.connect.aws/ccp-v2/", "https://acme.okta.com/home/amazon_aws/x/272"
	rec := &events.Recorder{}
	store := secrets.NewMemory()
	a, err := NewAuth(AuthOptions{Log: zerolog.Nop(), Config: &cfg, Runtime: NewRuntime(zerolog.Nop()), Emitter: rec, Secrets: store,
		Keyring: secrets.Report{Backend: "secret-service", Reason: "no D-Bus session bus"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	x := &Auth{d: &Deps{Auth: a}}
	if err := x.Signal("auth_fail"); err != nil {
		t.Fatal(err)
	}
	st, _ := x.State()
	if st.Mode != SignInSSO || st.Session.Phase != auth.PhaseSignedOut || st.Session.Reason != auth.ReasonAuthFail || st.LoginHost != "acme.okta.com" {
		t.Fatalf("state = %+v", st)
	}
	if st.Keyring.Available || st.Keyring.Reason == "" {
		t.Errorf("keyring report not passed through: %+v", st.Keyring)
	}
	if len(rec.Named(EventAuthState)) == 0 {
		t.Error("no auth:state event")
	}
	if err := x.Signal("bogus"); err == nil {
		t.Error("unknown signal accepted")
	}
	// Outside the sandbox a browser tab cannot sign itself in (no relay state back).
	if _, err := x.SignInHere("http://localhost:34115/", ""); err == nil {
		t.Error("SignInHere outside the sandbox succeeded")
	}
	if err := x.SaveView("{not json"); err == nil {
		t.Error("invalid view accepted")
	}
	if err := x.SignIn(`{"selectedId":"c1"}`); err != nil {
		t.Fatal(err)
	}
	if got := x.TakeView(); got != `{"selectedId":"c1"}` {
		t.Errorf("TakeView = %q", got)
	}
	if err := x.Remember(strings.Repeat("x", 300)); err == nil {
		t.Error("oversized username hint accepted")
	}
	// Without the service every call says so, and State reports mode none.
	none := &Auth{d: &Deps{}}
	if st, _ := none.State(); st.Mode != SignInNone {
		t.Errorf("mode = %q, want none", st.Mode)
	}
	if err := none.SignIn(""); !errors.Is(err, ErrNotAvailable) {
		t.Errorf("SignIn without service: %v", err)
	}
}

func TestFillScriptQuotes(t *testing.T) {
	s := fillScript(map[string]string{"#password": `a"b</script>`}, "#signin")
	if strings.Contains(s, `a"b`) || !strings.Contains(s, `a\"b`) {
		t.Errorf("value not JSON-quoted: %s", s)
	}
}
