package bridge

import (
	"sync/atomic"
	"testing"
	"time"
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
			s := NewSignIn(func() { n.Add(1) }, 0)
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
	s := NewSignIn(func() { close(done) }, 20*time.Millisecond)
	s.Begin("wails://wails")
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("fallback did not reload")
	}
	s.PageLoaded() // no second reload (would panic on double close)
}
