package logkeys

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccpdesk/ccpdesk/internal/logs"
	"github.com/ccpdesk/ccpdesk/internal/secrets"
)

var (
	memOK = secrets.Report{Available: true, Backend: "memory"}
	noKR  = secrets.Report{Available: false, Backend: "secret-service", Reason: "no D-Bus session bus"}
)

func TestKeysAreCreatedOnceAndDerived(t *testing.T) {
	ctx := context.Background()
	store := secrets.NewMemory()
	k1, err := Load(ctx, Options{Store: store, Keyring: memOK, Dir: t.TempDir(), Encrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	if !k1.Encrypt || len(k1.Encryption) != 32 || len(k1.Pseudonym) != 32 || bytes.Equal(k1.Encryption, k1.Pseudonym) {
		t.Fatalf("keys: encrypt %v, %d-byte encryption key, %d-byte pseudonym key (must differ)", k1.Encrypt, len(k1.Encryption), len(k1.Pseudonym))
	}
	if k1.EncryptionSource != "os-keyring (memory)" || k1.PseudonymSource != "os-keyring (memory)" {
		t.Errorf("sources: %q, %q", k1.EncryptionSource, k1.PseudonymSource)
	}
	stored, err := store.Get(ctx, secrets.KeyLogEncryption)
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := hex.DecodeString(stored)
	// Installs from before encryption at rest keep their pseudonyms: same secret, same derivation.
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("ccpdesk log pseudonyms v1"))
	if !bytes.Equal(k1.Pseudonym, m.Sum(nil)) {
		t.Error("pseudonym key is not HMAC-SHA256(secret, \"ccpdesk log pseudonyms v1\")")
	}
	k2, err := Load(ctx, Options{Store: store, Keyring: memOK, Dir: t.TempDir(), Encrypt: false})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(k1.Encryption, k2.Encryption) || !bytes.Equal(k1.Pseudonym, k2.Pseudonym) {
		t.Error("a second Load made new keys")
	}
	if k2.Encrypt || k2.Encryption == nil {
		t.Errorf("encryption off: Encrypt %v (want false), read key present %v (want true)", k2.Encrypt, k2.Encryption != nil)
	}
}

func TestNoKeyringEncryptionOffFallsBackToAFile(t *testing.T) {
	dir := t.TempDir()
	k1, err := Load(context.Background(), Options{Keyring: noKR, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, PseudonymFile)
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("fallback file: %v, %v", info, err)
	}
	if k1.Encryption != nil || k1.Encrypt || !strings.Contains(k1.PseudonymSource, path) || !strings.Contains(k1.PseudonymSource, "no D-Bus") {
		t.Errorf("keys: %+v", k1)
	}
	k2, err := Load(context.Background(), Options{Keyring: noKR, Dir: dir})
	if err != nil || !bytes.Equal(k1.Pseudonym, k2.Pseudonym) {
		t.Errorf("second load: %v, same key %v", err, bytes.Equal(k1.Pseudonym, k2.Pseudonym))
	}
}

// failing is a keyring that answers the probe and then fails.
type failing struct{ secrets.Store }

func (failing) Get(context.Context, secrets.Key) (string, error) {
	return "", secrets.ErrTimeout
}

func TestEncryptionWithoutAKeyIsAnError(t *testing.T) {
	bad := secrets.NewMemory()
	_ = bad.Set(context.Background(), secrets.KeyLogEncryption, "not hex")
	for name, o := range map[string]Options{
		"keyring unavailable": {Keyring: noKR},
		"keyring times out":   {Store: failing{secrets.NewMemory()}, Keyring: memOK},
		"stored key invalid":  {Store: bad, Keyring: memOK},
	} {
		t.Run(name, func(t *testing.T) {
			o.Dir, o.Encrypt = t.TempDir(), true
			k, err := Load(context.Background(), o)
			if !errors.Is(err, ErrNoKey) {
				t.Fatalf("err = %v, want ErrNoKey", err)
			}
			for _, want := range []string{"logs.encryptAtRest", "log capture is off", "nothing is written in plaintext"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
			if k.Encryption != nil || k.Pseudonym != nil {
				t.Error("keys returned with the error")
			}
			if entries, _ := os.ReadDir(o.Dir); len(entries) != 0 {
				t.Errorf("files written without a key: %v", entries)
			}
			// The same keyring with encryption off still gives a pseudonym key (the file).
			o.Encrypt = false
			if k, err := Load(context.Background(), o); err != nil || k.Pseudonym == nil || !strings.HasPrefix(k.PseudonymSource, "file ") {
				t.Errorf("encryption off: %v, %+v", err, k)
			}
		})
	}
}

// TestSealedEndToEnd: records written with the loaded key are sealed on disk and read back with it.
func TestSealedEndToEnd(t *testing.T) {
	k, err := Load(context.Background(), Options{Store: secrets.NewMemory(), Keyring: memOK, Dir: t.TempDir(), Encrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	lg, err := logs.OpenLog(logs.Config{Options: logs.Options{Dir: dir, EncryptionKey: k.Encryption}, PseudonymKey: k.Pseudonym})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lg.Append([]logs.Record{{Text: "agent state Available, canary-7f3a", Source: logs.SourceGo}}); err != nil {
		t.Fatal(err)
	}
	lg.Close()
	segs, _ := filepath.Glob(filepath.Join(dir, "*.ccplog"))
	raw, _ := os.ReadFile(segs[0])
	if bytes.Contains(raw, []byte("canary-7f3a")) {
		t.Fatal("plaintext on disk")
	}
	var got []string
	if _, err := logs.ReadDir(logs.ReadOptions{Dir: dir, EncryptionKey: k.Encryption}, func(r logs.Record) error {
		got = append(got, r.Text)
		return nil
	}); err != nil || len(got) != 1 || got[0] != "agent state Available, canary-7f3a" {
		t.Fatalf("read back: %v, %v", got, err)
	}
}

func TestStatus(t *testing.T) {
	ctx := context.Background()
	store := secrets.NewMemory()
	for _, tc := range []struct {
		store   secrets.Store
		rep     secrets.Report
		encrypt bool
		ok      bool
		want    string
	}{
		{store, memOK, true, true, "on; key source: os-keyring (memory), created at the app's first start"},
		{nil, noKR, true, false, "on, but NO KEY: the OS keyring is unavailable (no D-Bus session bus)"},
		{nil, noKR, false, true, "off (the OS keyring is unavailable"},
		{failing{store}, memOK, true, false, "on, but NO KEY: reading it from the OS keyring (memory) failed"},
	} {
		line, ok := Status(ctx, tc.store, tc.rep, tc.encrypt)
		if ok != tc.ok || !strings.HasPrefix(line, tc.want) {
			t.Errorf("Status(%v, %v) = %q, %v; want prefix %q, %v", tc.rep.Available, tc.encrypt, line, ok, tc.want, tc.ok)
		}
	}
	if _, err := Load(ctx, Options{Store: store, Keyring: memOK, Dir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if line, ok := Status(ctx, store, memOK, true); !ok || !strings.HasSuffix(line, "key present") {
		t.Errorf("after Load: %q, %v", line, ok)
	}
}

func TestReadKeyCreatesNothing(t *testing.T) {
	ctx := context.Background()
	store := secrets.NewMemory()
	if _, err := ReadKey(ctx, store, memOK); !errors.Is(err, ErrNoKey) {
		t.Fatalf("empty keyring: %v, want ErrNoKey", err)
	}
	if _, err := store.Get(ctx, secrets.KeyLogEncryption); !errors.Is(err, secrets.ErrNotFound) {
		t.Fatalf("ReadKey created a secret: %v", err)
	}
	if _, err := ReadKey(ctx, nil, noKR); !errors.Is(err, ErrNoKey) || !strings.Contains(err.Error(), "no D-Bus") {
		t.Fatalf("no keyring: %v", err)
	}
	k, err := Load(ctx, Options{Store: store, Keyring: memOK, Dir: t.TempDir(), Encrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ReadKey(ctx, store, memOK); err != nil || !bytes.Equal(got, k.Encryption) {
		t.Fatalf("ReadKey = %x, %v; want the writer's key", got, err)
	}
}

// TestReadPseudonymFindsWhatLoadMade: the key Load made (keyring, or the fallback file) is
// what ReadPseudonym returns; with neither it fails and creates nothing.
func TestReadPseudonymFindsWhatLoadMade(t *testing.T) {
	ctx := context.Background()
	store, dir := secrets.NewMemory(), t.TempDir()
	if _, _, err := ReadPseudonym(ctx, store, memOK, dir); !errors.Is(err, ErrNoPseudonym) {
		t.Fatalf("nothing stored: got %v, want ErrNoPseudonym", err)
	}
	if _, err := store.Get(ctx, secrets.KeyLogEncryption); !errors.Is(err, secrets.ErrNotFound) {
		t.Fatalf("ReadPseudonym created a keyring secret: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, PseudonymFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("ReadPseudonym created the file: %v", err)
	}
	// No keyring at the app's start: the file; read back with the keyring still unavailable,
	// and with a keyring that holds no secret (a later session).
	kf, err := Load(ctx, Options{Store: store, Keyring: noKR, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, rep := range []secrets.Report{noKR, memOK} {
		k, src, err := ReadPseudonym(ctx, store, rep, dir)
		if err != nil || !bytes.Equal(k, kf.Pseudonym) || !strings.HasPrefix(src, "file ") {
			t.Errorf("keyring %+v: got %q, %v, same key %v; want the file's key", rep, src, err, bytes.Equal(k, kf.Pseudonym))
		}
	}
	kk, err := Load(ctx, Options{Store: store, Keyring: memOK, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	k, src, err := ReadPseudonym(ctx, store, memOK, dir)
	if err != nil || !bytes.Equal(k, kk.Pseudonym) || src != kk.PseudonymSource {
		t.Errorf("keyring: got %q, %v, same key %v; want %q", src, err, bytes.Equal(k, kk.Pseudonym), kk.PseudonymSource)
	}
}
