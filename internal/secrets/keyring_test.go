package secrets

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/zalando/go-keyring"
)

// fakeBackend is go-keyring in memory, optionally blocking until release is closed.
type fakeBackend struct {
	t       *testing.T
	fail    bool          // any call fails the test
	block   chan struct{} // when non-nil, calls wait for it to close
	entered chan struct{}
	mu      sync.Mutex
	m       map[string]string
}

func (b *fakeBackend) wait() {
	if b.fail {
		b.t.Error("keyring backend reached")
	}
	if b.entered != nil {
		select {
		case b.entered <- struct{}{}:
		default:
		}
	}
	if b.block != nil {
		<-b.block
	}
}

func (b *fakeBackend) Get(service, user string) (string, error) {
	b.wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.m[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (b *fakeBackend) Set(service, user, pw string) error {
	b.wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m == nil {
		b.m = map[string]string{}
	}
	b.m[service+"/"+user] = pw
	return nil
}

func (b *fakeBackend) Delete(service, user string) error {
	b.wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.m[service+"/"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(b.m, service+"/"+user)
	return nil
}

func TestOSStoreOverBackend(t *testing.T) {
	ctx := context.Background()
	s := newOS(OSOptions{Logger: zerolog.Nop()}, &fakeBackend{t: t}, nil)
	if _, err := s.Get(ctx, KeyLogEncryption); !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v, want %v", err, ErrNotFound)
	}
	if err := s.Set(ctx, KeyLogEncryption, "c2VjcmV0LWtleS1ieXRlcw=="); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, KeyLogEncryption); err != nil || got != "c2VjcmV0LWtleS1ieXRlcw==" {
		t.Fatalf("got %q, %v", got, err)
	}
	if err := s.Delete(ctx, KeyLogEncryption); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, KeyLogEncryption); err != nil {
		t.Fatalf("delete of a missing key: %v", err)
	}
}

// TestKeyringHangingBackend: a call that never returns (an unlock prompt nobody answers) → the deadline
// fires; later calls time out too while it holds the slot, and work again once it returns.
func TestKeyringHangingBackend(t *testing.T) {
	be := &fakeBackend{t: t, block: make(chan struct{}), entered: make(chan struct{}, 1)}
	s := newOS(OSOptions{Timeout: 200 * time.Millisecond, Logger: zerolog.Nop()}, be, nil)
	t0 := time.Now()
	_, err := s.Get(context.Background(), KeyUsernameHint)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v, want %v", err, ErrTimeout)
	}
	if d := time.Since(t0); d < 150*time.Millisecond || d > 2*time.Second {
		t.Errorf("returned after %v, want about 200ms", d)
	}
	<-be.entered
	// The caller's shorter deadline wins.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	t0 = time.Now()
	if err := s.Set(ctx, KeyUsernameHint, "agent1"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("while hung: got %v, want %v", err, ErrTimeout)
	}
	if d := time.Since(t0); d > time.Second {
		t.Errorf("busy call returned after %v", d)
	}
	close(be.block) // the hung call returns; a closed channel no longer blocks
	deadline := time.Now().Add(2 * time.Second)
	for {
		err := s.Set(context.Background(), KeyUsernameHint, "agent1")
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("store did not recover: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
