package bridge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/ccpdesk/ccpdesk/internal/auth"
	"github.com/ccpdesk/ccpdesk/internal/config"
	"github.com/ccpdesk/ccpdesk/internal/events"
	"github.com/ccpdesk/ccpdesk/internal/sandbox"
	"github.com/ccpdesk/ccpdesk/internal/secrets"
)

// EventAuthState carries AuthState whenever the sign-in state changes (Go → frontend).
const EventAuthState = "auth:state"

// Sign-in modes (ShellConfig.SignInMode).
const (
	SignInSandbox = "sandbox" // ccpsim signs the agent in by itself (bridge.SignIn)
	SignInSSO     = "sso"     // loginUrl: the identity provider in the top-level window (internal/auth)
	SignInNone    = "none"    // no loginUrl: the CCP's own sign-in
)

// AuthOptions configure NewAuth.
type AuthOptions struct {
	Log     zerolog.Logger
	Config  *config.Config
	Sandbox *sandbox.Sandbox // with SSO (--sandbox-sso): the test IdP; nil outside sandbox
	Runtime *Runtime
	Emitter events.Emitter // default Runtime
	Secrets secrets.Store
	Keyring secrets.Report
	// SelfTest with scenario "sso" fills the test IdP's forms (WindowExecJS).
	SelfTest *sandbox.SelfTest
	// AppOrigins are the app's own page origins (default: the bundled shell's and wails dev's).
	AppOrigins []string
	Clock      auth.Clock
}

// AuthService runs the SSO sign-in for the window: the state machine, its loopback
// location reporter, sign-out, and what the keyring keeps (username hint, identity
// provider). It is not bound; the bound facade is Auth.
type AuthService struct {
	log       zerolog.Logger
	m         *auth.Machine
	rep       *auth.Reporter
	rt        *Runtime
	emit      events.Emitter
	store     secrets.Store
	keyring   secrets.Report
	loginURL  string
	logout    []string // logout URLs, in order
	sandboxed bool
	classify  *auth.Classifier
	filler    *ssoFiller

	mu         sync.Mutex
	signingOut []string
	outTimer   *time.Timer
}

// NewAuth starts the sign-in service (and its loopback reporter).
func NewAuth(o AuthOptions) (*AuthService, error) {
	c := o.Config
	loginURL, ccps := c.LoginURL, []string{c.CCPURL}
	if c.SecondaryCCPURL != "" {
		ccps = append(ccps, c.SecondaryCCPURL)
	}
	if o.Sandbox != nil {
		loginURL, ccps = o.Sandbox.LoginURL(), []string{o.Sandbox.PrimaryCCPURL()}
		if s := o.Sandbox.SecondaryCCPURL(); s != "" {
			ccps = append(ccps, s)
		}
	}
	if o.AppOrigins == nil {
		o.AppOrigins = []string{"wails://wails", "http://wails.localhost", "http://localhost:34115"}
		if c.HostedShellURL != "" {
			o.AppOrigins = append(o.AppOrigins, config.Origin(c.HostedShellURL))
		}
	}
	if o.Emitter == nil {
		o.Emitter = o.Runtime
	}
	if o.Secrets == nil {
		o.Secrets = secrets.NewMemory()
	}
	a := &AuthService{log: o.Log.With().Str("component", "auth").Logger(), rt: o.Runtime, emit: o.Emitter,
		store: o.Secrets, keyring: o.Keyring, loginURL: loginURL}
	for _, u := range ccps {
		a.logout = append(a.logout, logoutURL(u, o.Sandbox != nil))
	}
	if o.Sandbox != nil && o.Sandbox.Info().SSO != nil {
		a.logout = append(a.logout, o.Sandbox.Info().SSO.IdP+"/logout")
	}
	if o.SelfTest != nil && o.SelfTest.Scenario() == sandbox.ScenarioSSO && o.Sandbox != nil && o.Sandbox.Info().SSO != nil {
		a.filler = &ssoFiller{a: a, st: o.SelfTest, sso: *o.Sandbox.Info().SSO, log: a.log}
	}
	w := &authWindow{rt: o.Runtime}
	a.sandboxed = o.Sandbox != nil
	a.classify = auth.NewClassifier(o.AppOrigins, ccps, loginURL, c.SignIn.IdentityProviderHosts)
	a.m = auth.New(auth.Options{
		LoginURL:     loginURL,
		Classifier:   a.classify,
		Window:       w,
		Clock:        o.Clock,
		Log:          o.Log,
		Timeout:      time.Duration(c.SignIn.TimeoutSeconds) * time.Second,
		WarnBefore:   time.Duration(c.SignIn.SessionWarningMinutes) * time.Minute,
		AutoSignIn:   c.SignIn.AutoSignIn,
		Global:       len(ccps) > 1 && c.SignIn.Global,
		OnChange:     func(auth.State) { a.emit.Emit(EventAuthState, a.State()) },
		OnLocation:   a.onLocation,
		SessionLimit: 0,
	})
	rep, err := auth.StartReporter(a.m, o.Log)
	if err != nil {
		return nil, err
	}
	a.rep, w.rep = rep, rep
	return a, nil
}

// logoutURL is the instance's logout for a CCP URL: /logout (my.connect.aws),
// /connect/logout (awsapps.com), ccpsim's /auth/sign-out in the sandbox.
func logoutURL(ccp string, sandboxed bool) string {
	o := config.Origin(ccp)
	switch {
	case sandboxed:
		return o + "/auth/sign-out"
	case strings.HasPrefix(mustPath(ccp), "/connect/"):
		return o + "/connect/logout"
	default:
		return o + "/logout"
	}
}

func mustPath(v string) string {
	u, err := url.Parse(v)
	if err != nil {
		return ""
	}
	return u.Path
}

// Machine is the state machine (tests).
func (a *AuthService) Machine() *auth.Machine { return a.m }

// Close stops the reporter.
func (a *AuthService) Close() error { return a.rep.Close() }

// PageLoaded is the OnDomReady hook (every top-level load).
func (a *AuthService) PageLoaded() {
	a.mu.Lock()
	if len(a.signingOut) > 0 {
		next := a.signingOut[0]
		a.signingOut = a.signingOut[1:]
		a.mu.Unlock()
		a.rt.Navigate(next)
		return
	}
	if a.outTimer != nil {
		a.outTimer.Stop()
		a.outTimer = nil
		a.mu.Unlock()
		a.rt.ReloadApp()
		return
	}
	a.mu.Unlock()
	a.m.PageLoaded()
}

func (a *AuthService) onLocation(k auth.Kind, href string) {
	if k == auth.KindIdP {
		a.remember(secrets.KeyIdentityProvider, a.loginURL)
	}
	if a.filler != nil {
		a.filler.at(k, href)
	}
}

func (a *AuthService) remember(key secrets.Key, v string) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := a.store.Set(ctx, key, v); err != nil {
			a.log.Warn().Err(err).Str("key", string(key)).Msg("keyring: not remembered")
		}
	}()
}

// AuthState is what the sign-in screen and diagnostics show.
type AuthState struct {
	Mode    string     `json:"mode"`
	Session auth.State `json:"session"`
	// LoginHost is the identity provider's host (never the full loginUrl in logs).
	LoginHost        string `json:"loginHost"`
	UsernameHint     string `json:"usernameHint"`
	IdentityProvider string `json:"identityProvider"`
	// Keyring says whether the OS keyring is used and, if not, why (the hints then last
	// only until the app exits).
	Keyring secrets.Report `json:"keyring"`
}

// State returns the current sign-in state with the keyring hints.
func (a *AuthService) State() AuthState {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	s := AuthState{Mode: SignInSSO, Session: a.m.State(), LoginHost: auth.Host(a.loginURL), Keyring: a.keyring}
	s.UsernameHint, _ = a.store.Get(ctx, secrets.KeyUsernameHint)
	s.IdentityProvider, _ = a.store.Get(ctx, secrets.KeyIdentityProvider)
	return s
}

// SignOut ends the CCP session: the instance's logout page(s) in the top-level window
// (which clears the session cookies), then back to the desk. The frontend has already set
// the agent Offline and cleared its local state.
func (a *AuthService) SignOut() {
	a.m.SignedOut()
	a.mu.Lock()
	urls := append([]string(nil), a.logout...)
	if len(urls) == 0 {
		a.mu.Unlock()
		a.rt.ReloadApp()
		return
	}
	a.signingOut = urls[1:]
	a.outTimer = time.AfterFunc(15*time.Second, func() {
		a.mu.Lock()
		a.signingOut, a.outTimer = nil, nil
		a.mu.Unlock()
		a.rt.ReloadApp()
	})
	a.mu.Unlock()
	a.log.Info().Int("pages", len(urls)).Msg("sign-out: ending the CCP session")
	a.rt.Navigate(urls[0])
}

// authWindow drives the Wails window for the machine.
type authWindow struct {
	rt  *Runtime
	rep *auth.Reporter
}

func (w *authWindow) Navigate(u string) { w.rt.Navigate(u) }
func (w *authWindow) ReloadApp()        { w.rt.ReloadApp() }
func (w *authWindow) ReportLocation(nonce string, bar bool) {
	if w.rep != nil {
		w.rt.execJS(w.rep.ReportScript(nonce, bar))
	}
}

// execJS runs js in whatever page is loaded.
func (r *Runtime) execJS(js string) {
	if ctx := r.wctx(); ctx != nil {
		runtime.WindowExecJS(ctx, js)
	}
}

// Auth is the sign-in facade bound to the frontend.
type Auth struct{ d *Deps }

func (x *Auth) svc() (*AuthService, error) {
	if x.d.Auth == nil {
		return nil, fmt.Errorf("sign-in: %w", ErrNotAvailable)
	}
	return x.d.Auth, nil
}

// State returns the sign-in state.
func (x *Auth) State() (AuthState, error) {
	s, err := x.svc()
	if err != nil {
		return AuthState{Mode: SignInNone}, nil
	}
	return s.State(), nil
}

// Signal forwards one of Streams' signals: initialized, auth_fail, retries_exhausted, ack_timeout.
func (x *Auth) Signal(kind string) error {
	s, err := x.svc()
	if err != nil {
		return err
	}
	if err := s.m.Signal(kind); err != nil {
		if errors.Is(err, auth.ErrNoLoginURL) {
			return err
		}
		return &Error{Code: CodeBadRequest, Message: err.Error()}
	}
	return nil
}

// SignIn navigates the window to the identity provider. viewState (JSON, may be empty) is
// the panel's view, handed back by TakeView after the return.
func (x *Auth) SignIn(viewState string) error {
	s, err := x.svc()
	if err != nil {
		return err
	}
	if viewState != "" {
		if !json.Valid([]byte(viewState)) || len(viewState) > 64<<10 {
			return &Error{Code: CodeBadRequest, Message: "view state must be JSON under 64 KiB"}
		}
		s.m.SaveView([]byte(viewState))
	}
	return s.m.SignIn()
}

// SignInHere is the sign-in for a page outside the native window (wails dev's browser
// mode, sandbox only): it returns the URL the page navigates to itself — loginUrl with the
// page's own address as relay state, so the federation endpoint sends the tab back.
func (x *Auth) SignInHere(appURL, viewState string) (string, error) {
	s, err := x.svc()
	if err != nil {
		return "", err
	}
	if !s.sandboxed || !s.isApp(appURL) {
		return "", &Error{Code: CodeBadRequest, Message: "sign-in from this page is not available: use the app window"}
	}
	if viewState != "" && json.Valid([]byte(viewState)) && len(viewState) <= 64<<10 {
		s.m.SaveView([]byte(viewState))
	}
	if err := s.m.SignInElsewhere(); err != nil {
		return "", err
	}
	sep := "?"
	if strings.Contains(s.loginURL, "?") {
		sep = "&"
	}
	return s.loginURL + sep + "RelayState=" + url.QueryEscape(appURL), nil
}

// SaveView keeps the panel's view state (JSON) in memory across a navigation.
func (x *Auth) SaveView(viewState string) error {
	s, err := x.svc()
	if err != nil {
		return err
	}
	if !json.Valid([]byte(viewState)) || len(viewState) > 64<<10 {
		return &Error{Code: CodeBadRequest, Message: "view state must be JSON under 64 KiB"}
	}
	s.m.SaveView([]byte(viewState))
	return nil
}

// TakeView returns the saved view state once ("" if none).
func (x *Auth) TakeView() string {
	s, err := x.svc()
	if err != nil {
		return ""
	}
	return string(s.m.TakeView())
}

// Cancel abandons a sign-in in progress.
func (x *Auth) Cancel() error {
	s, err := x.svc()
	if err != nil {
		return err
	}
	s.m.Cancel()
	return nil
}

// Remember keeps the agent's username as the next sign-in's hint (OS keyring when there is one).
func (x *Auth) Remember(username string) error {
	s, err := x.svc()
	if err != nil {
		return err
	}
	if username == "" || len(username) > 256 {
		return &Error{Code: CodeBadRequest, Message: "username hint must be 1..256 characters"}
	}
	s.remember(secrets.KeyUsernameHint, username)
	return nil
}

// SignOut ends the CCP session (call after setting the agent Offline).
func (x *Auth) SignOut() error {
	s, err := x.svc()
	if err != nil {
		return err
	}
	s.SignOut()
	return nil
}

// Keyring reports whether the OS keyring is in use and why not (every mode).
func (x *Auth) Keyring() secrets.Report { return x.d.Keyring }

// ssoFiller is the self-test's agent at the test identity provider (scenario "sso"): the
// first time the IdP's page loads it follows a link to an unlisted host (which must be
// blocked); the next time it fills username and password, then the TOTP code from the
// test IdP's hook, through WindowExecJS. It records each step in the self-test report.
type ssoFiller struct {
	a   *AuthService
	st  *sandbox.SelfTest
	sso sandbox.SSO
	log zerolog.Logger

	mu      sync.Mutex
	blocked bool
}

// fillPause keeps the IdP page on screen for a screenshot before submitting.
const fillPause = 2500 * time.Millisecond

func (f *ssoFiller) at(k auth.Kind, href string) {
	u, err := url.Parse(href)
	if err != nil {
		return
	}
	step := func(name string) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, _ = f.st.Step(ctx, name, map[string]any{"host": u.Host, "path": u.Path, "kind": string(k)})
	}
	switch k {
	case auth.KindBlocked:
		go step("blocked")
		return
	case auth.KindLanded:
		go step("landed")
		return
	case auth.KindIdP:
	default:
		return
	}
	go func() {
		switch {
		case strings.HasPrefix(u.Path, "/app/"):
			f.mu.Lock()
			first := !f.blocked
			f.blocked = true
			f.mu.Unlock()
			if first {
				step("idp_redirect_elsewhere")
				f.a.rt.Navigate(f.a.rep.Base() + "/not-allowed")
				return
			}
			step("idp_password")
			time.Sleep(fillPause)
			f.a.rt.execJS(fillScript(map[string]string{"#username": f.sso.Username, "#password": f.sso.Password}, "#signin"))
		case u.Path == "/login":
			code, err := f.totp()
			if err != nil {
				f.st.Finish("TOTP test hook: " + err.Error())
				return
			}
			step("idp_totp")
			time.Sleep(fillPause / 2)
			f.a.rt.execJS(fillScript(map[string]string{"#code": code}, "#verify"))
		}
	}()
}

func (f *ssoFiller) totp() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.sso.TOTPHook, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var v struct {
		Code string `json:"code"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || v.Code == "" {
		return "", fmt.Errorf("no code (HTTP %d)", resp.StatusCode)
	}
	return v.Code, nil
}

// fillScript sets input values (as a person typing would, with input events) and clicks submit.
func fillScript(values map[string]string, submit string) string {
	v, _ := json.Marshal(values)
	s, _ := json.Marshal(submit)
	return `(function(){var v=` + string(v) + `;for(var k in v){var e=document.querySelector(k);if(!e)return;` +
		`e.focus();e.value=v[k];e.dispatchEvent(new Event("input",{bubbles:true}));e.dispatchEvent(new Event("change",{bubbles:true}))}` +
		`var b=document.querySelector(` + string(s) + `);if(b)b.click()})();`
}

func signInMode(d *Deps) string {
	switch {
	case d.Auth != nil:
		return SignInSSO
	case d.SignIn != nil:
		return SignInSandbox
	}
	return SignInNone
}

// isApp reports whether u is one of the app's own pages over http(s).
func (a *AuthService) isApp(u string) bool {
	return (strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")) && a.classify.Classify(u) == auth.KindApp
}
