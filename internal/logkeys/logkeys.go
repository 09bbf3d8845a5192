// Package logkeys provides the keys of the local log capture: the pseudonym key that
// redaction uses and the AES-GCM key that seals records at rest. Both are derived from one
// random secret kept in the OS keyring (secrets.KeyLogEncryption), so neither key is stored
// itself and the same secret never keys two things.
//
// Without a usable keyring the pseudonym secret falls back to a per-install file (0600) in the
// data directory: pseudonyms then still hide values from anyone who only gets the logs. The
// encryption key never falls back: a key stored beside the data it protects protects nothing.
// With encryption at rest on and no keyring, Load fails with ErrNoKey and the caller must
// capture nothing (and say so) rather than write plaintext.
package logkeys

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ccpdesk/ccpdesk/internal/secrets"
)

// Labels of the two derivations (HMAC-SHA256(secret, label)). Changing one changes the key.
const (
	pseudonymLabel  = "ccpdesk log pseudonyms v1"
	encryptionLabel = "ccpdesk log encryption v1"
)

// PseudonymFile is the fallback pseudonym secret's file name inside the data directory.
const PseudonymFile = "log-pseudonym.key"

// ErrNoKey: encryption at rest is on but the key cannot come from the OS keyring.
var ErrNoKey = errors.New("log encryption key unavailable")

// ErrNoPseudonym: ReadPseudonym found neither the keyring's secret nor the fallback file.
var ErrNoPseudonym = errors.New("no pseudonym key")

// Keys are what the log writer and readers need.
type Keys struct {
	Pseudonym       []byte // redaction's HMAC key
	PseudonymSource string // "os-keyring (backend)" or "file PATH (OS keyring unavailable: reason)"
	// Encryption is the AES-256 key, whenever the keyring holds the secret: readers need it
	// for sealed records even after encryption at rest was turned off again. nil otherwise.
	Encryption []byte
	// Encrypt: seal new records (logs.encryptAtRest); then Encryption is never nil.
	Encrypt          bool
	EncryptionSource string // "os-keyring (backend)", or why there is no key
}

// Options say where the secret lives.
type Options struct {
	Store   secrets.Store  // the OS keyring store (secrets.Open)
	Keyring secrets.Report // whether Store is the real keyring; if not, it is not used
	Dir     string         // data directory for the pseudonym fallback file
	Encrypt bool           // logs.encryptAtRest
}

// Load returns the keys, creating the secret in the keyring (or the fallback file) on first
// use. With Encrypt and no usable keyring it returns ErrNoKey, naming the reason and the fix.
func Load(ctx context.Context, o Options) (Keys, error) {
	var k Keys
	secret, reason := keyringSecret(ctx, o)
	if secret != nil {
		src := "os-keyring (" + o.Keyring.Backend + ")"
		k.Pseudonym, k.PseudonymSource = derive(secret, pseudonymLabel), src
		k.Encryption, k.EncryptionSource = derive(secret, encryptionLabel), src
		k.Encrypt = o.Encrypt
		return k, nil
	}
	k.EncryptionSource = "none (OS keyring unavailable: " + reason + ")"
	if o.Encrypt {
		return k, fmt.Errorf("%w: logs.encryptAtRest is on but the OS keyring is unavailable (%s); "+
			"log capture is off and nothing is written in plaintext: make the keyring usable or turn logs.encryptAtRest off",
			ErrNoKey, reason)
	}
	p, src, err := fileSecret(o.Dir, reason)
	if err != nil {
		return k, err
	}
	k.Pseudonym, k.PseudonymSource = derive(p, pseudonymLabel), src
	return k, nil
}

// keyringSecret returns the stored secret (creating it if absent), or nil and why not.
func keyringSecret(ctx context.Context, o Options) ([]byte, string) {
	if o.Store == nil || !o.Keyring.Available {
		reason := o.Keyring.Reason
		if reason == "" {
			reason = "no keyring"
		}
		return nil, reason
	}
	v, err := o.Store.Get(ctx, secrets.KeyLogEncryption)
	if errors.Is(err, secrets.ErrNotFound) {
		v = randomHex()
		err = o.Store.Set(ctx, secrets.KeyLogEncryption, v)
	}
	if err != nil {
		return nil, err.Error()
	}
	b, err := hex.DecodeString(v)
	if err != nil || len(b) < 16 {
		return nil, "the stored " + string(secrets.KeyLogEncryption) + " is not a valid key"
	}
	return b, ""
}

func fileSecret(dir, reason string) ([]byte, string, error) {
	path := filepath.Join(dir, PseudonymFile)
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		raw = []byte(randomHex())
		err = writeNew0600(path, raw)
	}
	if err != nil {
		return nil, "", fmt.Errorf("pseudonym key: %w", err)
	}
	b, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(b) < 16 {
		return nil, "", fmt.Errorf("pseudonym key %s: not a valid key (delete it to make a new one)", path)
	}
	return b, fmt.Sprintf("file %s (OS keyring unavailable: %s)", path, reason), nil
}

func derive(secret []byte, label string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(label))
	return m.Sum(nil)
}

func randomHex() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func writeNew0600(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Status describes, without creating anything, whether encryption at rest can work (for
// `ccpdesk doctor`). ok is false when encryption is on and no key can come from the keyring.
func Status(ctx context.Context, store secrets.Store, rep secrets.Report, encrypt bool) (line string, ok bool) {
	state := "off"
	if encrypt {
		state = "on"
	}
	if !rep.Available || store == nil {
		if encrypt {
			return fmt.Sprintf("on, but NO KEY: the OS keyring is unavailable (%s): the app will capture no logs until it is usable (or logs.encryptAtRest is off)", rep.Reason), false
		}
		return fmt.Sprintf("off (the OS keyring is unavailable (%s): redaction pseudonyms use the file %s in the data directory)", rep.Reason, PseudonymFile), true
	}
	_, err := store.Get(ctx, secrets.KeyLogEncryption)
	switch {
	case err == nil:
		return fmt.Sprintf("%s; key source: os-keyring (%s), key present", state, rep.Backend), true
	case errors.Is(err, secrets.ErrNotFound):
		return fmt.Sprintf("%s; key source: os-keyring (%s), created at the app's first start", state, rep.Backend), true
	default:
		if encrypt {
			return fmt.Sprintf("on, but NO KEY: reading it from the OS keyring (%s) failed: %v: the app will capture no logs", rep.Backend, err), false
		}
		return fmt.Sprintf("off; the OS keyring (%s) could not be read: %v", rep.Backend, err), true
	}
}

// ReadKey returns the encryption key for reading sealed records (`ccpdesk logs parse` and
// `export`), without creating anything: it fails when the keyring is unavailable or holds no
// secret.
func ReadKey(ctx context.Context, store secrets.Store, rep secrets.Report) ([]byte, error) {
	if store == nil || !rep.Available {
		return nil, fmt.Errorf("%w: the OS keyring is unavailable (%s)", ErrNoKey, rep.Reason)
	}
	v, err := store.Get(ctx, secrets.KeyLogEncryption)
	if err != nil {
		return nil, fmt.Errorf("%w: OS keyring (%s): %w", ErrNoKey, rep.Backend, err)
	}
	b, err := hex.DecodeString(v)
	if err != nil || len(b) < 16 {
		return nil, fmt.Errorf("%w: the stored %s is not a valid key", ErrNoKey, secrets.KeyLogEncryption)
	}
	return derive(b, encryptionLabel), nil
}

// ReadPseudonym returns the installation's pseudonym key where Load would find it — the
// keyring's secret, else the fallback file in dir — and its source, without creating either
// (`ccpdesk logs export` redacts its extra files with it, so their pseudonyms match the
// logs'). It fails when neither exists.
func ReadPseudonym(ctx context.Context, store secrets.Store, rep secrets.Report, dir string) ([]byte, string, error) {
	why := rep.Reason
	switch {
	case store == nil || !rep.Available:
		if why == "" {
			why = "no keyring"
		}
	default:
		v, err := store.Get(ctx, secrets.KeyLogEncryption)
		if err == nil {
			b, derr := hex.DecodeString(v)
			if derr == nil && len(b) >= 16 {
				return derive(b, pseudonymLabel), "os-keyring (" + rep.Backend + ")", nil
			}
			err = errors.New("the stored " + string(secrets.KeyLogEncryption) + " is not a valid key")
		}
		why = err.Error()
		if errors.Is(err, secrets.ErrNotFound) {
			why = "no " + string(secrets.KeyLogEncryption) + " in the OS keyring (" + rep.Backend + ")"
		}
	}
	path := filepath.Join(dir, PseudonymFile)
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %s, and %w", ErrNoPseudonym, why, err)
	}
	b, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(b) < 16 {
		return nil, "", fmt.Errorf("%w: %s is not a valid key", ErrNoPseudonym, path)
	}
	return derive(b, pseudonymLabel), fmt.Sprintf("file %s (OS keyring: %s)", path, why), nil
}
