// Package sandbox runs ccpdesk against ccpsim, the built-in Amazon Connect emulator:
// it starts the emulator (in-process, two regions on loopback), builds the automatic
// sign-in URL, and drives the emulator's control API for the Simulator drawer (make a
// call/chat/task arrive, hang up as the customer, fail over).
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"

	"github.com/rs/zerolog"
)

// Username is the agent the sandbox signs in.
const Username = "agent1"

// Info is where the running emulator is (ccpsim.Info, decoupled from its package).
type Info struct {
	Regions    []string          // in order, the first active at start
	CCPURLs    map[string]string // region -> http://127.0.0.1:P/ccp-v2/
	SignInURLs map[string]string // region -> http://127.0.0.1:P/auth/sign-in
	Control    string            // control API base URL
	SSO        *SSO              // the test identity provider (--sandbox-sso), nil otherwise
}

// Starter starts an emulator and returns where it is and how to stop it.
type Starter func(ctx context.Context, regions []string, log zerolog.Logger) (Info, io.Closer, error)

// Sandbox is a running emulator plus its control client.
type Sandbox struct {
	log    zerolog.Logger
	info   Info
	closer io.Closer
	*Client
}

// Options configures Start.
type Options struct {
	Regions []string
	Logger  zerolog.Logger
	Start   Starter
}

// ErrNotRunning is returned by operations on a sandbox that failed to start or was closed.
var ErrNotRunning = errors.New("sandbox is not running")

// Start starts the emulator with opts.Start.
func Start(ctx context.Context, opts Options) (*Sandbox, error) {
	if opts.Start == nil {
		return nil, fmt.Errorf("start sandbox: %w", errors.New("no emulator starter"))
	}
	log := opts.Logger.With().Str("component", "sandbox").Logger()
	info, closer, err := opts.Start(ctx, opts.Regions, opts.Logger)
	if err != nil {
		return nil, fmt.Errorf("start ccpsim: %w", err)
	}
	if err := info.validate(); err != nil {
		if closer != nil {
			_ = closer.Close()
		}
		return nil, fmt.Errorf("start ccpsim: %w", err)
	}
	log.Info().Strs("regions", info.Regions).Str("ccp_url", info.CCPURLs[info.Regions[0]]).
		Str("control", info.Control).Msg("ccpsim running")
	return &Sandbox{log: log, info: info, closer: closer, Client: NewClient(info.Control, nil)}, nil
}

func (i Info) validate() error {
	if len(i.Regions) == 0 {
		return errors.New("emulator reported no regions")
	}
	for _, r := range i.Regions {
		if i.CCPURLs[r] == "" || i.SignInURLs[r] == "" {
			return fmt.Errorf("emulator reported no CCP or sign-in URL for region %s", r)
		}
	}
	if i.Control == "" {
		return errors.New("emulator reported no control URL")
	}
	return nil
}

// Info returns where the emulator is.
func (s *Sandbox) Info() Info { return s.info }

// PrimaryCCPURL is the CCP of the first region.
func (s *Sandbox) PrimaryCCPURL() string { return s.info.CCPURLs[s.info.Regions[0]] }

// SecondaryCCPURL is the CCP of the second region ("" with one region).
func (s *Sandbox) SecondaryCCPURL() string {
	if len(s.info.Regions) < 2 {
		return ""
	}
	return s.info.CCPURLs[s.info.Regions[1]]
}

// LoginURL is the primary region's sign-in page (Streams requires one for Global Resiliency).
func (s *Sandbox) LoginURL() string {
	if s.info.SSO != nil {
		return s.info.SSO.LoginURL
	}
	return s.info.SignInURLs[s.info.Regions[0]]
}

// SignInLanding is where ccpsim sends the window after signing the agent in: a page on the
// instance's own origin. WebKitGTK refuses an HTTP redirect to the app's wails:// origin
// ("Redirection to URL with a scheme that is not HTTP(S)"), so the app returns to itself
// with a reload once that page has loaded (see bridge.SignIn).
const SignInLanding = "/auth/sign-in?signed_in=1"

// SignInURL returns the top-level URL that signs Username in. When appURL is an http(s)
// page of the app (Windows' http://wails.localhost, wails dev's browser mode) ccpsim
// redirects straight back to it and direct is true; for wails:// it lands on
// SignInLanding and the caller must bring the window back (direct is false).
func (s *Sandbox) SignInURL(appURL string) (u string, direct bool, err error) {
	return SignInURL(s.info.SignInURLs[s.info.Regions[0]], appURL)
}

// SignInURL builds signIn?username=agent1&destination=… for appURL (see Sandbox.SignInURL).
func SignInURL(signIn, appURL string) (string, bool, error) {
	a, err := url.Parse(appURL)
	if err != nil || a.Host == "" {
		return "", false, fmt.Errorf("sign-in: app URL %q: %w", appURL, ErrBadDestination)
	}
	dest, direct := SignInLanding, false
	switch a.Scheme {
	case "wails":
	case "http", "https":
		dest, direct = a.Scheme+"://"+a.Host+"/", true
	default:
		return "", false, fmt.Errorf("sign-in: app URL %q: %w", appURL, ErrBadDestination)
	}
	return signIn + "?username=" + url.QueryEscape(Username) + "&destination=" + url.QueryEscape(dest), direct, nil
}

// ErrBadDestination is returned for a sign-in destination that is not the app itself.
var ErrBadDestination = errors.New("not the app's own origin")

// Close stops the emulator.
func (s *Sandbox) Close() error {
	if s == nil || s.closer == nil {
		return nil
	}
	s.log.Info().Msg("stopping ccpsim")
	if err := s.closer.Close(); err != nil {
		return fmt.Errorf("stop ccpsim: %w", err)
	}
	return nil
}
