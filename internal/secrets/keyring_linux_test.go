package secrets

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// TestKeyringAbsent: no session bus, or a dead one → ErrUnavailable at once, and Probe says why.
func TestKeyringAbsent(t *testing.T) {
	tests := []struct{ name, addr, reason string }{
		{"unset", "", "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset)"},
		{"dead socket", "unix:path=" + filepath.Join(t.TempDir(), "no-bus"), "no D-Bus session bus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("DBUS_SESSION_BUS_ADDRESS", tt.addr)
			s := NewOS(OSOptions{Service: "ccpdesk-test", Logger: zerolog.Nop()})
			t0 := time.Now()
			if _, err := s.Get(context.Background(), KeyUsernameHint); !errors.Is(err, ErrUnavailable) {
				t.Fatalf("got %v, want %v", err, ErrUnavailable)
			}
			if err := s.Set(context.Background(), KeyUsernameHint, "agent1"); !errors.Is(err, ErrUnavailable) {
				t.Fatalf("set: got %v, want %v", err, ErrUnavailable)
			}
			r := s.Probe(context.Background())
			if r.Available || !strings.HasPrefix(r.Reason, tt.reason) {
				t.Errorf("probe = %+v, want unavailable with reason %q", r, tt.reason)
			}
			if d := time.Since(t0); d > time.Second {
				t.Errorf("took %v, want well under a second", d)
			}
			// The app keeps working: Open falls back to memory and says why.
			st, r := Open(context.Background(), OSOptions{Service: "ccpdesk-test", Logger: zerolog.Nop()})
			if _, ok := st.(*Memory); !ok || r.Available || r.Reason == "" {
				t.Errorf("Open = %T, %+v, want *Memory and a reason", st, r)
			}
			if err := st.Set(context.Background(), KeyUsernameHint, "agent1"); err != nil {
				t.Errorf("fallback store: %v", err)
			}
		})
	}
}

// TestKeyringHangingDBus: a "session bus" that accepts connections and never says a word → the deadline fires.
func TestKeyringHangingDBus(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "silent-bus")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // read nothing, answer nothing
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+sock)
	s := NewOS(OSOptions{Service: "ccpdesk-test", Timeout: 300 * time.Millisecond, Logger: zerolog.Nop()})
	t0 := time.Now()
	if _, err := s.Get(context.Background(), KeyUsernameHint); !errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v, want %v", err, ErrTimeout)
	}
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("returned after %v, want about 300ms", d)
	}
	if r := s.Probe(context.Background()); r.Available || !strings.Contains(r.Reason, "did not answer") {
		t.Errorf("probe = %+v, want a timeout reason", r)
	}
}
