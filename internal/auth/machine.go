package auth

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/clock"
)

// Phase is where the sign-in is.
type Phase string

// Phases.
const (
	PhaseSignedOut Phase = "signed-out" // the sign-in screen (Reason says why)
	PhaseSigningIn Phase = "signing-in" // the window is at loginUrl / the identity provider
	PhaseLanded    Phase = "landed"     // the CCP loaded signed in; returning to the desk
	PhaseSignedIn  Phase = "signed-in"  // the desk's CCP initialised
)

// Reasons for PhaseSignedOut.
const (
	ReasonStart            = "start"             // nothing happened yet this run
	ReasonAuthFail         = "auth_fail"         // Streams: onAuthFail
	ReasonRetriesExhausted = "retries_exhausted" // Streams: onIframeRetriesExhausted
	ReasonNoAck            = "ack_timeout"       // Streams: no first ACK
	ReasonCancelled        = "cancelled"
	ReasonTimeout          = "timeout"
	ReasonBlocked          = "blocked"
	ReasonExpired          = "session_expired"
	ReasonSignedOut        = "signed_out"
)

// Signals the frontend forwards from Streams.
const (
	SignalInitialized      = "initialized"
	SignalAuthFail         = ReasonAuthFail
	SignalRetriesExhausted = ReasonRetriesExhausted
	SignalNoAck            = ReasonNoAck
)

// SessionLimit is Amazon Connect's maximum session length.
const SessionLimit = 12 * time.Hour

// State is what the sign-in screen and diagnostics show.
type State struct {
	Phase   Phase  `json:"phase"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
	// BlockedHost is the host that was refused (ReasonBlocked).
	BlockedHost string `json:"blockedHost,omitempty"`
	// SignedInAt and ExpiresAt (RFC 3339) while signed in; WarnAt is when the warning shows.
	SignedInAt time.Time `json:"signedInAt,omitzero" ts_type:"string"`
	ExpiresAt  time.Time `json:"expiresAt,omitzero" ts_type:"string"`
	Expiring   bool      `json:"expiring"` // within the warning window
	// Deadline of the sign-in in progress.
	Deadline   time.Time `json:"deadline,omitzero" ts_type:"string"`
	AutoSignIn bool      `json:"autoSignIn"`
	Global     bool      `json:"global"`
	Attempts   int       `json:"attempts"`
}

// Window is what the machine drives.
type Window interface {
	// Navigate loads url as the top-level page.
	Navigate(url string)
	// ReloadApp returns the window to the app's own start page (the desk).
	ReloadApp()
	// ReportLocation asks the page now loaded to report its location (asynchronously, to
	// Machine.Location with nonce), and to show a "Cancel sign-in" bar when cancelBar.
	ReportLocation(nonce string, cancelBar bool)
}

// Timer is a stoppable timer.
type Timer = clock.Timer

// Clock is the machine's time source.
type Clock = clock.Clock

// Options configure New.
type Options struct {
	LoginURL   string
	Classifier *Classifier
	Window     Window
	Clock      Clock // default clock.Real()
	Log        zerolog.Logger
	// Timeout of one sign-in (navigate → landed); default 5 minutes.
	Timeout time.Duration
	// SessionLimit default SessionLimit; WarnBefore default 15 minutes.
	SessionLimit, WarnBefore time.Duration
	AutoSignIn               bool
	// Global: Global Resiliency's global sign-in — one identity-provider flow signs in to
	// both instances; landing on either instance's CCP completes it.
	Global bool
	// OnChange is called (outside the lock) after every state change.
	OnChange func(State)
	// OnLocation is called (outside the lock) with every classified location report during
	// a sign-in (self-test automation, diagnostics).
	OnLocation func(k Kind, href string)
	// Nonce makes the per-load nonces (default: crypto/rand).
	Nonce func() string
}

// ErrNoLoginURL is returned by SignIn without a loginUrl.
var ErrNoLoginURL = errors.New("no loginUrl configured")

// Machine is the sign-in state machine. Safe for concurrent use.
type Machine struct {
	o   Options
	log zerolog.Logger

	mu       sync.Mutex
	st       State
	timer    Timer // sign-in timeout
	warn     Timer // session warning
	expire   Timer // session limit
	nonce    string
	gen      int // bumps on every sign-in so stale timers do nothing
	view     []byte
	changed  []State
	signOuts int
}

// New returns a machine in PhaseSignedOut (ReasonStart).
func New(o Options) *Machine {
	if o.Clock == nil {
		o.Clock = clock.Real()
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Minute
	}
	if o.SessionLimit <= 0 {
		o.SessionLimit = SessionLimit
	}
	if o.WarnBefore <= 0 {
		o.WarnBefore = 15 * time.Minute
	}
	if o.Nonce == nil {
		o.Nonce = randomToken
	}
	m := &Machine{o: o, log: o.Log.With().Str("component", "auth").Logger()}
	m.st = State{Phase: PhaseSignedOut, Reason: ReasonStart, AutoSignIn: o.AutoSignIn, Global: o.Global}
	return m
}

// State returns the current state.
func (m *Machine) State() State {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.st
}

// set changes the state (caller holds mu) and queues the notification.
func (m *Machine) set(st State) {
	st.AutoSignIn, st.Global = m.o.AutoSignIn, m.o.Global
	st.Attempts = m.st.Attempts
	m.st = st
	m.changed = append(m.changed, st)
}

// unlock releases mu and delivers queued notifications in order.
func (m *Machine) unlock() {
	ch := m.changed
	m.changed = nil
	m.mu.Unlock()
	if m.o.OnChange != nil {
		for _, s := range ch {
			m.o.OnChange(s)
		}
	}
}

// SignIn navigates the window to loginUrl. A sign-in in progress is not restarted.
func (m *Machine) SignIn() error { return m.begin(true) }

// SignInElsewhere starts a sign-in the page performs itself (a browser tab in wails dev's
// browser mode, which the window's page-load hooks cannot see): the timeout runs, and the
// CCP's "initialized" signal completes it. Nothing can be blocked there.
func (m *Machine) SignInElsewhere() error { return m.begin(false) }

func (m *Machine) begin(navigate bool) error {
	if m.o.LoginURL == "" {
		return fmt.Errorf("sign in: %w", ErrNoLoginURL)
	}
	m.mu.Lock()
	if m.st.Phase == PhaseSigningIn || m.st.Phase == PhaseLanded {
		m.unlock()
		return nil
	}
	m.stopTimers()
	m.gen++
	gen := m.gen
	now := m.o.Clock.Now()
	m.st.Attempts++
	m.set(State{Phase: PhaseSigningIn, Deadline: now.Add(m.o.Timeout)})
	m.timer = m.o.Clock.AfterFunc(m.o.Timeout, func() { m.timeout(gen) })
	m.unlock()
	m.log.Info().Str("idp_host", Host(m.o.LoginURL)).Bool("global", m.o.Global).Bool("window", navigate).Msg("sign-in: navigating to the identity provider")
	if navigate {
		m.o.Window.Navigate(m.o.LoginURL)
	}
	return nil
}

func (m *Machine) timeout(gen int) {
	m.mu.Lock()
	if gen != m.gen || m.st.Phase != PhaseSigningIn {
		m.unlock()
		return
	}
	m.timer = nil
	m.set(State{Phase: PhaseSignedOut, Reason: ReasonTimeout,
		Message: fmt.Sprintf("Sign-in did not finish within %s. Try again.", m.o.Timeout.Round(time.Second))})
	m.unlock()
	m.log.Warn().Dur("timeout", m.o.Timeout).Msg("sign-in timed out; back to the sign-in screen")
	m.o.Window.ReloadApp()
}

// Cancel abandons a sign-in in progress and returns to the sign-in screen.
func (m *Machine) Cancel() {
	m.mu.Lock()
	if m.st.Phase != PhaseSigningIn {
		m.unlock()
		return
	}
	m.stopTimers()
	m.gen++
	m.set(State{Phase: PhaseSignedOut, Reason: ReasonCancelled, Message: "Sign-in cancelled."})
	m.unlock()
	m.log.Info().Msg("sign-in cancelled")
	m.o.Window.ReloadApp()
}

// PageLoaded is called on every top-level page load (OnDomReady). During a sign-in it
// asks the page for its location with a fresh nonce.
func (m *Machine) PageLoaded() {
	m.mu.Lock()
	if m.st.Phase != PhaseSigningIn {
		m.unlock()
		return
	}
	m.nonce = m.o.Nonce()
	n := m.nonce
	m.unlock()
	m.o.Window.ReportLocation(n, true)
}

// Location receives the location a page reported for nonce (each nonce works once). It
// returns the page's kind ("" for a stale or unknown nonce).
func (m *Machine) Location(nonce, href string) Kind {
	m.mu.Lock()
	if nonce == "" || nonce != m.nonce {
		m.unlock()
		return ""
	}
	m.nonce = ""
	if m.st.Phase != PhaseSigningIn {
		m.unlock()
		return ""
	}
	k := m.o.Classifier.Classify(href)
	var action func()
	switch k {
	case KindLanded:
		m.stopTimers()
		m.set(State{Phase: PhaseLanded})
		action = m.o.Window.ReloadApp
		m.log.Info().Str("host", Host(href)).Bool("global", m.o.Global).Msg("sign-in: landed on the CCP; returning to the desk")
	case KindBlocked:
		m.stopTimers()
		m.gen++
		host := Host(href)
		m.set(State{Phase: PhaseSignedOut, Reason: ReasonBlocked, BlockedHost: host,
			Message: fmt.Sprintf("Sign-in was stopped: the page went to %s, which is not an allowed sign-in host.", hostOr(host, "an unknown address"))})
		action = m.o.Window.ReloadApp
		m.log.Warn().Str("host", host).Msg("sign-in: blocked a page on a host that is not allowed")
	case KindApp:
		// The app's own page during a sign-in: the window came back without landing (the
		// agent used a back gesture, or a redirect). Keep waiting for the timeout.
		m.log.Debug().Msg("sign-in: the app page loaded during sign-in")
	default:
		m.log.Debug().Str("kind", string(k)).Str("host", Host(href)).Msg("sign-in: page loaded")
	}
	m.unlock()
	if m.o.OnLocation != nil {
		m.o.OnLocation(k, href)
	}
	if action != nil {
		action()
	}
	return k
}

func hostOr(h, def string) string {
	if h == "" {
		return def
	}
	return h
}

// Signal takes one of Streams' signals from the frontend: initialized, auth_fail,
// retries_exhausted, ack_timeout. With AutoSignIn, auth_fail or ack_timeout at start (or
// when a signed-in session ends) starts a sign-in.
// Signals while a sign-in is in progress are ignored (with global sign-in both CCPs
// report their failure; one flow signs in to both).
func (m *Machine) Signal(sig string) error {
	m.mu.Lock()
	switch sig {
	case SignalInitialized:
		if m.st.Phase == PhaseSignedIn {
			m.unlock()
			return nil
		}
		m.stopTimers()
		m.gen++
		gen := m.gen
		now := m.o.Clock.Now()
		exp := now.Add(m.o.SessionLimit)
		m.set(State{Phase: PhaseSignedIn, SignedInAt: now, ExpiresAt: exp})
		if d := m.o.SessionLimit - m.o.WarnBefore; d > 0 {
			m.warn = m.o.Clock.AfterFunc(d, func() { m.expiring(gen) })
		}
		m.expire = m.o.Clock.AfterFunc(m.o.SessionLimit, func() { m.expired(gen, ReasonExpired) })
		m.unlock()
		m.log.Info().Time("expires_at", exp).Msg("signed in: the CCP initialised")
		return nil
	case SignalAuthFail, SignalRetriesExhausted, SignalNoAck:
	default:
		m.unlock()
		return fmt.Errorf("unknown sign-in signal %q", sig)
	}
	if m.st.Phase == PhaseSigningIn {
		m.unlock()
		return nil
	}
	prev := m.st
	if prev.Phase == PhaseSignedOut {
		switch prev.Reason {
		case ReasonStart, ReasonExpired:
		case ReasonAuthFail, ReasonRetriesExhausted, ReasonNoAck:
			if prev.Reason == sig || sig == SignalNoAck {
				m.unlock()
				return nil
			}
		default: // cancelled, timeout, blocked, signed_out: keep the screen's message; no automatic retry
			m.unlock()
			return nil
		}
	}
	wasIn := prev.Phase == PhaseSignedIn
	m.stopTimers()
	m.gen++
	reason, msg := sig, signalMessage(sig)
	switch {
	case wasIn && sig == SignalAuthFail:
		reason, msg = ReasonExpired, "Your Amazon Connect session ended. Sign in again; the panel comes back as it was."
	case prev.Reason == ReasonExpired:
		reason, msg = prev.Reason, prev.Message
	case prev.Phase == PhaseLanded:
		msg = "The identity provider signed you in, but Amazon Connect did not accept the session. Try again, or ask your administrator."
	}
	m.set(State{Phase: PhaseSignedOut, Reason: reason, Message: msg})
	// A signed-out CCP shows as auth_fail, or (Connect's login page in the iframe never ACKs) as no first ACK.
	auto := m.o.AutoSignIn && m.o.LoginURL != "" && (sig == SignalAuthFail || sig == SignalNoAck) && prev.Phase != PhaseLanded &&
		(prev.Phase == PhaseSignedIn || prev.Reason == ReasonStart || prev.Reason == ReasonExpired)
	m.unlock()
	m.log.Info().Str("signal", sig).Bool("was_signed_in", wasIn).Bool("auto", auto).Msg("signed out")
	if auto {
		return m.SignIn()
	}
	return nil
}

func signalMessage(sig string) string {
	switch sig {
	case SignalAuthFail:
		return "You are not signed in to Amazon Connect."
	case SignalRetriesExhausted:
		return "The Contact Control Panel did not load. Sign in, or check the network."
	case SignalNoAck:
		return "The Contact Control Panel is not answering. You may need to sign in."
	}
	return ""
}

func (m *Machine) expiring(gen int) {
	m.mu.Lock()
	if gen != m.gen || m.st.Phase != PhaseSignedIn {
		m.unlock()
		return
	}
	st := m.st
	st.Expiring = true
	st.Message = fmt.Sprintf("Your Amazon Connect session ends at %s (12-hour limit). Finish your contact and sign in again.", st.ExpiresAt.Local().Format("15:04"))
	m.set(st)
	m.unlock()
	m.log.Warn().Time("expires_at", st.ExpiresAt).Msg("session ends soon")
}

func (m *Machine) expired(gen int, reason string) {
	m.mu.Lock()
	if gen != m.gen || m.st.Phase != PhaseSignedIn {
		m.unlock()
		return
	}
	m.gen++
	m.stopTimers()
	m.set(State{Phase: PhaseSignedOut, Reason: reason,
		Message: "Your Amazon Connect session reached its 12-hour limit. Sign in again; the panel comes back as it was."})
	m.unlock()
	m.log.Info().Msg("session limit reached")
}

// SignedOut records a completed sign-out (the frontend set the agent Offline and ended
// the CCP session; the bridge cleared cookies and local state).
func (m *Machine) SignedOut() {
	m.mu.Lock()
	m.stopTimers()
	m.gen++
	m.view = nil
	m.signOuts++
	m.set(State{Phase: PhaseSignedOut, Reason: ReasonSignedOut, Message: "You signed out."})
	m.unlock()
	m.log.Info().Msg("signed out by the agent")
}

// SaveView keeps the panel's view state (opaque JSON from the frontend) across the
// sign-in navigation; it lives in memory only (gone after a restart, like the cookies).
func (m *Machine) SaveView(v []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.view = append([]byte(nil), v...)
}

// TakeView returns the saved view state once (nil if none).
func (m *Machine) TakeView() []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	v := m.view
	m.view = nil
	return v
}

func (m *Machine) stopTimers() {
	for _, t := range []*Timer{&m.timer, &m.warn, &m.expire} {
		if *t != nil {
			(*t).Stop()
			*t = nil
		}
	}
}
