package bridge

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/config"
	"github.com/ccpdesk/ccpdesk/internal/desktop"
	"github.com/ccpdesk/ccpdesk/internal/events"
	"github.com/ccpdesk/ccpdesk/internal/sandbox"
)

// fakeSim stands in for ccpsim's control API.
func fakeSim(t *testing.T) *sandbox.Sandbox {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/v1/contacts":
			_, _ = io.WriteString(w, `{"contactId":"c-9"}`)
		case r.URL.Path == "/v1/state":
			_, _ = io.WriteString(w, `{"regions":[]}`)
		case r.URL.Path == "/v1/faults" && r.Method == http.MethodPost:
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"id":"fault-2"}`)
		case r.URL.Path == "/v1/requests":
			_, _ = io.WriteString(w, `{"requests":[]}`)
		case strings.HasSuffix(r.URL.Path, "/disconnect"):
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":{"code":"not_found","message":"no contact"}}`)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	}))
	t.Cleanup(srv.Close)
	info := sandbox.Info{
		Regions:    []string{"us-east-1", "us-west-2"},
		CCPURLs:    map[string]string{"us-east-1": "http://127.0.0.1:1/ccp-v2/", "us-west-2": "http://127.0.0.1:2/ccp-v2/"},
		SignInURLs: map[string]string{"us-east-1": "http://127.0.0.1:1/auth/sign-in", "us-west-2": "http://127.0.0.1:2/auth/sign-in"},
		Control:    srv.URL,
	}
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Logger: zerolog.Nop(), Start: func(context.Context, []string, zerolog.Logger) (sandbox.Info, io.Closer, error) {
		return info, io.NopCloser(nil), nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	return sb
}

func services(d *Deps) (*Shell, *Simulator, *Desktop, *SelfTest) {
	s := Services(d)
	return s[0].(*Shell), s[1].(*Simulator), s[2].(*Desktop), s[3].(*SelfTest)
}

func TestShellConfig(t *testing.T) {
	base := config.Default()
	base.CCPURL = "https://a.my.connect.aws/ccp-v2/"
	base.ContactAttributes = []config.Attribute{{Key: "k", Label: "K"}}
	sbCfg := config.Default()
	sbCfg.Sandbox = true
	tests := []struct {
		name    string
		cfg     config.Config
		sandbox bool
		check   func(t *testing.T, c ShellConfig)
	}{
		{"instance", base, false, func(t *testing.T, c ShellConfig) {
			if c.Sandbox || c.CCPURL != base.CCPURL || c.CCPLoadTimeoutMs != 5000 || len(c.ContactAttributes) != 1 {
				t.Errorf("got %+v", c)
			}
			if len(c.ApprovedOrigins) != 2 || c.ApprovedOrigins[0] != config.OriginWailsUnix {
				t.Errorf("ApprovedOrigins = %v", c.ApprovedOrigins)
			}
			if c.Regions == nil {
				t.Errorf("Regions is nil (the UI expects an array)")
			}
		}},
		{"--browser-only reaches the page", base, false, func(t *testing.T, c ShellConfig) {
			if !c.BrowserOnly {
				t.Errorf("BrowserOnly = false with Deps.BrowserOnly set")
			}
		}},
		{"sandbox fills in ccpsim URLs, GR and default attributes", sbCfg, true, func(t *testing.T, c ShellConfig) {
			if !c.Sandbox || c.CCPURL != "http://127.0.0.1:1/ccp-v2/" || c.SecondaryCCPURL != "http://127.0.0.1:2/ccp-v2/" || c.LoginURL == "" {
				t.Errorf("got %+v", c)
			}
			if len(c.Regions) != 2 || len(c.ContactAttributes) == 0 {
				t.Errorf("regions %v attributes %v", c.Regions, c.ContactAttributes)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			d := &Deps{Log: zerolog.Nop(), Config: &cfg, Desktop: desktop.New(zerolog.Nop(), nil, nil, nil)}
			if tt.sandbox {
				d.Sandbox = fakeSim(t)
			}
			d.BrowserOnly = strings.HasPrefix(tt.name, "--browser-only")
			sh, _, _, _ := services(d)
			tt.check(t, sh.Config())
		})
	}
}

func TestSandboxSignIn(t *testing.T) {
	reloads := 0
	cfg := config.Default()
	cfg.Sandbox = true
	d := &Deps{Log: zerolog.Nop(), Config: &cfg, Sandbox: fakeSim(t), SignIn: NewSignIn(func() { reloads++ }, zerolog.Nop(), 0, 0)}
	sh, _, _, _ := services(d)
	if sh.SandboxSignInAttempted("wails://wails/") {
		t.Fatal("attempted before any sign-in")
	}
	u, err := sh.SandboxSignInURL("wails://wails/")
	if err != nil || !strings.HasPrefix(u, "http://127.0.0.1:1/auth/sign-in?username=agent1&destination=%2Fauth") {
		t.Fatalf("SandboxSignInURL = %q, %v", u, err)
	}
	if !sh.SandboxSignInAttempted("wails://wails/index.html") {
		t.Errorf("attempt not recorded")
	}
	if sh.SandboxSignInAttempted("http://localhost:34115/") {
		t.Errorf("the browser tab counted as signed in")
	}
	d.SignIn.PageLoaded()
	if reloads != 1 {
		t.Errorf("reloads = %d, want 1", reloads)
	}
	// wails dev's browser page: ccpsim redirects straight back; no reload.
	if u, err := sh.SandboxSignInURL("http://localhost:34115/"); err != nil || !strings.Contains(u, "destination=http%3A%2F%2Flocalhost%3A34115%2F") {
		t.Errorf("browser sign-in URL = %q, %v", u, err)
	}
	d.SignIn.PageLoaded()
	if reloads != 1 {
		t.Errorf("reloads = %d after a direct sign-in, want 1", reloads)
	}
	if !sh.SandboxSignInAttempted("http://localhost:34115/") {
		t.Errorf("browser attempt not recorded")
	}
	if _, err := sh.SandboxSignInURL("file:///x"); toError(err).Code != CodeBadRequest {
		t.Errorf("bad app URL: %v", err)
	}

	noSB := &Deps{Log: zerolog.Nop(), Config: &cfg}
	sh2, _, _, _ := services(noSB)
	if _, err := sh2.SandboxSignInURL("wails://wails/"); toError(err).Code != CodeNotAvailable {
		t.Errorf("sign-in without a sandbox: %v", err)
	}
}

func TestSimulator(t *testing.T) {
	cfg := config.Default()
	d := &Deps{Log: zerolog.Nop(), Config: &cfg, Sandbox: fakeSim(t)}
	_, sim, _, _ := services(d)
	id, err := sim.MakeContact(sandbox.ContactRequest{Channel: "CHAT", Name: "Jo"})
	if err != nil || id != "c-9" {
		t.Errorf("MakeContact = %q, %v", id, err)
	}
	if _, err := sim.MakeContact(sandbox.ContactRequest{Channel: "PIGEON"}); toError(err).Code != CodeBadRequest {
		t.Errorf("bad channel code = %v", toError(err))
	}
	if err := sim.HangUp("nope"); toError(err).Code != CodeSimulator {
		t.Errorf("HangUp unknown = %v", toError(err))
	}
	if err := sim.Failover("us-west-2"); err != nil {
		t.Errorf("Failover: %v", err)
	}
	if s, err := sim.State(); err != nil || !strings.Contains(s, "regions") {
		t.Errorf("State = %q, %v", s, err)
	}
	if id, err := sim.AddFault(sandbox.Fault{Kind: "unapproved_origin", Region: "us-west-2"}); err != nil || id != "fault-2" {
		t.Errorf("AddFault = %q, %v", id, err)
	}
	if _, err := sim.AddFault(sandbox.Fault{}); toError(err).Code != CodeBadRequest {
		t.Errorf("AddFault without a kind = %v", toError(err))
	}
	if err := sim.ClearFaults(); err != nil {
		t.Errorf("ClearFaults: %v", err)
	}
	if s, err := sim.Requests(0); err != nil || !strings.Contains(s, "requests") {
		t.Errorf("Requests = %q, %v", s, err)
	}

	off := &Deps{Log: zerolog.Nop(), Config: &cfg}
	_, sim2, _, _ := services(off)
	for name, err := range map[string]error{
		"make":     func() error { _, e := sim2.MakeContact(sandbox.ContactRequest{Channel: "VOICE"}); return e }(),
		"hangup":   sim2.HangUp("x"),
		"answer":   sim2.Answer("x"),
		"failover": sim2.Failover("x"),
		"expire":   sim2.ExpireSession(),
		"fault":    func() error { _, e := sim2.AddFault(sandbox.Fault{Kind: "drop_link"}); return e }(),
		"clear":    sim2.ClearFaults(),
		"requests": func() error { _, e := sim2.Requests(0); return e }(),
	} {
		if toError(err).Code != CodeSandboxUnavailable {
			t.Errorf("%s outside sandbox: %v", name, err)
		}
	}
}

func TestDesktopAndSelfTest(t *testing.T) {
	cfg := config.Default()
	rec := &events.Recorder{}
	desk := desktop.New(zerolog.Nop(), rec, nil, nil)
	d := &Deps{Log: zerolog.Nop(), Config: &cfg, Desktop: desk, Lifetime: context.Background}
	_, _, dk, st := services(d)
	if err := dk.ContactIncoming(desktop.IncomingContact{}); !errors.Is(err, desktop.ErrNoContactID) {
		t.Errorf("ContactIncoming without id = %v", err)
	}
	dk.SetActiveContacts(2)
	if !desk.BeforeClose() || len(rec.Named(events.QuitRequested)) != 1 {
		t.Errorf("close protection not engaged")
	}
	if _, err := st.Step("x", nil); toError(err).Code != CodeNotAvailable {
		t.Errorf("self-test step without --selftest: %v", err)
	}

	self, _ := sandbox.NewSelfTest(filepath.Join(t.TempDir(), "o.json"), "inbound", fakeSim(t), zerolog.Nop(), nil)
	d.SelfTest = self
	if id, err := st.Step("agent_ready", map[string]any{"agentState": "Available"}); err != nil || id != "c-9" {
		t.Errorf("Step agent_ready = %q, %v", id, err)
	}
	if err := st.Finish("boom"); err != nil || self.OK() {
		t.Errorf("Finish: %v ok=%v", err, self.OK())
	}
}

func TestHostedOrigins(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"", "", false},
		{"https://desk.example.com/app/index.html", "https://desk.example.com", false},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080", false},
		{"https://*.example.com/", "", true},
		{"wails://wails/", "", true},
		{"::", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := HostedOrigins(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if strings.Join(got, ",") != tt.want {
				t.Errorf("got %v, want %q", got, tt.want)
			}
		})
	}
}
