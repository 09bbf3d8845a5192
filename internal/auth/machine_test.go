package auth

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/clock"
)

type fakeClock = clock.Manual

type fakeWindow struct {
	mu      sync.Mutex
	ops     []string
	nonces  []string
	cancels int
}

func (w *fakeWindow) Navigate(u string) { w.add("navigate " + u) }
func (w *fakeWindow) ReloadApp()        { w.add("reload") }
func (w *fakeWindow) ReportLocation(n string, bar bool) {
	w.mu.Lock()
	w.nonces = append(w.nonces, n)
	w.mu.Unlock()
}
func (w *fakeWindow) add(op string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ops = append(w.ops, op)
}
func (w *fakeWindow) Ops() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.ops, "; ")
}
func (w *fakeWindow) lastNonce() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.nonces) == 0 {
		return ""
	}
	return w.nonces[len(w.nonces)-1]
}

const (
	login   = "https://example.okta.com/home/amazon_aws/0oa1/272"
	primary = "https://example.my.connect.aws/ccp-v2/"
	replica = "https://example-dr.my.connect.aws/ccp-v2/"
)

type rig struct {
	m     *Machine
	w     *fakeWindow
	clock *fakeClock
	seen  []State
}

func newRig(t *testing.T, mut func(*Options)) *rig {
	t.Helper()
	r := &rig{w: &fakeWindow{}, clock: clock.NewManual(time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC))}
	n := 0
	o := Options{
		LoginURL:   login,
		Classifier: NewClassifier([]string{"wails://wails"}, []string{primary, replica}, login, []string{"login.example.com"}),
		Window:     r.w, Clock: r.clock, Log: zerolog.Nop(), Timeout: 5 * time.Minute,
		Nonce:    func() string { n++; return "n" + string(rune('0'+n)) },
		OnChange: func(s State) { r.seen = append(r.seen, s) },
	}
	if mut != nil {
		mut(&o)
	}
	r.m = New(o)
	return r
}

// load simulates a top-level page load at href and the page's report.
func (r *rig) load(href string) Kind {
	r.m.PageLoaded()
	return r.m.Location(r.w.lastNonce(), href)
}

func TestClassify(t *testing.T) {
	c := NewClassifier([]string{"wails://wails", "http://wails.localhost"}, []string{primary, replica, "https://x.awsapps.com/connect/ccp-v2/"},
		"http://127.0.0.1:4000/app/global/sso/saml", []string{"login.example.com", "*.okta.com"})
	tests := []struct {
		href string
		want Kind
	}{
		{"wails://wails/", KindApp},
		{"http://wails.localhost/index.html", KindApp},
		{"about:blank", KindBlank},
		{"", KindBlank},
		{"http://127.0.0.1:4000/login?flow=1", KindIdP},
		{"http://127.0.0.1:4001/", KindBlocked}, // same host, other port
		{"https://login.example.com/saml", KindIdP},
		{"https://evil.login.example.com/", KindBlocked},
		{"https://acme.okta.com/app", KindIdP},
		{"https://okta.com/", KindBlocked}, // *.suffix is not the apex
		{"https://okta.com.evil.net/", KindBlocked},
		{"https://us-east-1.signin.aws.amazon.com/saml", KindAWS},
		{"https://signin.aws.amazon.com/saml", KindAWS},
		{"https://us-east-1.console.aws.amazon.com/connect/federate/abc?destination=%2Fconnect%2Fccp-v2", KindAWS},
		{"http://signin.aws.amazon.com/saml", KindBlocked}, // AWS only over https
		{"https://signin.aws.amazon.com.evil.net/", KindBlocked},
		{"https://example.my.connect.aws/ccp-v2/", KindLanded},
		{"https://example.my.connect.aws/ccp-v2", KindLanded},
		{"https://example-dr.my.connect.aws/ccp-v2/#x", KindLanded},
		{"https://example.my.connect.aws/auth/authorize", KindInstance},
		{"https://example.my.connect.aws/ccp-v2x", KindInstance},
		{"https://x.awsapps.com/connect/ccp-v2/", KindLanded},
		{"https://other.my.connect.aws/ccp-v2/", KindBlocked}, // an unconfigured instance
		{"https://user:pw@login.example.com/", KindBlocked},
		{"javascript:alert(1)", KindBlocked},
		{"file:///etc/passwd", KindBlocked},
	}
	for _, tt := range tests {
		if got := c.Classify(tt.href); got != tt.want {
			t.Errorf("Classify(%q) = %v, want %v", tt.href, got, tt.want)
		}
	}
}

func TestSignInFlows(t *testing.T) {
	tests := []struct {
		name      string
		opts      func(*Options)
		run       func(r *rig)
		wantPhase Phase
		wantWhy   string
		wantOps   string
	}{
		{
			name: "landing on the primary CCP returns to the desk, initialised = signed in",
			run: func(r *rig) {
				_ = r.m.SignIn()
				r.load(login)
				r.load("https://login.example.com/mfa")
				r.load("https://us-east-1.signin.aws.amazon.com/saml")
				r.load("https://us-east-1.console.aws.amazon.com/connect/federate/x")
				r.load("https://example.my.connect.aws/auth/authorize")
				if k := r.load(primary); k != KindLanded {
					panic("not landed: " + k)
				}
				_ = r.m.Signal(SignalInitialized)
			},
			wantPhase: PhaseSignedIn, wantOps: "navigate " + login + "; reload",
		},
		{
			name: "a redirect to an unlisted host is blocked and the window returns",
			run: func(r *rig) {
				_ = r.m.SignIn()
				r.load(login)
				r.load("https://phish.example.net/steal")
			},
			wantPhase: PhaseSignedOut, wantWhy: ReasonBlocked, wantOps: "navigate " + login + "; reload",
		},
		{
			name: "cancel returns to the sign-in screen",
			run: func(r *rig) {
				_ = r.m.SignIn()
				r.load(login)
				r.m.Cancel()
				r.clock.Advance(10 * time.Minute) // the timeout no longer fires
			},
			wantPhase: PhaseSignedOut, wantWhy: ReasonCancelled, wantOps: "navigate " + login + "; reload",
		},
		{
			name: "timeout returns to the sign-in screen",
			run: func(r *rig) {
				_ = r.m.SignIn()
				r.load(login)
				r.clock.Advance(5*time.Minute - time.Second)
				r.clock.Advance(time.Second)
			},
			wantPhase: PhaseSignedOut, wantWhy: ReasonTimeout, wantOps: "navigate " + login + "; reload",
		},
		{
			name: "a stale nonce is ignored",
			run: func(r *rig) {
				_ = r.m.SignIn()
				r.m.PageLoaded()
				stale := r.w.lastNonce()
				r.m.PageLoaded()
				if k := r.m.Location(stale, "https://phish.example.net/"); k != "" {
					panic("stale nonce accepted")
				}
			},
			wantPhase: PhaseSigningIn, wantOps: "navigate " + login,
		},
		{
			name: "auto sign-in on the first auth failure; global: the second CCP's failure starts no second flow",
			opts: func(o *Options) { o.AutoSignIn, o.Global = true, true },
			run: func(r *rig) {
				_ = r.m.Signal(SignalAuthFail)
				_ = r.m.Signal(SignalAuthFail)
				r.load("https://example-dr.my.connect.aws/ccp-v2/") // global: either instance completes it
				_ = r.m.Signal(SignalInitialized)
			},
			wantPhase: PhaseSignedIn, wantOps: "navigate " + login + "; reload",
		},
		{
			name: "auto sign-in when the signed-out CCP never ACKs (no auth_fail)",
			opts: func(o *Options) { o.AutoSignIn = true },
			run: func(r *rig) {
				_ = r.m.Signal(SignalNoAck)
				_ = r.m.Signal(SignalRetriesExhausted) // while signing in: ignored
			},
			wantPhase: PhaseSigningIn, wantOps: "navigate " + login,
		},
		{
			name: "no automatic retry after a timeout",
			opts: func(o *Options) { o.AutoSignIn = true },
			run: func(r *rig) {
				_ = r.m.Signal(SignalAuthFail)
				r.clock.Advance(6 * time.Minute)
				_ = r.m.Signal(SignalAuthFail) // the desk's CCP reports again
			},
			wantPhase: PhaseSignedOut, wantWhy: ReasonTimeout, wantOps: "navigate " + login + "; reload",
		},
		{
			name: "session expires mid-shift (auth_fail while signed in)",
			run: func(r *rig) {
				_ = r.m.Signal(SignalInitialized)
				r.m.SaveView([]byte(`{"selectedId":"c1"}`))
				_ = r.m.Signal(SignalAuthFail)
			},
			wantPhase: PhaseSignedOut, wantWhy: ReasonExpired,
		},
		{
			name: "auth_fail after landing: no loop",
			opts: func(o *Options) { o.AutoSignIn = true },
			run: func(r *rig) {
				_ = r.m.SignIn()
				r.load(primary)
				_ = r.m.Signal(SignalAuthFail)
			},
			wantPhase: PhaseSignedOut, wantWhy: ReasonAuthFail, wantOps: "navigate " + login + "; reload",
		},
		{
			name: "sign-out",
			run: func(r *rig) {
				_ = r.m.Signal(SignalInitialized)
				r.m.SignedOut()
				_ = r.m.Signal(SignalAuthFail)
			},
			wantPhase: PhaseSignedOut, wantWhy: ReasonSignedOut,
		},
		{
			name: "ack timeout then auth_fail at start",
			run: func(r *rig) {
				_ = r.m.Signal(SignalNoAck)
				_ = r.m.Signal(SignalAuthFail)
			},
			wantPhase: PhaseSignedOut, wantWhy: ReasonAuthFail,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, tt.opts)
			tt.run(r)
			st := r.m.State()
			if st.Phase != tt.wantPhase || st.Reason != tt.wantWhy {
				t.Errorf("state = %v/%q, want %v/%q", st.Phase, st.Reason, tt.wantPhase, tt.wantWhy)
			}
			if got := r.w.Ops(); got != tt.wantOps {
				t.Errorf("window ops = %q, want %q", got, tt.wantOps)
			}
		})
	}
}

func TestSessionLifetime(t *testing.T) {
	r := newRig(t, nil)
	_ = r.m.Signal(SignalInitialized)
	st := r.m.State()
	if want := r.clock.Now().Add(12 * time.Hour); !st.ExpiresAt.Equal(want) {
		t.Fatalf("ExpiresAt = %v, want %v", st.ExpiresAt, want)
	}
	r.clock.Advance(11*time.Hour + 44*time.Minute)
	if r.m.State().Expiring {
		t.Fatal("warning 16 minutes before the limit, want 15")
	}
	r.clock.Advance(time.Minute)
	if st := r.m.State(); !st.Expiring || st.Phase != PhaseSignedIn || !strings.Contains(st.Message, "12-hour") {
		t.Fatalf("at limit-15m: %+v, want a warning", st)
	}
	r.m.SaveView([]byte(`{"selectedId":"c1"}`))
	r.clock.Advance(15 * time.Minute)
	if st := r.m.State(); st.Phase != PhaseSignedOut || st.Reason != ReasonExpired {
		t.Fatalf("at the limit: %+v, want signed out (expired)", st)
	}
	if v := string(r.m.TakeView()); v != `{"selectedId":"c1"}` {
		t.Fatalf("view = %q, want it kept across the expiry", v)
	}
	if v := r.m.TakeView(); v != nil {
		t.Fatalf("view taken twice: %q", v)
	}
	// A new sign-in restarts the clock; the old timers do nothing.
	_ = r.m.SignIn()
	r.load(primary)
	_ = r.m.Signal(SignalInitialized)
	r.clock.Advance(time.Hour)
	if st := r.m.State(); st.Phase != PhaseSignedIn || st.Expiring {
		t.Fatalf("after re-sign-in: %+v", st)
	}
}

func TestSignInNeedsLoginURL(t *testing.T) {
	r := newRig(t, func(o *Options) { o.LoginURL = "" })
	if err := r.m.SignIn(); err == nil {
		t.Fatal("SignIn without loginUrl succeeded")
	}
	if err := r.m.Signal("bogus"); err == nil {
		t.Fatal("unknown signal accepted")
	}
}

func TestReporter(t *testing.T) {
	r := newRig(t, nil)
	rep, err := StartReporter(r.m, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rep.Close() })
	_ = r.m.SignIn()
	r.m.PageLoaded()
	n := r.w.lastNonce()
	s := rep.ReportScript(n, true)
	if !strings.Contains(s, rep.Base()+"/loc/") || !strings.Contains(s, "/cancel/") {
		t.Fatalf("script does not post to the reporter: %s", s)
	}
	// Wrong token: 404, nothing happens.
	resp, err := http.Post(rep.Base()+"/loc/wrong/"+n, "text/plain", strings.NewReader("https://phish.example.net/"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || r.m.State().Phase != PhaseSigningIn {
		t.Fatalf("wrong token: HTTP %d, phase %v", resp.StatusCode, r.m.State().Phase)
	}
	locURL := s[strings.Index(s, rep.Base()+"/loc/"):]
	locURL = locURL[:strings.Index(locURL, `"`)]
	resp, err = http.Post(locURL, "text/plain", strings.NewReader(primary))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if st := r.m.State(); st.Phase != PhaseLanded {
		t.Fatalf("after the report: %v, want landed", st.Phase)
	}
	// Cancel link.
	_ = r.m.Signal(SignalAuthFail)
	_ = r.m.SignIn()
	cancelURL := s[strings.Index(s, rep.Base()+"/cancel/"):]
	cancelURL = cancelURL[:strings.Index(cancelURL, `"`)]
	resp, err = http.Get(cancelURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if st := r.m.State(); st.Reason != ReasonCancelled {
		t.Fatalf("after cancel: %+v", st)
	}
}
