package bridge

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

func TestSignIn(t *testing.T) {
	tests := []struct {
		name        string
		begin       bool
		loads       int
		wantReloads int32
	}{
		{"app page loads without sign-in", false, 3, 0},
		{"landing page after Begin reloads once", true, 2, 1},
		{"begin without page load", true, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			s := NewSignIn(func() { n.Add(1) }, zerolog.Nop(), 0, 0)
			if tt.begin {
				s.Begin("wails://wails")
			}
			for range tt.loads {
				s.PageLoaded()
			}
			if got := n.Load(); got != tt.wantReloads {
				t.Errorf("reloads = %d, want %d", got, tt.wantReloads)
			}
			if s.Attempted("wails://wails") != tt.begin {
				t.Errorf("Attempted = %v, want %v", s.Attempted("wails://wails"), tt.begin)
			}
			if s.Attempted("http://localhost:34115") {
				t.Errorf("another origin counted as signed in")
			}
		})
	}
}

func TestSignInFallback(t *testing.T) {
	done := make(chan struct{})
	s := NewSignIn(func() { close(done) }, zerolog.Nop(), 20*time.Millisecond, 0)
	s.Begin("wails://wails")
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("fallback did not reload")
	}
	s.PageLoaded() // no second reload (would panic on double close)
}

// countingSignIn returns a SignIn without fallback that counts its reloads.
func countingSignIn(recheck time.Duration) (*SignIn, *atomic.Int32) {
	n := new(atomic.Int32)
	return NewSignIn(func() { n.Add(1) }, zerolog.Nop(), 0, recheck), n
}

// atLeast waits until n reaches want (failing after 5 s).
func atLeast(t *testing.T, n *atomic.Int32, want int32) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); n.Load() < want; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("reloads = %d after 5 s, want %d", n.Load(), want)
		}
	}
}

// stays checks that n does not move for a few recheck periods.
func stays(t *testing.T, n *atomic.Int32, recheck time.Duration) {
	t.Helper()
	want := n.Load()
	time.Sleep(5 * recheck)
	if got := n.Load(); got != want {
		t.Fatalf("reloads = %d, want it to stay at %d", got, want)
	}
}

// The reload can lose to the sign-in navigation (the page load that triggered it was the
// app page's own): SignIn reloads again until the app page asks Attempted.
func TestSignInReloadsUntilTheAppIsBack(t *testing.T) {
	const recheck = 30 * time.Millisecond
	s, n := countingSignIn(recheck)
	s.Begin("wails://wails")
	s.PageLoaded() // the app page's own late load: reload 1, lost
	s.PageLoaded() // ccpsim's landing page: no reload of its own
	atLeast(t, n, 2)
	if s.Attempted("http://localhost:34115") {
		t.Fatal("another origin counted as signed in")
	}
	if !s.Attempted("wails://wails") { // the app page is back
		t.Fatal("Attempted = false after Begin")
	}
	stays(t, n, recheck)
}

func TestSignInGivesUpAfterMaxReturns(t *testing.T) {
	const recheck = 5 * time.Millisecond
	s, n := countingSignIn(recheck)
	s.Begin("wails://wails")
	s.PageLoaded()
	atLeast(t, n, maxReturns)
	stays(t, n, recheck)
	// A new sign-in (the agent's "Sign in" button) starts over.
	s.Begin("wails://wails")
	s.PageLoaded()
	atLeast(t, n, 2*maxReturns)
	stays(t, n, recheck)
}

func TestSignInAttemptedBeforeLeavingIsNotTheReturn(t *testing.T) {
	const recheck = 20 * time.Millisecond
	s, n := countingSignIn(recheck)
	s.Begin("wails://wails")
	s.Attempted("wails://wails") // still on the app page, before the sign-in page loaded
	s.PageLoaded()
	atLeast(t, n, 2) // the check is still armed after the first reload
	s.Attempted("wails://wails")
	stays(t, n, recheck)
}
