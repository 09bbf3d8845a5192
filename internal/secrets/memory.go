package secrets

import (
	"context"
	"fmt"
	"sync"
)

// Memory is an in-process Store with the same rules as the OS one: for tests, and the fallback when the
// OS keyring is unavailable (values then last until the app exits).
type Memory struct {
	mu sync.Mutex
	m  map[Key]string
}

// NewMemory returns an empty Memory store.
func NewMemory() *Memory { return &Memory{m: map[Key]string{}} }

func (s *Memory) Get(ctx context.Context, key Key) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	if err := check(key, "", false); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		return "", fmt.Errorf("%s: %w", key, ErrNotFound)
	}
	return v, nil
}

func (s *Memory) Set(ctx context.Context, key Key, value string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	if err := check(key, value, true); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = value
	return nil
}

func (s *Memory) Delete(ctx context.Context, key Key) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	if err := check(key, "", false); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return nil
}

var _ Store = (*Memory)(nil)
