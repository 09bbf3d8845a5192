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
	attempted bool
	pending   bool
	timer     *time.Timer
}

// NewSignIn returns a SignIn that calls reload to return to the app.
func NewSignIn(reload func(), fallback time.Duration) *SignIn {
	return &SignIn{reload: reload, fallback: fallback}
}

// Begin records that the window is leaving for the sign-in page.
func (s *SignIn) Begin() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempted, s.pending = true, true
	if s.timer != nil {
		s.timer.Stop()
	}
	if s.fallback > 0 {
		s.timer = time.AfterFunc(s.fallback, s.PageLoaded)
	}
}

// Attempted reports whether a sign-in was started in this run of the app.
func (s *SignIn) Attempted() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempted
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
