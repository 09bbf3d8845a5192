package bridge

import (
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// SignIn tracks the sandbox's top-level sign-in round trip. The frontend navigates the
// window to ccpsim's sign-in URL; ccpsim sets its session cookie and lands on a page of
// its own origin (WebKitGTK will not follow an HTTP redirect to wails://). When that page
// has loaded (OnDomReady fires for every top-level load) — or after a fallback delay —
// SignIn reloads the app, which then starts the CCP with the session cookie in the jar.
//
// The reload is checked: the app page asks Attempted as it starts, and until it has,
// SignIn reloads again every recheck (up to maxReturns times). A page load is not
// tied to a URL, so the load that triggered the reload may have been the app page's own,
// finishing late (Wails delivers OnDomReady and binding calls on different goroutines),
// and the reload then lost to the sign-in navigation: without the check the window
// stayed on ccpsim's landing page. It is not bound to the frontend.
type SignIn struct {
	reload   func()
	log      zerolog.Logger
	fallback time.Duration // Begin → reload when no page load came
	recheck  time.Duration // reload → reload again while the app has not asked Attempted

	mu        sync.Mutex
	attempted map[string]bool // per app origin (the window, a wails dev browser tab)
	pending   bool            // Begin seen, not yet reloaded
	returning string          // the origin reloaded to, until its page asks Attempted
	returns   int             // reloads for this Begin
	timer     *time.Timer
}

// maxReturns bounds the reloads per sign-in: a window that does not come back after that
// many is broken in a way another reload will not fix (the diagnostic screen takes over).
const maxReturns = 4

// NewSignIn returns a SignIn that calls reload to return to the app (see the type's
// comment for fallback and recheck; 0 turns a timer off).
func NewSignIn(reload func(), log zerolog.Logger, fallback, recheck time.Duration) *SignIn {
	return &SignIn{reload: reload, log: log.With().Str("component", "bridge").Logger(), fallback: fallback, recheck: recheck, attempted: map[string]bool{}}
}

// Begin records that the window (origin) is leaving for the sign-in page and must be
// brought back.
func (s *SignIn) Begin(origin string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempted[origin], s.pending, s.returning, s.returns = true, true, origin, 0
	s.arm(s.fallback, s.PageLoaded)
}

// Mark records an attempt that comes back by itself (an http(s) app page).
func (s *SignIn) Mark(origin string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempted[origin] = true
}

// Attempted reports whether a sign-in was started for origin in this run of the app.
// The app page asks it as it starts, so a call for the origin being returned to also
// says that the reload worked.
func (s *SignIn) Attempted(origin string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.pending && s.returning != "" && s.returning == origin {
		s.returning = ""
		s.arm(0, nil)
	}
	return s.attempted[origin]
}

// PageLoaded is called on every top-level page load; after Begin it returns to the app once.
func (s *SignIn) PageLoaded() {
	s.mu.Lock()
	if !s.pending {
		s.mu.Unlock()
		return
	}
	s.pending = false
	s.mu.Unlock()
	s.returnToApp()
}

// returnToApp reloads the app and arms the check that it came back.
func (s *SignIn) returnToApp() {
	s.mu.Lock()
	if s.pending || s.returning == "" {
		s.mu.Unlock()
		return
	}
	if s.returns == maxReturns {
		s.log.Error().Int("reloads", s.returns).Msg("sandbox sign-in: the app page did not come back")
		s.returning = ""
		s.mu.Unlock()
		return
	}
	if s.returns++; s.returns > 1 {
		s.log.Warn().Int("reload", s.returns).Msg("sandbox sign-in: the app page did not come back; reloading it again")
	}
	s.arm(s.recheck, s.returnToApp)
	s.mu.Unlock()
	s.reload()
}

// arm replaces the timer with one calling f after d (none for d == 0). Called with mu held.
func (s *SignIn) arm(d time.Duration, f func()) {
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if d > 0 {
		s.timer = time.AfterFunc(d, f)
	}
}
