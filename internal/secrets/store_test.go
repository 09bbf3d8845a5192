package secrets

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestMemoryStore(t *testing.T) {
	ctx := context.Background()
	s := NewMemory()
	if _, err := s.Get(ctx, KeyUsernameHint); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty get: got %v, want %v", err, ErrNotFound)
	}
	if err := s.Set(ctx, KeyUsernameHint, "agent1@example.com"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, KeyUsernameHint); err != nil || got != "agent1@example.com" {
		t.Fatalf("got %q, %v, want agent1@example.com", got, err)
	}
	if err := s.Delete(ctx, KeyUsernameHint); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, KeyUsernameHint); err != nil {
		t.Fatalf("delete of a missing key: %v", err)
	}
	if _, err := s.Get(ctx, KeyUsernameHint); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: got %v, want %v", err, ErrNotFound)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Get(cancelled, KeyUsernameHint); !errors.Is(err, ErrTimeout) {
		t.Fatalf("cancelled: got %v, want %v", err, ErrTimeout)
	}
}

// TestStoreRules runs the allow-list and size rules on both stores (OS with a backend that must not be
// reached: the rules apply before any keyring call).
func TestStoreRules(t *testing.T) {
	unreached := &fakeBackend{t: t, fail: true}
	stores := map[string]Store{"memory": NewMemory(), "os": newOS(OSOptions{}, unreached, nil)}
	tests := []struct {
		name  string
		key   Key
		value string
		want  error
	}{
		{"password key", "password", "hunter2", ErrNotAllowed},
		{"cookie key", "session-cookie", "x", ErrNotAllowed},
		{"assertion key", "saml-assertion", "x", ErrNotAllowed},
		{"assertion-shaped value", KeyIdentityProvider, `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">`, ErrNotAllowed},
		{"cookie-shaped value", KeyUsernameHint, "Set-Cookie: a=b", ErrNotAllowed},
		{"binary value", KeyLogEncryption, "\xff\xfe", ErrNotAllowed},
		{"over the Windows limit", KeyIdentityProvider, strings.Repeat("a", MaxValueSize+1), ErrTooLarge},
		{"over the key's limit", KeyUsernameHint, strings.Repeat("a", 257), ErrTooLarge},
	}
	for name, s := range stores {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				err := s.Set(context.Background(), tt.key, tt.value)
				if !errors.Is(err, tt.want) {
					t.Fatalf("got %v, want %v", err, tt.want)
				}
				if len(tt.value) > 3 && strings.Contains(err.Error(), tt.value) {
					t.Errorf("the value leaked into the error: %v", err)
				}
			})
		}
	}
	for _, k := range []Key{KeyUsernameHint, KeyIdentityProvider, KeyLogEncryption} {
		if !Allowed(k) {
			t.Errorf("%s not allowed", k)
		}
	}
}
