//go:build keyring && linux

// These tests need a real Secret Service: run them through scripts/keyring-test.sh, which starts
// gnome-keyring in a private dbus-run-session. They fail, never skip, when it is missing.

package secrets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/rs/zerolog"
)

func realStore(t *testing.T, timeout time.Duration) *OS {
	t.Helper()
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("no DBUS_SESSION_BUS_ADDRESS: run scripts/keyring-test.sh (gnome-keyring in dbus-run-session)")
	}
	return NewOS(OSOptions{Service: fmt.Sprintf("ccpdesk-test-%d", os.Getpid()), Timeout: timeout,
		Logger: zerolog.New(zerolog.NewTestWriter(t))})
}

func TestKeyringSecretServiceRoundTrip(t *testing.T) {
	s := realStore(t, 5*time.Second)
	ctx := context.Background()
	if r := s.Probe(ctx); !r.Available || r.Backend != "secret-service" {
		t.Fatalf("probe = %+v, want an available secret-service", r)
	}
	if st, r := Open(ctx, OSOptions{Service: s.service}); !r.Available {
		t.Fatalf("Open fell back to %T: %s", st, r.Reason)
	} else if _, ok := st.(*OS); !ok {
		t.Fatalf("Open = %T, want *OS", st)
	}
	if _, err := s.Get(ctx, KeyUsernameHint); !errors.Is(err, ErrNotFound) {
		t.Fatalf("fresh get: got %v, want %v", err, ErrNotFound)
	}
	for _, kv := range []struct {
		k Key
		v string
	}{
		{KeyUsernameHint, "agent1@example.com"},
		{KeyIdentityProvider, "https://example.okta.com/home/amazon_aws/0oa1/272"},
		{KeyLogEncryption, strings.Repeat("A", 43) + "="},
	} {
		if err := s.Set(ctx, kv.k, kv.v); err != nil {
			t.Fatalf("set %s: %v", kv.k, err)
		}
		if got, err := s.Get(ctx, kv.k); err != nil || got != kv.v {
			t.Fatalf("get %s: got %q, %v", kv.k, got, err)
		}
		// The item really lives in the Secret Service, where other tools see it.
		out, err := exec.Command("secret-tool", "lookup", "service", s.service, "username", string(kv.k)).Output()
		if err != nil || string(out) != kv.v {
			t.Fatalf("secret-tool lookup %s: %q, %v", kv.k, out, err)
		}
	}
	if err := s.Set(ctx, KeyUsernameHint, "agent2"); err != nil {
		t.Fatalf("overwrite: %v", err)
	}
	if got, _ := s.Get(ctx, KeyUsernameHint); got != "agent2" {
		t.Fatalf("after overwrite: got %q, want agent2", got)
	}
	for _, k := range []Key{KeyUsernameHint, KeyIdentityProvider, KeyLogEncryption} {
		if err := s.Delete(ctx, k); err != nil {
			t.Fatalf("delete %s: %v", k, err)
		}
		if _, err := s.Get(ctx, k); !errors.Is(err, ErrNotFound) {
			t.Fatalf("after delete %s: got %v, want %v", k, err, ErrNotFound)
		}
	}
	if err := s.Delete(ctx, KeyUsernameHint); err != nil {
		t.Fatalf("delete of a missing key: %v", err)
	}
}

// TestKeyringLocked locks the real collection: Probe must say "keyring locked", and a call — which makes
// gnome-keyring want an unlock prompt that nobody can answer headless — must come back by its deadline.
// It runs last in this file and unlocks nothing: the script's session ends with it.
func TestKeyringLocked(t *testing.T) {
	s := realStore(t, 2*time.Second)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var locked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	svc := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets")
	if err := svc.Call("org.freedesktop.Secret.Service.Lock", 0,
		[]dbus.ObjectPath{"/org/freedesktop/secrets/aliases/default"}).Store(&locked, &prompt); err != nil {
		t.Fatalf("lock: %v", err)
	}
	if r := s.Probe(context.Background()); r.Available || r.Reason != "keyring locked" {
		t.Errorf("probe = %+v, want unavailable, keyring locked", r)
	}
	t0 := time.Now()
	_, err = s.Get(context.Background(), KeyUsernameHint)
	if !errors.Is(err, ErrTimeout) && !errors.Is(err, ErrUnavailable) {
		t.Errorf("get on a locked keyring: got %v, want %v or %v", err, ErrTimeout, ErrUnavailable)
	}
	if d := time.Since(t0); d > 4*time.Second {
		t.Errorf("get on a locked keyring took %v", d)
	}
	t.Logf("get on a locked keyring: %v after %v", err, time.Since(t0).Round(time.Millisecond))
}
