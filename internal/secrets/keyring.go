package secrets

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/zalando/go-keyring"
)

// DefaultTimeout bounds every OS keyring call.
const DefaultTimeout = 3 * time.Second

// backend is go-keyring's API, so tests can inject one that blocks.
type backend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

type goKeyring struct{}

func (goKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (goKeyring) Set(service, user, pw string) error       { return keyring.Set(service, user, pw) }
func (goKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// OSOptions configures NewOS.
type OSOptions struct {
	// Service groups the app's items in the keyring; default "ccpdesk".
	Service string
	// Timeout for each call; default DefaultTimeout. A shorter caller deadline wins.
	Timeout time.Duration
	Logger  zerolog.Logger
}

// OS is the Store over the OS keyring (go-keyring). Calls run one at a time in a goroutine: when one
// hangs (an unlock prompt nobody answers), the caller gets ErrTimeout at its deadline, and later calls
// time out while the hung one still holds the slot instead of piling up goroutines.
type OS struct {
	service  string
	timeout  time.Duration
	log      zerolog.Logger
	be       backend
	precheck func(context.Context) error // cheap "is there a keyring at all" before go-keyring runs
	slot     chan struct{}
}

// NewOS returns the OS keyring store. It does not touch the keyring; use Probe to learn whether it works.
func NewOS(opts OSOptions) *OS {
	return newOS(opts, goKeyring{}, platformPrecheck)
}

func newOS(opts OSOptions, be backend, precheck func(context.Context) error) *OS {
	if opts.Service == "" {
		opts.Service = "ccpdesk"
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	return &OS{service: opts.Service, timeout: opts.Timeout, be: be, precheck: precheck, slot: make(chan struct{}, 1),
		log: opts.Logger.With().Str("component", "secrets").Logger()}
}

func (s *OS) Get(ctx context.Context, key Key) (string, error) {
	if err := check(key, "", false); err != nil {
		return "", err
	}
	var v string
	err := s.do(ctx, "get", key, func() error {
		var err error
		v, err = s.be.Get(s.service, string(key))
		return err
	})
	if err != nil {
		return "", err
	}
	return v, nil
}

func (s *OS) Set(ctx context.Context, key Key, value string) error {
	if err := check(key, value, true); err != nil {
		return err
	}
	return s.do(ctx, "set", key, func() error { return s.be.Set(s.service, string(key), value) })
}

func (s *OS) Delete(ctx context.Context, key Key) error {
	if err := check(key, "", false); err != nil {
		return err
	}
	err := s.do(ctx, "delete", key, func() error { return s.be.Delete(s.service, string(key)) })
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// do runs fn under the deadline. The result variables fn writes are only read when fn has returned.
func (s *OS) do(ctx context.Context, op string, key Key, fn func() error) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	select {
	case s.slot <- struct{}{}:
	case <-ctx.Done():
		s.log.Warn().Str("op", op).Str("key", string(key)).Msg("keyring busy: an earlier call has not returned")
		return fmt.Errorf("keyring %s %s: %w (an earlier call has not returned)", op, key, ErrTimeout)
	}
	done := make(chan error, 1)
	go func() {
		defer func() { <-s.slot }()
		if s.precheck != nil {
			if err := s.precheck(ctx); err != nil {
				done <- err
				return
			}
		}
		done <- fn()
	}()
	select {
	case err := <-done:
		return s.mapErr(op, key, err)
	case <-ctx.Done():
		s.log.Warn().Str("op", op).Str("key", string(key)).Dur("timeout", s.timeout).Msg("keyring call timed out")
		return fmt.Errorf("keyring %s %s: %w (%v)", op, key, ErrTimeout, ctx.Err())
	}
}

func (s *OS) mapErr(op string, key Key, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return fmt.Errorf("keyring %s %s: %w", op, key, ErrNotFound)
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return fmt.Errorf("keyring %s %s: %w", op, key, ErrTooLarge)
	case errors.Is(err, ErrUnavailable), errors.Is(err, ErrTimeout):
		return fmt.Errorf("keyring %s %s: %w", op, key, err)
	default:
		s.log.Warn().Str("op", op).Str("key", string(key)).Err(err).Msg("keyring call failed")
		return fmt.Errorf("keyring %s %s: %w: %v", op, key, ErrUnavailable, err)
	}
}

// Report says whether the OS keyring is usable, and if not, why — for the UI.
type Report struct {
	Available bool   `json:"available"`
	Backend   string `json:"backend"`
	Reason    string `json:"reason,omitempty"`
}

// Probe checks the keyring without storing anything: the platform's own checks (on Linux: a session
// bus, a Secret Service on it, its default collection unlocked), then a real lookup of an item that
// does not exist, all under the store's deadline.
func (s *OS) Probe(ctx context.Context) Report {
	r := Report{Backend: backendName}
	err := s.do(ctx, "probe", "", func() error {
		if err := platformProbe(ctx); err != nil {
			return err
		}
		_, err := s.be.Get(s.service, "probe")
		return err
	})
	switch {
	case err == nil, errors.Is(err, ErrNotFound):
		r.Available = true
	case errors.Is(err, ErrTimeout):
		r.Reason = fmt.Sprintf("the keyring did not answer within %s (locked, or waiting on a prompt)", s.timeout)
	default:
		r.Reason = reasonOf(err)
	}
	if !r.Available {
		s.log.Info().Str("backend", r.Backend).Str("reason", r.Reason).Msg("keyring unavailable")
	}
	return r
}

// reasonOf strips the wrapping down to the human part after "keyring unavailable: ".
func reasonOf(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, ErrUnavailable.Error()+": "); i >= 0 {
		return msg[i+len(ErrUnavailable.Error())+2:]
	}
	return msg
}

var _ Store = (*OS)(nil)
