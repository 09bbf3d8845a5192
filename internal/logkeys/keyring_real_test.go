//go:build keyring && linux

// These tests need a real Secret Service: scripts/keyring-test.sh runs them in its private
// dbus-run-session with gnome-keyring (the round trip before, the locked case after the
// internal/secrets tests). They fail, never skip, without it.

package logkeys

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/ccpdesk/ccpdesk/internal/secrets"
)

func realKeyring(t *testing.T) (secrets.Store, secrets.Report, string) {
	t.Helper()
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("no DBUS_SESSION_BUS_ADDRESS: run scripts/keyring-test.sh (gnome-keyring in dbus-run-session)")
	}
	service := fmt.Sprintf("ccpdesk-logkeys-test-%d", os.Getpid())
	store, rep := secrets.Open(context.Background(), secrets.OSOptions{Service: service, Timeout: 3 * time.Second})
	return store, rep, service
}

// TestKeyringLogKeyRoundTrip: with encryption at rest on, the first Load creates the secret in
// the real Secret Service (other tools see it there), a second Load derives the same keys.
func TestKeyringLogKeyRoundTrip(t *testing.T) {
	store, rep, service := realKeyring(t)
	if !rep.Available || rep.Backend != "secret-service" {
		t.Fatalf("keyring: %+v, want an available secret-service", rep)
	}
	ctx := context.Background()
	t.Cleanup(func() { _ = store.Delete(ctx, secrets.KeyLogEncryption) })
	k1, err := Load(ctx, Options{Store: store, Keyring: rep, Dir: t.TempDir(), Encrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	if k1.EncryptionSource != "os-keyring (secret-service)" || len(k1.Encryption) != 32 {
		t.Fatalf("keys: %+v", k1)
	}
	out, err := exec.Command("secret-tool", "lookup", "service", service, "username", string(secrets.KeyLogEncryption)).Output()
	if err != nil {
		t.Fatalf("secret-tool lookup: %v", err)
	}
	if b, err := hex.DecodeString(string(out)); err != nil || len(b) != 32 {
		t.Fatalf("stored secret: %q is not 32 bytes of hex", out)
	}
	if line, ok := Status(ctx, store, rep, true); !ok || !strings.HasSuffix(line, "key present") {
		t.Errorf("Status: %q, %v", line, ok)
	}
	// `ccpdesk logs parse` reads the same key (without creating anything).
	if rk, err := ReadKey(ctx, store, rep); err != nil || !bytes.Equal(rk, k1.Encryption) {
		t.Fatalf("ReadKey: %v, same key %v", err, bytes.Equal(rk, k1.Encryption))
	}
	// `ccpdesk logs export` redacts its extra files with the same pseudonym key.
	if pk, src, err := ReadPseudonym(ctx, store, rep, t.TempDir()); err != nil || !bytes.Equal(pk, k1.Pseudonym) || src != k1.PseudonymSource {
		t.Fatalf("ReadPseudonym: %q, %v, same key %v", src, err, bytes.Equal(pk, k1.Pseudonym))
	}
	k2, err := Load(ctx, Options{Store: store, Keyring: rep, Dir: t.TempDir(), Encrypt: true})
	if err != nil || !bytes.Equal(k1.Encryption, k2.Encryption) || !bytes.Equal(k1.Pseudonym, k2.Pseudonym) {
		t.Fatalf("second Load: %v, same keys %v", err, bytes.Equal(k1.Encryption, k2.Encryption))
	}
}

// TestKeyringLockedNoLogKey locks the real collection (the state after a desktop session's keyring
// was never unlocked): with encryption at rest on, Load must fail with ErrNoKey, by the keyring
// deadline, naming the reason.
func TestKeyringLockedNoLogKey(t *testing.T) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var locked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets").Call("org.freedesktop.Secret.Service.Lock", 0,
		[]dbus.ObjectPath{"/org/freedesktop/secrets/aliases/default"}).Store(&locked, &prompt); err != nil {
		t.Fatalf("lock: %v", err)
	}
	t0 := time.Now()
	store, rep, _ := realKeyring(t)
	_, err = Load(context.Background(), Options{Store: store, Keyring: rep, Dir: t.TempDir(), Encrypt: true})
	if !errors.Is(err, ErrNoKey) || !strings.Contains(err.Error(), "keyring locked") {
		t.Fatalf("Load on a locked keyring: %v, want ErrNoKey naming the locked keyring", err)
	}
	if d := time.Since(t0); d > 8*time.Second {
		t.Errorf("took %v", d)
	}
	if line, ok := Status(context.Background(), store, rep, true); ok || !strings.Contains(line, "NO KEY") {
		t.Errorf("Status: %q, %v", line, ok)
	}
}
