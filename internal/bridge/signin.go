package bridge

import (
	"sync"
	"time"
)

// SignIn tracks the sandbox's top-level sign-in round trip. The frontend navigates the
// window to ccpsim's sign-in URL; ccpsim sets its session cookie and lands on a page of
// its own origin (WebKitGTK will not follow an HTTP redirect to wails://). When that page
// has loaded (OnDomReady fires for every top-level load) — or after a fallback delay —
// SignIn reloads the app, which then starts the CCP with the session cookie in the jar.
// It is not bound to the frontend.
type SignIn struct {
	reload   func()
	fallback time.Duration

	mu        sync.Mutex
	attempted map[string]bool // per app origin (the window, a wails dev browser tab)
	pending   bool
	timer     *time.Timer
}

// NewSignIn returns a SignIn that calls reload to return to the app.
func NewSignIn(reload func(), fallback time.Duration) *SignIn {
	return &SignIn{reload: reload, fallback: fallback, attempted: map[string]bool{}}
}

// Begin records that the window (origin) is leaving for the sign-in page and must be
// brought back.
func (s *SignIn) Begin(origin string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempted[origin], s.pending = true, true
	if s.timer != nil {
		s.timer.Stop()
	}
	if s.fallback > 0 {
		s.timer = time.AfterFunc(s.fallback, s.PageLoaded)
	}
}

// Mark records an attempt that comes back by itself (an http(s) app page).
func (s *SignIn) Mark(origin string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempted[origin] = true
}

// Attempted reports whether a sign-in was started for origin in this run of the app.
func (s *SignIn) Attempted(origin string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
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
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	s.mu.Unlock()
	s.reload()
}
