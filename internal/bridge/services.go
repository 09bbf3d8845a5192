package bridge

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/config"
	"github.com/ccpdesk/ccpdesk/internal/desktop"
	"github.com/ccpdesk/ccpdesk/internal/region"
	"github.com/ccpdesk/ccpdesk/internal/sandbox"
	"github.com/ccpdesk/ccpdesk/internal/secrets"
	"github.com/ccpdesk/ccpdesk/internal/vdi"
)

// callTimeout bounds every bound call (Wails gives bound methods no context).
const callTimeout = 15 * time.Second

// Deps are the services the bindings front.
type Deps struct {
	Log      zerolog.Logger
	Config   *config.Config
	Sandbox  *sandbox.Sandbox  // nil outside sandbox mode
	Desktop  *desktop.Service  // never nil
	SelfTest *sandbox.SelfTest // nil unless --selftest
	SignIn   *SignIn           // sandbox sign-in round trip (nil outside sandbox)
	Region   *region.Tracker   // Global Resiliency tracker (region.go)
	Logs     *LogsBackend      // log capture, export, timelines (logs.go)
	Auth     *AuthService      // SSO sign-in (loginUrl, or --sandbox-sso); nil otherwise (auth.go)
	Keyring  secrets.Report    // whether the OS keyring is used, and why not
	Version  string
	// BrowserOnly (--browser-only, wails dev): the native window stays idle, browser tabs run the app.
	BrowserOnly bool
	VDI         *vdi.Detection // VDI detection at start (nil: not run)
	// Lifetime returns the app's lifetime context (cancelled at shutdown).
	Lifetime func() context.Context
}

func (d *Deps) ctx() (context.Context, context.CancelFunc) {
	parent := context.Background()
	if d.Lifetime != nil {
		parent = d.Lifetime()
	}
	return context.WithTimeout(parent, callTimeout)
}

// Services returns the bound services, in the order Wails binds them.
func Services(d *Deps) []any {
	return []any{&Shell{d: d}, &Simulator{d: d}, &Desktop{d: d}, &SelfTest{d: d}, &Auth{d: d}, &Region{d: d}, &Logs{d: d}}
}

// ShellConfig is everything the frontend needs to start: the effective configuration with
// the sandbox's URLs filled in.
type ShellConfig struct {
	Version           string             `json:"version"`
	Sandbox           bool               `json:"sandbox"`
	SelfTest          bool               `json:"selfTest"`
	SelfTestScenario  string             `json:"selfTestScenario"`
	CCPURL            string             `json:"ccpUrl"`
	SecondaryCCPURL   string             `json:"secondaryCCPUrl"`
	Regions           []string           `json:"regions"`
	LoginURL          string             `json:"loginUrl"`
	CCPVisibility     string             `json:"ccpVisibility"`
	CCPLoadTimeoutMs  int                `json:"ccpLoadTimeoutMs"`
	Softphone         config.Softphone   `json:"softphone"`
	ContactAttributes []config.Attribute `json:"contactAttributes"`
	Shell             string             `json:"shell"`
	HostedShellURL    string             `json:"hostedShellUrl"`
	ApprovedOrigins   []string           `json:"approvedOrigins"`
	// SignInMode: sandbox (ccpsim signs in by itself), sso (loginUrl, see Auth) or none.
	SignInMode string `json:"signInMode"`
	// Media is the resolved softphone mode: media.softphone is initCCP's params.softphone as
	// is (allowFramedSoftphone, disableRingtone, ringtoneUrl, disableEchoCancellation,
	// VDIPlatform); media.mediaOnly asks for the compact media window (docs/vdi.md).
	Media vdi.Plan `json:"media"`
	// VDI is what detection found at start (diagnostics).
	VDI *vdi.Detection `json:"vdi"`
	// BrowserOnly: the native window does not start the app (--browser-only, for wails dev's browser mode).
	BrowserOnly bool `json:"browserOnly"`
}

// Shell serves configuration and sign-in.
type Shell struct {
	d *Deps
}

// Config returns the effective configuration.
func (s *Shell) Config() ShellConfig {
	c := s.d.Config
	out := ShellConfig{
		Version: s.d.Version, Sandbox: c.Sandbox, SelfTest: s.d.SelfTest != nil,
		CCPURL: c.CCPURL, SecondaryCCPURL: c.SecondaryCCPURL, Regions: c.Regions, LoginURL: c.LoginURL,
		CCPVisibility: c.CCPVisibility, CCPLoadTimeoutMs: c.CCPLoadTimeoutSeconds * 1000,
		Softphone: c.Softphone, ContactAttributes: c.ContactAttributes,
		Shell: c.Shell, HostedShellURL: c.HostedShellURL, BrowserOnly: s.d.BrowserOnly,
	}
	if s.d.SelfTest != nil {
		out.SelfTestScenario = s.d.SelfTest.Scenario()
	}
	if out.ContactAttributes == nil {
		out.ContactAttributes = []config.Attribute{}
	}
	if sb := s.d.Sandbox; sb != nil {
		info := sb.Info()
		out.CCPURL, out.SecondaryCCPURL, out.LoginURL = sb.PrimaryCCPURL(), sb.SecondaryCCPURL(), sb.LoginURL()
		out.Regions = info.Regions
		if len(out.ContactAttributes) == 0 {
			out.ContactAttributes = []config.Attribute{{Key: "accountId", Label: "Account"}, {Key: "tier", Label: "Tier"}}
		}
	}
	if out.Regions == nil {
		out.Regions = []string{}
	}
	out.SignInMode = signInMode(s.d)
	for _, o := range config.ApprovedOrigins(c) {
		out.ApprovedOrigins = append(out.ApprovedOrigins, o.Origin)
	}
	out.VDI = s.d.VDI
	if plan, err := c.SoftphonePlan(s.d.VDI); err == nil {
		out.Media = plan
	} else { // Load validated the configuration: not reached for a loaded Config
		s.d.Log.Error().Err(err).Str("component", "bridge").Msg("softphone plan")
	}
	return out
}

// SandboxSignInURL returns the URL the window navigates to (top level) to sign the
// sandbox agent in. appURL is the page's own URL: http(s) pages get redirected straight
// back by ccpsim; the wails:// page is brought back by SignIn once ccpsim's landing page
// has loaded (WebKit refuses an HTTP redirect to wails://).
func (s *Shell) SandboxSignInURL(appURL string) (string, error) {
	if s.d.Sandbox == nil || s.d.SignIn == nil {
		return "", fmt.Errorf("sandbox sign-in: %w", ErrNotAvailable)
	}
	u, direct, err := s.d.Sandbox.SignInURL(appURL)
	if err != nil {
		return "", err
	}
	if direct {
		s.d.SignIn.Mark(origin(appURL))
	} else {
		s.d.SignIn.Begin(origin(appURL))
	}
	s.d.Log.Info().Str("component", "bridge").Bool("direct", direct).Msg("sandbox sign-in: navigating to ccpsim")
	return u, nil
}

// SandboxSignInAttempted reports whether this run of the app already sent the page at
// appURL's origin through the sandbox sign-in (the window and a wails dev browser tab
// each need their own, since they do not share cookies).
func (s *Shell) SandboxSignInAttempted(appURL string) bool {
	return s.d.SignIn != nil && s.d.SignIn.Attempted(origin(appURL))
}

func origin(appURL string) string {
	u, err := url.Parse(appURL)
	if err != nil {
		return appURL
	}
	return u.Scheme + "://" + u.Host
}

// Simulator is the Simulator drawer's backend (sandbox only).
type Simulator struct{ d *Deps }

func (s *Simulator) sb() (*sandbox.Sandbox, error) {
	if s.d.Sandbox == nil {
		return nil, fmt.Errorf("simulator: %w", sandbox.ErrNotRunning)
	}
	return s.d.Sandbox, nil
}

// MakeContact makes a contact arrive and returns its id.
func (s *Simulator) MakeContact(req sandbox.ContactRequest) (string, error) {
	sb, err := s.sb()
	if err != nil {
		return "", err
	}
	ctx, cancel := s.d.ctx()
	defer cancel()
	return sb.MakeContact(ctx, req)
}

// HangUp ends a contact as the customer.
func (s *Simulator) HangUp(contactID string) error {
	sb, err := s.sb()
	if err != nil {
		return err
	}
	ctx, cancel := s.d.ctx()
	defer cancel()
	return sb.Disconnect(ctx, contactID)
}

// Answer makes the far end of an outbound or third-party leg answer.
func (s *Simulator) Answer(contactID string) error {
	sb, err := s.sb()
	if err != nil {
		return err
	}
	ctx, cancel := s.d.ctx()
	defer cancel()
	return sb.Answer(ctx, contactID)
}

// Failover makes region the active Global Resiliency region.
func (s *Simulator) Failover(region string) error {
	sb, err := s.sb()
	if err != nil {
		return err
	}
	ctx, cancel := s.d.ctx()
	defer cancel()
	return sb.SetActiveRegion(ctx, region)
}

// AddFault injects a ccpsim fault (e.g. a secondary that does not approve the app's origin).
func (s *Simulator) AddFault(f sandbox.Fault) (string, error) {
	sb, err := s.sb()
	if err != nil {
		return "", err
	}
	ctx, cancel := s.d.ctx()
	defer cancel()
	return sb.AddFault(ctx, f)
}

// ClearFaults removes every injected fault.
func (s *Simulator) ClearFaults() error {
	sb, err := s.sb()
	if err != nil {
		return err
	}
	ctx, cancel := s.d.ctx()
	defer cancel()
	return sb.ClearFaults(ctx)
}

// Requests returns ccpsim's record of the Streams API requests after sequence number since (JSON text).
func (s *Simulator) Requests(since int64) (string, error) {
	sb, err := s.sb()
	if err != nil {
		return "", err
	}
	ctx, cancel := s.d.ctx()
	defer cancel()
	raw, err := sb.Requests(ctx, since)
	if err != nil {
		return "", err
	}
	return string(raw), nil
}

// ExpireSession ends the sandbox agent's session (to see the sign-in recovery).
func (s *Simulator) ExpireSession() error {
	sb, err := s.sb()
	if err != nil {
		return err
	}
	ctx, cancel := s.d.ctx()
	defer cancel()
	return sb.ExpireSession(ctx, sandbox.Username)
}

// State returns ccpsim's state document (JSON text).
func (s *Simulator) State() (string, error) {
	sb, err := s.sb()
	if err != nil {
		return "", err
	}
	ctx, cancel := s.d.ctx()
	defer cancel()
	raw, err := sb.State(ctx)
	if err != nil {
		return "", err
	}
	return string(raw), nil
}

// Desktop fronts the desktop integration.
type Desktop struct{ d *Deps }

// ContactIncoming raises the window and notifies, once per contact.
func (x *Desktop) ContactIncoming(c desktop.IncomingContact) error {
	ctx, cancel := x.d.ctx()
	defer cancel()
	return x.d.Desktop.ContactIncoming(ctx, c)
}

// SetActiveContacts tells the close protection how many contacts are active.
func (x *Desktop) SetActiveContacts(n int) { x.d.Desktop.SetActiveContacts(n) }

// ConfirmQuit quits although contacts are active.
func (x *Desktop) ConfirmQuit() { x.d.Desktop.ConfirmQuit() }

// SelfTest receives the self-test driver's observations.
type SelfTest struct{ d *Deps }

// Step records a step; on agent_ready it makes the call arrive and returns its id.
func (s *SelfTest) Step(name string, panel map[string]any) (string, error) {
	if s.d.SelfTest == nil {
		return "", fmt.Errorf("self-test: %w", ErrNotAvailable)
	}
	ctx, cancel := s.d.ctx()
	defer cancel()
	return s.d.SelfTest.Step(ctx, name, panel)
}

// Finish ends the self-test ("" = the frontend saw everything).
func (s *SelfTest) Finish(failure string) error {
	if s.d.SelfTest == nil {
		return fmt.Errorf("self-test: %w", ErrNotAvailable)
	}
	s.d.SelfTest.Finish(failure)
	return nil
}

// Log lets the frontend write to the app log (Streams errors, self-test diagnostics).
func (s *Shell) Log(level, message string, fields map[string]any) {
	l := s.d.Log.With().Str("component", "frontend").Logger()
	ev := l.Info()
	switch level {
	case "error":
		ev = l.Error()
	case "warn":
		ev = l.Warn()
	case "debug":
		ev = l.Debug()
	}
	if len(fields) > 0 {
		if b, err := json.Marshal(fields); err == nil {
			ev = ev.RawJSON("fields", b)
		}
	}
	ev.Msg(message)
}
